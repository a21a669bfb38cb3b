"""The school health service's programmes (Tidlig opsporing, Tip Tab Tynde …), one part each in
the Sundhedsprofil chapter, named as the service names them. A programme whose offers were turned
down is told by its offers (offered, said no, took part, referred on, with the referrals' table);
one whose courses run over the years by its courses (enrolled, started, continuing, ended, BMI)."""

from __future__ import annotations

from ..context import Context
from ..document import Cell, Section, Table
from .common import part

TEXT = "school_health"


def build(ctx: Context, where: str) -> list[Section]:
    names = ctx.breakdown("programmes.offered", "programme", municipality=where)
    names |= ctx.breakdown("programmes.enrolled", "programme", municipality=where)
    return [told(ctx, where, str(name)) for name in sorted(names, key=str)]


def told(ctx: Context, where: str, name: str) -> Section:
    def n(id: str) -> float | None:
        return ctx.count(id, municipality=where, programme=name)

    section = part(name)
    said_no, continuing = n("programmes.declined"), n("programmes.continuing")
    if said_no:
        section.add(
            ctx.say(
                TEXT,
                ["programme_offers"],
                name=name,
                offered=n("programmes.offered"),
                declined=said_no,
                participated=n("programmes.participated"),
                referred=n("programmes.referred"),
            ),
            Table(
                f"{name}: resultater",
                ["", str(ctx.year)],
                [
                    [Cell(label), ctx.value_cell(id, municipality=where, programme=name)]
                    for id, label in (
                        ("programmes.offered", f"Fået tilbud om {name}"),
                        ("programmes.declined", "Takket nej / udeblevet"),
                        ("programmes.participated", "Deltaget / deltager"),
                        ("programmes.referred", "Henvist til andet"),
                    )
                ],
                (
                    "programmes.offered",
                    "programmes.declined",
                    "programmes.participated",
                    "programmes.referred",
                ),
            ),
        )
        section.add(referrals(ctx, where, name))
    if continuing or not said_no:
        section.add(
            ctx.say(
                TEXT,
                ["programme_courses"],
                name=name,
                enrolled=n("programmes.enrolled"),
                started=n("programmes.started"),
                continuing=continuing,
                continuing_ended=n("programmes.continuing_ended"),
                referred=n("programmes.referred") if not said_no else None,
                reduced=ctx.value("programmes.bmi_reduced_share", municipality=where, programme=name),
            )
        )
    return section


def referrals(ctx: Context, where: str, name: str) -> Table | None:
    """Where the programme's children were referred on, most first, with the total."""
    found = ctx.rows("programmes.referred_to", municipality=where)
    found = found[found.programme == name].sort_values("value", ascending=False, kind="stable")
    if found.empty:
        return None
    rows = [
        [Cell(str(row["referred_to"])), ctx.cell(float(row["value"]), hidden=bool(row["suppressed"]))]
        for row in found.to_dict("records")
    ]
    rows.append([Cell("I alt"), ctx.value_cell("programmes.referred", municipality=where, programme=name)])
    return Table(
        f"{name}: henvisninger",
        ["Henvist til", "Børn"],
        rows,
        ("programmes.referred_to",),
        totals=frozenset({len(rows) - 1}),
    )
