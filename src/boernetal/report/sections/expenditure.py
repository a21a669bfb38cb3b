"""Udgifter pr. 1.000 indbyggere: the municipalities' spending per area against their peer group."""

from __future__ import annotations

import pandas as pd

from ...contract.categories import category
from .. import charts
from ..context import Context
from ..document import Cell, Figure, Section, Table

TEXT = "expenditure"
ID = "expenditure.per_1000"


def build(ctx: Context) -> list[Section]:
    years = [y for y in ctx.years(ID) if y <= ctx.year]
    if not years:
        return []
    year = years[-1]  # the seed's 2013 report compares 2012, the latest published year
    frame = ctx.rows(ID, year, municipality=None)
    peers = sorted(m for m in frame["municipality"].unique() if str(m).startswith("peer:"))
    own = [m for m in ctx.municipalities if m in set(frame["municipality"])]
    if not own:
        return []
    peer = peers[0] if peers else None
    areas = category("expenditure_area").codes
    columns = [*own, *([peer] if peer else [])]

    def name(m: str) -> str:
        return f"Gennemsnit, {m.removeprefix('peer:')}" if m.startswith("peer:") else ctx.place(m)

    present = [a for a in areas if not frame[frame["area"] == a].empty]
    rows = [
        [
            Cell(areas[a].label),
            *(ctx.value_cell(ID, "kr", year=year, municipality=m, area=a) for m in columns),
        ]
        for a in present
    ]
    data = pd.DataFrame(
        [
            {
                "Område": areas[a].label,
                "Kommune": name(m),
                "Kr. pr. 1.000 indbyggere": ctx.value(ID, year, m, area=a),
            }
            for a in present
            for m in columns
        ]
    )
    section = Section("Udgifter pr. 1.000 indbyggere").add(
        ctx.say(TEXT, ["intro"], data_year=year, peer=peer.removeprefix("peer:") if peer else None)
    )
    for a in present:
        section.add(
            ctx.say(
                TEXT,
                ["area"],
                area=areas[a].label,
                peer_value=ctx.value(ID, year, peer, area=a) if peer else None,
                values={ctx.place(m): ctx.value(ID, year, m, area=a) for m in own},
                data_year=year,
            )
        )
    section.add(
        Table(f"Udgifter pr. 1.000 indbyggere, {year} (kr.)", ["Område", *map(name, columns)], rows, (ID,)),
        Figure(
            f"Udgifter pr. 1.000 indbyggere, {year}",
            charts.horizontal_bars(
                data, "Område", "Kr. pr. 1.000 indbyggere", "Kommune", value_format=charts.AMOUNT
            ),
            data,
            "Vandrette søjler med udgifterne pr. 1.000 indbyggere for hvert område, "
            "pr. kommune og for gennemsnittet.",
            (ID,),
        ),
    )
    return [section]
