"""Helpers the chapters share: a part (level-2 section), the municipalities' names, a table of
one indicator over the years per municipality."""

from __future__ import annotations

from ..context import ALL, Context
from ..document import Cell, Section, Table


def part(title: str) -> Section:
    return Section(title, level=2)


def with_records(ctx: Context, *ids: str) -> list[str]:
    """The workspace's municipalities with rows of any of ``ids`` in the years shown: whom a
    chapter about one service speaks of (the seed's health visitors serve Ishøj only)."""
    return [m for m in ctx.municipalities if any(ctx.has(id, y, m) for id in ids for y in ctx.years(id))]


def names(ctx: Context) -> dict[str, str]:
    return {m: ctx.place(m) for m in ctx.municipalities}


def year_table(ctx: Context, title: str, id: str, **keys: object) -> Table:
    """Rows: the scopes (I alt, each municipality); columns: the years."""
    years = ctx.years(id)
    rows = [
        [Cell(ctx.place(m))] + [ctx.value_cell(id, year=y, municipality=m, **keys) for y in years]
        for m in (*ctx.municipalities, ALL)
        if len(ctx.municipalities) > 1 or m == ALL
    ]
    return Table(title, ["", *map(str, years)], rows, (id,), totals=frozenset({len(rows) - 1}))
