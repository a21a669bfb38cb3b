"""Økonomi: for each municipality the account table (lines, group subtotals, areas, total) with the
variance (+ = merforbrug), and the text summarising the areas."""

from __future__ import annotations

from ...contract.categories import category
from ..context import Context
from ..document import Cell, Section, Table

TEXT = "economy"
MEASURES = ("budget", "actual", "variance")


def build(ctx: Context) -> list[Section]:
    own = [m for m in ctx.municipalities if ctx.has("economy.total", municipality=m)]
    if not own:
        return []
    return [
        Section("Økonomi").add(ctx.say(TEXT, ["intro"])),
        *(
            Section(f"{ctx.place(m)} Kommune {ctx.year}", level=2).add(*municipality_blocks(ctx, m))
            for m in own
        ),
    ]


def amounts(ctx: Context, id: str, m: str, **keys: object) -> list[Cell]:
    return [ctx.value_cell(id, "kr", municipality=m, measure=measure, **keys) for measure in MEASURES]


def municipality_blocks(ctx: Context, m: str) -> list:  # type: ignore[type-arg]
    lines = ctx.rows("economy.lines", municipality=m)
    order = ctx.line_order.get(m, {})
    areas = category("budget_area").codes
    rows: list[list[Cell]] = []
    bold: set[int] = set()
    summaries = []
    for area, spec in areas.items():
        in_area = lines[lines["area"] == area]
        if in_area.empty:
            continue
        bold.add(len(rows))
        rows.append([Cell(spec.label), Cell(""), Cell(""), Cell("")])
        accounts = in_area.drop_duplicates(["group", "account"])[["group", "account"]].to_dict("records")
        accounts.sort(key=lambda r: order.get((area, r["group"], r["account"]), len(order)))
        groups: list[str | None] = list(dict.fromkeys(r["group"] for r in accounts))
        for group in groups:
            for r in accounts:
                if r["group"] == group:
                    rows.append(
                        [
                            Cell(r["account"]),
                            *amounts(ctx, "economy.lines", m, area=area, account=r["account"]),
                        ]
                    )
            if group is not None:
                bold.add(len(rows))
                rows.append(
                    [Cell(f"{group} i alt"), *amounts(ctx, "economy.groups", m, area=area, group=group)]
                )
        bold.add(len(rows))
        rows.append([Cell(f"{spec.label} i alt"), *amounts(ctx, "economy.areas", m, area=area)])
        summaries.append(
            (
                spec.label,
                ctx.value("economy.areas", municipality=m, area=area, measure="budget"),
                ctx.value("economy.areas", municipality=m, area=area, measure="actual"),
            )
        )
    bold.add(len(rows))
    rows.append([Cell("I alt"), *amounts(ctx, "economy.total", m)])
    place = ctx.place(m)
    return [
        ctx.say(
            TEXT,
            ["areas", "total"],
            place=place,
            areas=summaries,
            budget=ctx.value("economy.total", municipality=m, measure="budget"),
            actual=ctx.value("economy.total", municipality=m, measure="actual"),
        ),
        Table(
            f"{place} Kommune {ctx.year}: budget og regnskab (kr.)",
            ["Konto", f"Budget {ctx.year}", f"Regnskab {ctx.year}", "Afvigelse"],
            rows,
            ("economy.lines", "economy.groups", "economy.areas", "economy.total"),
            totals=frozenset(bold),
            note="+ = merforbrug",
        ),
    ]
