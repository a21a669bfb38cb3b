"""A record kind of the data contract: its columns, key, checks and warehouse table."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .checks import Check
from .columns import Column, Cpr, Derived


@dataclass(frozen=True)
class RecordKind:
    """One kind of input file (``notifications`` — underretninger, …) and its warehouse table.

    ``key`` names the stored columns that identify a record (its id, or a natural key);
    ``period`` the date or year column that places a record in time (for status and coverage),
    and ``period_end`` for records that last (the inclusive end date; empty = still open).
    ``years_back``: how many years before the report year its figures are computed for (school
    health shows six school years; most kinds the two before).
    ``ordered``: the rows' order in the file means something (budget lines: the account table
    lists them as the source does), so they are stored in it; sorting costs a large file time.
    """

    name: str
    danish: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    period: str
    checks: tuple[Check, ...] = ()
    period_end: str | None = None
    ordered: bool = False
    years_back: int = 2

    @property
    def table(self) -> str:
        return self.name

    def names_file(self, path: Path) -> bool:
        """A file is of this kind when it is named as it, in English or in Danish:
        notifications.csv, underretninger.xlsx, "Børnefaglige undersøgelser.csv"."""

        def plain(name: str) -> str:
            return re.sub(r"[\s_-]+", " ", name.casefold()).strip()

        names = (plain(self.name), plain(self.danish))
        return path.suffix.lower() in (".csv", ".xlsx") and plain(path.stem) in names

    @property
    def yearly(self) -> bool:
        """Placed in time by a year (population, budget; a school year by the year it ends in),
        not by a date."""
        return self.period == "year"

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def input_columns(self) -> tuple[Column, ...]:
        """Columns read from the file (not derived)."""
        return tuple(c for c in self.columns if not isinstance(c, Derived))

    @property
    def cpr_columns(self) -> tuple[Cpr, ...]:
        """The columns that hold CPR numbers (pseudonymised before anything is stored)."""
        return tuple(c for c in self.input_columns if isinstance(c, Cpr))

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.input_columns if c.required)

    def stores(self, column: str) -> bool:
        """The warehouse table has ``column`` (``team``: records an adviser's team can narrow)."""
        return any(name == column for name, _ in self.stored())

    def stored(self) -> list[tuple[str, str]]:
        """The warehouse table's record columns (without bookkeeping)."""
        out: list[tuple[str, str]] = []
        for col in self.columns:
            out += col.stored()
        return out
