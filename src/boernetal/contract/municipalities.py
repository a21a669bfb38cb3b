"""Danish municipalities (kommuner): official 3-digit codes and names, from ``data/municipalities.csv``."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from . import values


@cache
def municipalities() -> dict[str, str]:
    """Code -> name for the 98 municipalities."""
    text = resources.files("boernetal.contract").joinpath("data/municipalities.csv").read_text("utf-8")
    return {row["code"]: row["name"] for row in csv.DictReader(text.splitlines(), delimiter=";")}


@cache
def lookup() -> dict[str, str]:
    """Every accepted spelling (code, matching key of the name) -> code."""
    table = {code: code for code in municipalities()}
    table.update({values.name_key(name): code for code, name in municipalities().items()})
    return table


def resolve(value: str | int) -> str | None:
    """The code for a code or a name (``'Vallensbæk'``, ``'vallensbaek kommune'``), or None."""
    text = str(value).strip()
    key = text.zfill(3) if text.isdigit() else values.name_key(text)
    return lookup().get(key)


def name(code: str) -> str:
    return municipalities()[code]
