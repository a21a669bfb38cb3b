"""Tilbud til familier: the family services' own offers (the seed's Ishøjgård and
Familieværkstedet: respite care, open counselling, advice, family treatment, Tolmiea, the home
team, family group conferences), as families (children for respite care) per offer and year."""

from __future__ import annotations

from ...contract.categories import category
from ..context import ALL, Context
from ..document import Cell, Section, Table
from .common import part

TEXT = "services"
FAMILIES = "services.families"
#: the offers of the family workshop (Familieværkstedet), said together
WORKSHOP = ("open_counselling", "advice", "family_treatment")


def build(ctx: Context) -> list[Section]:
    years = ctx.years(FAMILIES)[-3:]
    offered = {code for y in years for code in ctx.breakdown(FAMILIES, "service", y)}
    if not offered:
        return []
    y, p = ctx.year, ctx.year - 1
    labels = category("service").codes
    order = [code for code in labels if code in offered]

    def families(code: str, year: int = y, municipality: str = ALL) -> float | None:
        return ctx.count(FAMILIES, year, municipality, service=code)

    chapter = Section("Tilbud til familier").add(
        ctx.say(TEXT, ["about"]),
        Table(
            "Familier i forløb efter tilbud pr. år",
            ["Tilbud", *map(str, years)],
            [
                [Cell(labels[code].label), *(ctx.value_cell(FAMILIES, year=yr, service=code) for yr in years)]
                for code in order
            ],
            (FAMILIES,),
            note="Aflastning: familier med børn i aflastning",
        ),
    )
    parts = [chapter]
    if "respite_care" in offered:
        children = {yr: ctx.count("services.children", yr, service="respite_care") for yr in (p, y)}
        parts.append(part("Aflastning").add(ctx.say(TEXT, ["respite"], now=children[y], before=children[p])))
    if offered & set(WORKSHOP):
        # the figures of the municipality with the most families; the others said after them
        places = sorted(
            ctx.municipalities, key=lambda m: -sum(families(c, municipality=m) or 0 for c in WORKSHOP)
        )
        main, others = places[0], places[1:]
        parts.append(
            part("Familieværkstedet").add(
                ctx.say(
                    TEXT,
                    ["workshop", "workshop_others", "workshop_change"],
                    now={c: families(c, municipality=main) for c in WORKSHOP},
                    before={c: families(c, p, main) for c in WORKSHOP},
                    others={
                        ctx.place(m): sum(families(c, municipality=m) or 0 for c in WORKSHOP) for m in others
                    },
                )
            )
        )
    if "tolmiea" in offered:
        parts.append(
            part("Tolmiea").add(
                ctx.say(
                    TEXT,
                    ["tolmiea"],
                    now=families("tolmiea"),
                    before=families("tolmiea", p),
                    new=ctx.count("services.families_new", service="tolmiea"),
                    ended=ctx.count("services.families_ended", service="tolmiea"),
                    active=ctx.count("services.families_active_end", service="tolmiea"),
                    active_children=ctx.count("services.children_active_end", service="tolmiea"),
                )
            )
        )
    if "home_team" in offered:
        parts.append(
            part("Hjemmeteam").add(
                ctx.say(TEXT, ["home_team"], now=families("home_team"), before=families("home_team", p))
            )
        )
    if "family_group_conference" in offered:
        parts.append(
            part("Familierådslagning").add(
                ctx.say(
                    TEXT,
                    ["conferences"],
                    now=families("family_group_conference"),
                    before=families("family_group_conference", p),
                )
            )
        )
    return parts
