"""Udgifter pr. 1.000 indbyggere: the municipalities' spending per area against their peer group,
then (from Statistics Denmark's figures for every municipality) notifications, children with
preventive measures and placed children per 1,000 0–17-year-olds, and spending per
0–17-year-old, next to the peer groups' averages and the whole country."""

from __future__ import annotations

import pandas as pd

from ...contract.categories import category
from ...contract.municipalities import COUNTRY, COUNTRY_NAME
from .. import charts
from ..context import Context
from ..document import Cell, Figure, Section, Table
from .common import part

TEXT = "expenditure"
ID = "expenditure.per_1000"


TITLE = "Udgifter pr. 1.000 indbyggere"
RATE, SPENDING = "comparison.per_1000_children", "comparison.spending_per_child"


def build(ctx: Context) -> list[Section]:
    spent = spending(ctx)
    compared = comparison(ctx)
    if not spent and not compared:
        return []
    chapter = spent[0] if spent else Section(TITLE)
    return [chapter, *spent[1:], *compared]


def peer_name(m: str) -> str:
    return f"Gennemsnit, {m.removeprefix('peer:')}" if m.startswith("peer:") else m


def spending(ctx: Context) -> list[Section]:
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
        return peer_name(m) if m.startswith("peer:") else ctx.place(m)

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
    section = Section(TITLE).add(
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


def comparison(ctx: Context) -> list[Section]:
    """The own municipalities next to the peer groups and the country, in the latest year with
    Statistics Denmark's figures (a table, and a sentence per figure)."""
    years = [y for y in ctx.years(RATE) if y <= ctx.year]
    if not years:
        return []
    year = years[-1]
    frame = ctx.rows(RATE, year, municipality=None)
    places = set(frame["municipality"])
    own = [m for m in ctx.municipalities if m in places]
    if not own:
        return []
    peers = sorted(m for m in places if str(m).startswith("peer:"))
    country = [COUNTRY] if COUNTRY in places else []
    columns = [*own, *peers, *country]
    headings = [ctx.place(m) if m in own else peer_name(m) if m in peers else COUNTRY_NAME for m in columns]
    statistics = category("statistic").codes
    present = [code for code in statistics if not frame[frame["statistic"] == code].empty]
    rows = [
        [
            Cell(f"{statistics[code].label} pr. 1.000 0–17-årige"),
            *(ctx.value_cell(RATE, "number", year=year, municipality=m, statistic=code) for m in columns),
        ]
        for code in present
    ]
    spending_year = [y for y in ctx.years(SPENDING) if y <= ctx.year]
    if spending_year:
        rows.append(
            [
                Cell(f"Nettodriftsudgifter pr. 0–17-årig, {spending_year[-1]} (kr.)"),
                *(ctx.value_cell(SPENDING, "count", year=spending_year[-1], municipality=m) for m in columns),
            ]
        )
    said = [
        ctx.say(
            TEXT,
            ["compared"],
            what=statistics[code].label.lower(),
            values={ctx.place(m): ctx.value(RATE, year, m, statistic=code) for m in own},
            peer=peers[0].removeprefix("peer:") if peers else None,
            peer_value=ctx.value(RATE, year, peers[0], statistic=code) if peers else None,
            country=ctx.value(RATE, year, COUNTRY, statistic=code) if country else None,
            data_year=year,
        )
        for code in present
    ]
    return [
        part("Sammenlignet med andre kommuner og hele landet").add(
            ctx.say(TEXT, ["compared_intro"], data_year=year),
            *said,
            Table(f"Sammenligning pr. 1.000 0–17-årige, {year}", ["", *headings], rows, (RATE, SPENDING)),
        )
    ]
