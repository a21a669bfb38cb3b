"""Anbringelsesstatistik: children placed over three years, new placements, placement types,
aftercare and forced placements — for all together and for each municipality."""

from __future__ import annotations

import pandas as pd

from ...contract.categories import category
from .. import charts
from ..context import ALL, Context, distribution
from ..document import Cell, Figure, Section, Table

TEXT = "placements"
#: age bands for new placements (age on the start date), like the seed's "8 til 11 år"
AGE_BANDS = (
    (0, 5, "0–5 år"),
    (6, 11, "6–11 år"),
    (12, 14, "12–14 år"),
    (15, 17, "15–17 år"),
    (18, 99, "18 år og derover"),
)


def build(ctx: Context) -> list[Section]:
    if not ctx.has("placements.children"):
        return []
    sections = [Section("Anbringelsesstatistik").add(*scope_blocks(ctx, ALL), *new_placements(ctx))]
    if len(ctx.municipalities) > 1:
        for m in ctx.municipalities:
            if ctx.has("placements.children", municipality=m):
                sections.append(
                    Section(f"Anbringelser af børn i {ctx.place(m)} Kommune", level=2).add(
                        *scope_blocks(ctx, m)
                    )
                )
    return sections


def scope_blocks(ctx: Context, m: str) -> list:  # type: ignore[type-arg]
    y, p = ctx.year, ctx.year - 1
    years = ctx.years("placements.children")
    children = {year: ctx.value("placements.children", year, m) for year in years}
    place = None if m == ALL else ctx.place(m)
    data = pd.DataFrame({"År": [str(year) for year in years], "Antal": list(children.values())})
    groups = category("placement_type").groups
    series = {str(year): (year, m) for year in (p, y) if ctx.has("placements.children_by_group", year, m)}
    shares = distribution(
        ctx,
        "placements.children_by_group",
        "placement_group",
        "placements.children_by_group_share",
        series,
        "Anbringelsesform",
        groups,
        list(groups),
    )
    shares = shares[shares.groupby("Anbringelsesform")["Antal"].transform(lambda s: s.fillna(1).sum()) > 0]
    by_group = ctx.breakdown("placements.children_by_group_share", "placement_group", y, m)
    before = ctx.breakdown("placements.children_by_group_share", "placement_group", p, m)
    ranked = [(g, v, before.get(g, 0.0 if before else None)) for g, v in by_group.items() if v is not None]
    aftercare = {k: ctx.count("placements.aftercare", y, m, kind=k) for k in ("placed", "contact_person")}
    caption_place = "i alt" if m == ALL else f"i {place}"
    return [
        ctx.say(
            TEXT,
            ["children_trend", "children_change"],
            place=place,
            children=children,
            first=years[0],
            now=children.get(y),
            oldest=children[years[0]],
        ),
        Figure(
            f"Anbragte børn pr. år, {caption_place}",
            charts.bars(data, "År", "Antal", y_title="Anbragte børn"),
            data,
            "Søjler med antal anbragte børn pr. år: "
            + ", ".join(f"{year}: {'skjult' if v is None else int(v)}" for year, v in children.items()),
            ("placements.children",),
            counts="Antal",
        ),
        ctx.say(TEXT, ["types", "type_changes"], place=place, children=children.get(y), ranked=ranked),
        Figure(
            f"Anbragte børn fordelt på anbringelsesform, {caption_place} (%)",
            charts.horizontal_bars(
                shares, "Anbringelsesform", "Andel (%)", "Serie", value_title="Andel af de anbragte børn (%)"
            ),
            shares,
            "Vandrette søjler med andelen af anbragte børn i hver anbringelsesform, pr. år.",
            ("placements.children_by_group", "placements.children"),
            counts="Antal",
        ),
        group_table(ctx, m),
        ctx.say(
            TEXT,
            ["aftercare", "aftercare_split"],
            place=place,
            placed=aftercare["placed"],
            contact=aftercare["contact_person"],
            total=None if None in aftercare.values() else sum(aftercare.values()),  # type: ignore[arg-type]
            children=children.get(y),
        )
        if ctx.has("placements.children", y, m)
        else None,
        ctx.say(
            TEXT,
            ["forced"],
            place=place,
            forced=ctx.count("placements.forced", y, m),
            share=ctx.value("placements.forced_share", y, m),
            children=children.get(y),
        ),
    ]


def group_table(ctx: Context, m: str) -> Table:
    years = ctx.years("placements.children_by_group")
    groups = category("placement_type").groups
    rows = [
        [
            Cell(name),
            *(
                ctx.value_cell("placements.children_by_group", year=y, municipality=m, placement_group=g)
                for y in years
            ),
        ]
        for g, name in groups.items()
        if any(ctx.count("placements.children_by_group", y, m, placement_group=g) != 0 for y in years)
    ]
    rows.append(
        [Cell("I alt"), *(ctx.value_cell("placements.children", year=y, municipality=m) for y in years)]
    )
    where = "" if m == ALL else f", {ctx.place(m)}"
    return Table(
        f"Anbragte børn efter anbringelsesform{where}",
        ["Anbringelsesform", *map(str, years)],
        rows,
        ("placements.children_by_group", "placements.children"),
        totals=frozenset({len(rows) - 1}),
    )


def new_placements(ctx: Context) -> list:  # type: ignore[type-arg]
    y = ctx.year
    new = ctx.count("placements.new", y)
    if new is None and not ctx.has("placements.new", y):
        return []
    ages = ctx.breakdown("placements.new_by_age", "age", y)
    bands = []
    for low, high, name in AGE_BANDS:
        inside = [v for a, v in ages.items() if low <= int(a) <= high]
        bands.append((name, None if None in inside else sum(inside)))  # type: ignore[arg-type]
    rows = [[Cell(name), ctx.cell(n, hidden=n is None)] for name, n in bands if n != 0]
    older = [n for (low, _, _), (_, n) in zip(AGE_BANDS, bands, strict=True) if low >= 12]
    return [
        ctx.say(
            TEXT,
            ["new", "new_older"],
            new=new,
            older=None if None in older else sum(older),  # type: ignore[arg-type]
        ),
        Table(
            f"Nye anbringelser i {y} efter alder ved anbringelsen",
            ["Alder", "Nye anbringelser"],
            rows,
            ("placements.new_by_age",),
        ),
    ]
