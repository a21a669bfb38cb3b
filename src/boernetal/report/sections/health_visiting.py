"""Sundhedsplejen: births in the families the health visitors serve (premature births, young
mothers, readmissions) and the children they visited (need visits, "lighed i sundhed"), over the
years. The chapter speaks of the municipalities that have such records (the seed's health
visitors serve Ishøj only), and says so."""

from __future__ import annotations

from ...contract.categories import category
from ..context import ALL, Context
from ..document import Cell, Section, Table
from .common import part, with_records

TEXT = "health_visiting"
#: (count, share, the table's row label)
MEASURES = (
    ("births.total", None, "Fødsler"),
    ("births.premature", "births.premature_share", "For tidligt fødte (uge 25–36)"),
    ("births.young_mothers", "births.young_mothers_share", "Mødre på 17–23 år"),
    ("births.readmitted", "births.readmitted_share", "Genindlagt inden for 28 dage"),
)


#: (indicator, unit, the table's row label) of the children visited
VISITED = (
    ("health_visits.children", "count", "Børn besøgt af sundhedsplejen"),
    ("health_visits.children_need", "count", "Børn med behovsbesøg"),
    ("health_visits.children_need_share", "percent", "Børn med behovsbesøg, andel"),
    ("health_visits.children_equality", "count", "Børn med besøg ’Lighed i sundhed’"),
    ("health_visits.children_equality_share", "percent", "Børn med besøg ’Lighed i sundhed’, andel"),
)


#: the indicators whose records say a municipality has health visitors
SERVED_BY = ("births.total", "health_visits.children", "pregnancy.referrals")


def served(ctx: Context) -> list[str]:
    """The workspace's municipalities with births, health visits or pregnancy referrals."""
    return with_records(ctx, *SERVED_BY)


def build(ctx: Context) -> list[Section]:
    places = served(ctx)
    if not places:
        return []
    # one municipality served: its own figures; several: all of them together
    where = places[0] if len(places) == 1 else ALL
    place = ctx.place(places[0]) if len(places) == 1 else None
    scope = {"places": [ctx.place(m) for m in places], "only_some": len(places) < len(ctx.municipalities)}
    chapter = Section("Sundhedsplejen").add(ctx.say(TEXT, ["about", "scope"], **scope))
    return [
        chapter,
        *births(ctx, where, place),
        *pregnant(ctx, where),
        *visited(ctx, where, place),
        *screened(ctx, where),
        *held(ctx, where),
    ]


def births(ctx: Context, where: str, place: str | None) -> list[Section]:
    years = ctx.years("births.total")[-3:]
    if not years:
        return []
    figures = {
        id: {y: ctx.count(id, y, where) for y in years} for measure in MEASURES for id in measure[:2] if id
    }
    rows = [
        [Cell(label), *(ctx.value_cell(count, year=y, municipality=where) for y in years)]
        for count, _, label in MEASURES
    ]
    shares = [
        [
            Cell(f"{label}, andel"),
            *(ctx.value_cell(share, "percent", year=y, municipality=where) for y in years),
        ]
        for _, share, label in MEASURES
        if share
    ]
    counts = part("Antal fødsler").add(
        ctx.say(TEXT, ["births"], years=years, births=figures["births.total"], place=place),
        Table(
            f"Fødsler{' i ' + place if place else ''} pr. år",
            ["", *map(str, years)],
            [*rows, *shares],
            tuple(id for measure in MEASURES for id in measure[:2] if id),
        ),
    )
    groups = part("For tidligt fødte og unge mødre").add(
        ctx.say(
            TEXT,
            ["premature", "young_mothers", "readmitted"],
            years=years[-2:],
            premature=figures["births.premature"],
            premature_share=figures["births.premature_share"],
            young=figures["births.young_mothers"],
            young_share=figures["births.young_mothers_share"],
            readmitted=figures["births.readmitted"][years[-1]],
            readmitted_share=figures["births.readmitted_share"][years[-1]],
        )
    )
    return [counts, groups]


def pregnant(ctx: Context, where: str) -> list[Section]:
    """Referrals of pregnant women, and the share about women with particular difficulties."""
    years = ctx.years("pregnancy.referrals")[-3:]
    if ctx.year not in years:
        return []
    return [
        part("Graviditetsbesøg").add(
            ctx.say(
                TEXT,
                ["pregnancy_about", "pregnancy"],
                referrals=ctx.count("pregnancy.referrals", municipality=where),
                special=ctx.count("pregnancy.referrals_special", municipality=where),
                shares={y: ctx.value("pregnancy.referrals_special_share", y, where) for y in years},
            )
        )
    ]


def visited(ctx: Context, where: str, place: str | None) -> list[Section]:
    years = ctx.years("health_visits.children")[-3:]
    if not years:
        return []
    rows = [
        [Cell(label), *(ctx.value_cell(id, unit, year=y, municipality=where) for y in years)]
        for id, unit, label in VISITED
    ]
    return [
        part("Behovsbesøg og lighed i sundhed").add(
            ctx.say(TEXT, ["need_about"]),
            ctx.say(
                TEXT,
                ["visited"],
                children=ctx.value("health_visits.children", years[-1], where),
                need=ctx.value("health_visits.children_need_share", years[-1], where),
                equality=ctx.value("health_visits.children_equality_share", years[-1], where),
                last=years[-1],
                place=place,
            ),
            Table(
                f"Børn besøgt af sundhedsplejen{' i ' + place if place else ''} pr. år",
                ["", *map(str, years)],
                rows,
                tuple(id for id, _, _ in VISITED),
            ),
        )
    ]


def held(ctx: Context, where: str) -> list[Section]:
    """The groups begun in the year: how many of each kind, and how many took part."""
    kinds = ctx.breakdown("groups.groups", "group_type", municipality=where)
    said = [
        {
            "kind": code,
            "groups": ctx.count("groups.groups", municipality=where, group_type=code),
            "participants": ctx.count("groups.participants", municipality=where, group_type=code),
            "before": ctx.count("groups.groups", ctx.year - 1, where, group_type=code),
        }
        for code, spec in category("group_type").codes.items()
        if code in kinds and spec.group == "health_visitors"
    ]
    if not said:
        return []
    return [part("Grupper").add(ctx.say(TEXT, ["groups"], held=said))]


def screened(ctx: Context, where: str) -> list[Section]:
    """Screening for efterfødselsreaktion: mothers and fathers screened, and the shares with a
    moderate-or-severe and a severe reaction (by the workspace's cut-offs)."""
    if not ctx.has("screenings.parents", municipality=where):
        return []

    def per_parent(id: str) -> dict[str, float | None]:
        return {p: ctx.value(id, municipality=where, parent=p) for p in ("mother", "father")}

    return [
        part("Screening for efterfødselsreaktion").add(
            ctx.say(
                TEXT,
                ["screening_about", "screened"],
                screened=per_parent("screenings.parents"),
                moderate=per_parent("screenings.moderate_or_severe_share"),
                severe=per_parent("screenings.severe_share"),
            )
        )
    ]
