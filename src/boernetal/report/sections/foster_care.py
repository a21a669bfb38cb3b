"""Familieplejens opgaver: the foster care team's year — the share of placed children in a foster
family (from the placements), the foster families approved, stopped and active by kind, and the
supervision groups for foster families. Shown when the workspace has foster families or such
groups; scoped, like Sundhedsplejen, to the municipalities that have them."""

from __future__ import annotations

from ...contract.categories import category
from ..context import ALL, Context
from ..document import Cell, Section, Table
from .common import part

TEXT = "foster_care"
SUPERVISION = "foster_supervision"


def served(ctx: Context) -> list[str]:
    def has(m: str) -> bool:
        return any(ctx.has("foster.active_end", y, m) for y in ctx.years("foster.active_end")) or bool(
            ctx.value("groups.groups", municipality=m, group_type=SUPERVISION)
        )

    return [m for m in ctx.municipalities if has(m)]


def build(ctx: Context) -> list[Section]:
    places = served(ctx)
    if not places:
        return []
    where = places[0] if len(places) == 1 else ALL
    share = "placements.children_by_group_share"
    chapter = Section("Familieplejens opgaver").add(
        ctx.say(
            TEXT,
            ["about", "foster_share"],
            now=ctx.value(share, municipality=ALL, placement_group="foster_family"),
            before=ctx.value(share, ctx.year - 1, ALL, placement_group="foster_family"),
        )
    )
    return [chapter, *families(ctx, where, places), *supervision(ctx, where)]


def families(ctx: Context, where: str, places: list[str]) -> list[Section]:
    years = ctx.years("foster.active_end")[-3:]
    if not years:
        return []
    kinds = [
        code
        for code in category("foster_family_type").codes
        if any(ctx.value("foster.active_end", y, where, family_type=code) for y in years)
    ]

    def total(id: str, year: int | None = None) -> float | None:
        values = [
            ctx.count(id, year, where, family_type=code) for code in category("foster_family_type").codes
        ]
        return None if any(v is None for v in values) else sum(v for v in values if v)

    rows = [
        [
            Cell(category("foster_family_type").codes[code].label),
            *(
                ctx.value_cell("foster.active_end", year=y, municipality=where, family_type=code)
                for y in years
            ),
        ]
        for code in kinds
    ]
    rows.append([Cell("I alt"), *(ctx.cell(total("foster.active_end", y)) for y in years)])
    return [
        part("Plejefamilier").add(
            ctx.say(
                TEXT,
                ["families"],
                place=ctx.place(places[0]) if len(places) == 1 and len(ctx.municipalities) > 1 else None,
                active=total("foster.active_end"),
                municipal=ctx.count("foster.active_end", municipality=where, family_type="municipal"),
                approved=total("foster.approved"),
                ended=total("foster.ended"),
            ),
            Table(
                "Godkendte plejefamilier den 31. december",
                ["", *map(str, years)],
                rows,
                ("foster.active_end",),
                totals=frozenset({len(rows) - 1}),
            ),
        )
    ]


def supervision(ctx: Context, where: str) -> list[Section]:
    groups = ctx.value("groups.groups", municipality=where, group_type=SUPERVISION)
    if not groups:
        return []
    sessions = ctx.value("groups.sessions", municipality=where, group_type=SUPERVISION)
    return [
        part("Supervision og uddannelse").add(
            ctx.say(
                TEXT,
                ["supervision"],
                groups=groups,
                participants=ctx.value("groups.participants", municipality=where, group_type=SUPERVISION),
                meetings=None if sessions is None else sessions / groups,
            )
        )
    ]
