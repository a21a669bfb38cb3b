"""A file's header read as the contract's columns — kolonneoverskrifter: the contract's own names,
their Danish headings and the other names case systems use (data/column_aliases.toml), matched
without regard to case, spaces, hyphens and full stops; and for a header that is none of them, the
column it most resembles ("mente du 'received'?")."""

from __future__ import annotations

import difflib
import re
import tomllib
from functools import cache
from importlib import resources

from .columns import column_names
from .kind import RecordKind

_IGNORED = re.compile(r"[\s\-_.]+")


def normalised(header: str) -> str:
    """'CPR-nr.' -> 'cprnr': how headers are compared."""
    return _IGNORED.sub("", header.strip().lower())


@cache
def _aliases() -> dict[str, list[str]]:
    text = resources.files("boernetal.contract").joinpath("data/column_aliases.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def names(kind: RecordKind) -> dict[str, str]:
    """Every accepted header of ``kind`` (normalised) -> the contract column it names."""
    found: dict[str, str] = {}
    for column in kind.input_columns:
        spellings = [column.name, *_aliases().get(column.name, [])]
        if column.name in column_names():
            spellings.append(column_names()[column.name])
        for spelling in spellings:
            found.setdefault(normalised(spelling), column.name)
    return found


def column_for(header: str, kind: RecordKind) -> str | None:
    """The contract column ``header`` names in a ``kind`` file, if any."""
    return names(kind).get(normalised(header))


def resembling(header: str, kind: RecordKind, among: set[str] | None = None) -> str | None:
    """The contract column (of ``among``, else any of ``kind``'s) whose name or Danish names are
    spelt most like ``header`` (a typing error, a word left out), if one is close."""
    key = normalised(header)
    if not key:
        return None
    candidates = {n: c for n, c in names(kind).items() if among is None or c in among}
    close = difflib.get_close_matches(key, list(candidates), n=1, cutoff=0.75)
    return candidates[close[0]] if close else None
