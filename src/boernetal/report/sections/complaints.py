"""Afgørelser i klagesystemet: the instance × outcome table, the share upheld, own-initiative decisions."""

from __future__ import annotations

from ...contract.categories import category
from ..context import Context
from ..document import Cell, Section, Table

TEXT = "complaints"
ID = "complaints.by_instance_outcome"


def total(values: list[float | None]) -> float | None:
    """A sum shown only when every part is shown (a total must not reveal a hidden cell)."""
    return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]


def build(ctx: Context) -> list[Section]:
    frame = ctx.rows(ID)
    if frame.empty and not ctx.has("complaints.own_initiative"):
        return []
    instances = [c for c in category("instance").codes if c in set(frame["instance"])]
    outcomes = list(category("outcome").codes)
    cells = {(i, o): ctx.count(ID, instance=i, outcome=o) for i in instances for o in outcomes}
    rows = []
    for i in instances:
        values = [cells[(i, o)] for o in outcomes]
        rows.append(
            [
                Cell(category("instance").codes[i].label),
                *(ctx.cell(v, hidden=v is None) for v in values),
                ctx.cell(total(values), hidden=total(values) is None),
            ]
        )
    column_totals = [total([cells[(i, o)] for i in instances]) for o in outcomes]
    grand = total(list(cells.values()))
    rows.append(
        [
            Cell("I alt"),
            *(ctx.cell(v, hidden=v is None) for v in column_totals),
            ctx.cell(grand, hidden=grand is None),
        ]
    )
    outcome_totals = dict(zip(outcomes, column_totals, strict=True))
    return [
        Section("Afgørelser i klagesystemet").add(
            ctx.say(
                TEXT,
                ["decisions", "outcomes"],
                total=grand,
                upheld=outcome_totals["upheld"],
                share=ctx.value("complaints.upheld_share"),
                others={o: v for o, v in outcome_totals.items() if o != "upheld" and v},
            ),
            Table(
                f"Klageafgørelser modtaget i {ctx.year} efter instans og afgørelse",
                ["Instans", *(category("outcome").codes[o].label for o in outcomes), "I alt"],
                rows,
                (ID, "complaints.upheld_share"),
                totals=frozenset({len(rows) - 1}),
            ),
            ctx.say(TEXT, ["own_initiative"], own=ctx.count("complaints.own_initiative")),
        )
    ]
