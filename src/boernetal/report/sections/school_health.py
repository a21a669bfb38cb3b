"""Sundhedsprofil: the school health service's year, by school year (2012/13 is the report for
2013): pupils with a particular need (behovsbørn), weight and motor skills at school start, and at
school leaving weight over six school years, smoking over five, exercise, stress, headache and
sleep. Like Sundhedsplejen it speaks of the municipalities that have such records, and says so."""

from __future__ import annotations

import pandas as pd

from ...contract.categories import category
from .. import charts
from ..context import ALL, Context
from ..document import Figure, Section
from . import programmes
from .common import part, with_records

TEXT = "school_health"
#: the BMI classes counted as overweight, in the charts' and the text's order
OVERWEIGHT = ("moderate_overweight", "severe_overweight")


def school_year(end: int) -> str:
    """The school year ending in ``end``: 2012/13."""
    return f"{end - 1}/{end % 100:02d}"


def served(ctx: Context) -> list[str]:
    return with_records(
        ctx, "school_health.examined", "school_needs.children", "programmes.offered", "programmes.enrolled"
    )


def build(ctx: Context) -> list[Section]:
    places = served(ctx)
    if not places:
        return []
    where = places[0] if len(places) == 1 else ALL
    place = ctx.place(places[0]) if len(places) == 1 else None
    chapter = Section("Sundhedsprofil").add(
        ctx.say(
            TEXT,
            ["about", "scope"],
            places=[ctx.place(m) for m in places],
            only_some=len(places) < len(ctx.municipalities),
            school_year=school_year(ctx.year),
        )
    )
    return [
        chapter,
        *needs(ctx, where, place),
        *school_start(ctx, where),
        *school_leaving(ctx, where),
        *programmes.build(ctx, where),
    ]


def needs(ctx: Context, where: str, place: str | None) -> list[Section]:
    if not ctx.has("school_needs.children", municipality=where):
        return []
    areas = ctx.breakdown("school_needs.by_area", "need_area", municipality=where)
    return [
        part("Behovsbørn").add(
            ctx.say(TEXT, ["needs_about"]),
            ctx.say(
                TEXT,
                ["needs"],
                school_year=school_year(ctx.year),
                place=place,
                pupils=ctx.value("school_needs.pupils", municipality=where),
                children=ctx.value("school_needs.children", municipality=where),
                share=ctx.value("school_needs.children_share", municipality=where),
                several=ctx.count("school_needs.children_several", municipality=where),
                areas=ctx.value("school_needs.areas", municipality=where),
                contacts=ctx.value("school_needs.contacts", municipality=where),
                commonest=[code for code, n in areas.items() if n and code != "other"][:4],
            ),
        )
    ]


def shares(ctx: Context, id: str, where: str, dimension: str) -> dict[str, float | None]:
    """The report year's share of each code of ``dimension``."""
    return {code: ctx.value(id, None, where, **{dimension: code}) for code in category(dimension).codes}


def school_start(ctx: Context, where: str) -> list[Section]:
    if ctx.value("school_health.examined", municipality=where, examination="school_start") is None:
        return []
    now, before = ctx.year, ctx.year - 1

    def bmi(year: int, code: str) -> float | None:
        return ctx.value("school_health.bmi_share", year, where, examination="school_start", bmi_class=code)

    return [
        part("Indskoling").add(
            ctx.say(TEXT, ["start_about"]),
            ctx.say(
                TEXT,
                ["start_weight"],
                now=school_year(now),
                before=school_year(before),
                moderate=(bmi(now, "moderate_overweight"), bmi(before, "moderate_overweight")),
                severe=(bmi(now, "severe_overweight"), bmi(before, "severe_overweight")),
            ),
            ctx.say(
                TEXT,
                ["motor"],
                school_year=school_year(now),
                boys=ctx.value("school_health.motor_below_share", municipality=where, sex="boy"),
                girls=ctx.value("school_health.motor_below_share", municipality=where, sex="girl"),
                boys_before=ctx.value("school_health.motor_below_share", before, where, sex="boy"),
            ),
        )
    ]


def school_leaving(ctx: Context, where: str) -> list[Section]:
    if ctx.value("school_health.examined", municipality=where, examination="school_leaving") is None:
        return []
    now, before = ctx.year, ctx.year - 1
    years = [y for y in ctx.years("school_health.bmi_share") if y <= now][-6:]
    weight = pd.DataFrame(
        [
            {
                "Skoleår": school_year(y),
                "BMI-klasse": category("bmi_class").codes[code].label,
                "Andel": ctx.value(
                    "school_health.bmi_share", y, where, examination="school_leaving", bmi_class=code
                ),
            }
            for y in years
            for code in OVERWEIGHT
        ]
    )
    smoking_years = [y for y in ctx.years("school_health.smoking_daily_share") if y <= now][-5:]
    smoking = pd.DataFrame(
        [
            {"Skoleår": school_year(y), "Andel": ctx.value("school_health.smoking_daily_share", y, where)}
            for y in smoking_years
        ]
    )
    little = "school_health.exercise_share"
    section = part("Udskoling").add(
        ctx.say(TEXT, ["leaving_about"]),
        ctx.say(
            TEXT,
            ["leaving_weight"],
            moderate=ctx.value(
                "school_health.bmi_share",
                now,
                where,
                examination="school_leaving",
                bmi_class="moderate_overweight",
            ),
            severe=ctx.value(
                "school_health.bmi_share",
                now,
                where,
                examination="school_leaving",
                bmi_class="severe_overweight",
            ),
        ),
    )
    if len(years) > 1:
        section.add(
            Figure(
                f"{len(years)}-årig oversigt over vægtforhold blandt udskolingselever",
                charts.bars(
                    weight,
                    "Skoleår",
                    "Andel",
                    series="BMI-klasse",
                    y_format=charts.PERCENT,
                    y_title="Andel (%)",
                ),
                weight,
                "Søjler med andelen af udskolingselever med moderat og svær overvægt pr. skoleår.",
                ("school_health.bmi_share",),
            )
        )
    section.add(
        ctx.say(
            TEXT,
            ["smoking"],
            now=ctx.value("school_health.smoking_daily_share", now, where),
            earlier=[ctx.value("school_health.smoking_daily_share", y, where) for y in smoking_years[:-1]],
            school_year=school_year(now),
        )
    )
    if len(smoking_years) > 1:
        section.add(
            Figure(
                f"De unges rygevaner gennem {len(smoking_years)} år",
                charts.bars(smoking, "Skoleår", "Andel", y_format=charts.PERCENT, y_title="Dagligrygere (%)"),
                smoking,
                "Søjler med andelen af udskolingselever, der ryger dagligt, pr. skoleår.",
                ("school_health.smoking_daily_share",),
            )
        )
    return [
        section.add(
            ctx.say(
                TEXT,
                ["exercise", "stress", "headache_sleep"],
                little=ctx.value(little, now, where, exercise="less"),
                little_before=ctx.value(little, before, where, exercise="less"),
                before=school_year(before),
                stress=shares(ctx, "school_health.stress_share", where, "frequency"),
                headache=shares(ctx, "school_health.headache_share", where, "frequency"),
                sleep=ctx.value("school_health.sleep_too_little_share", now, where),
            )
        )
    ]
