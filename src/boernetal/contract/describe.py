"""The data contract described for a person — kontrakten: each kind's columns with their Danish
headings, types, whether they are required and the codes they take, as ``boernetal kontrakt``
prints them and ``boernetal skabelon`` writes them into an empty template."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ..errors import BoernetalError
from . import KINDS, RecordKind
from .categories import Category as Codes
from .categories import category
from .columns import (
    Amount,
    Bool,
    Category,
    Column,
    Cpr,
    Date,
    DateTime,
    Id,
    Integer,
    Municipality,
    SchoolYear,
    Text,
    column_names,
)

#: a column's type as a person says it, most specific first
TYPE_NAMES: tuple[tuple[type[Column], str], ...] = (
    (Id, "id (tekst)"),
    (Cpr, "CPR-nummer"),
    (Municipality, "kommune (kode eller navn)"),
    (DateTime, "dato, evt. med klokkeslæt"),
    (Date, "dato"),
    (SchoolYear, "skoleår (2012/13)"),
    (Bool, "ja/nej"),
    (Integer, "heltal"),
    (Amount, "tal"),
    (Category, "kode"),
    (Text, "tekst"),
)


@dataclass(frozen=True)
class ColumnDescription:
    name: str
    heading: str
    type: str
    required: bool
    codes: Codes | None  # the codes of a category column


def described(kind: RecordKind) -> list[ColumnDescription]:
    """The columns a ``kind`` file has, in the contract's order."""
    return [
        ColumnDescription(
            column.name,
            column_names().get(column.name, column.name),
            next(name for cls, name in TYPE_NAMES if isinstance(column, cls)),
            column.required,
            category(column.category) if isinstance(column, Category) else None,
        )
        for column in kind.input_columns
    ]


def kind_named(text: str) -> RecordKind:
    """The kind a person names, by the contract's name or its Danish one ('underretninger')."""
    said = text.strip().lower()
    for kind in KINDS.values():
        if said in (kind.name, kind.danish.lower()):
            return kind
    names = [*KINDS, *(kind.danish for kind in KINDS.values())]
    close = difflib.get_close_matches(said, names, n=1, cutoff=0.6)
    meant = next((k.name for k in KINDS.values() if close and close[0] in (k.name, k.danish)), None)
    raise BoernetalError(
        f"Datakontrakten har ingen type, der hedder '{text}'." + (f" Mente du '{meant}'?" if meant else ""),
        f"Typerne er: {', '.join(KINDS)}. Se dem alle med 'boernetal kontrakt'.",
    )
