"""Placements — anbringelser: one row per placement period; every person placed, whatever their age."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from ..contract.categories import category
from .registry import Family
from .scope import FAR, Scope, age_on, children, count, during, in_year, latest_per_child, open_on

define = Family("placements")

PLACEMENT_GROUP = {code: spec.group or code for code, spec in category("placement_type").codes.items()}
AFTERCARE_AGES = (18, 22)
DAYS_PER_YEAR = 365
LONG_PLACEMENT_YEARS = 10


def placed_during(s: Scope) -> ir.Table:
    return during(s.records("placements"))


def latest_type(s: Scope) -> ir.Table:
    """Each child's placement type: that of the period with the latest start during the year."""
    return latest_per_child(placed_during(s), "placement_id", "placement_type")


@define("placements.children", "Anbragte børn og unge i året")
def children_placed(s: Scope) -> ir.Table:
    """Distinct children with a placement period during the year."""
    return children(placed_during(s))


@define(
    "placements.children_by_group",
    "Anbragte efter anbringelsesform (gruppe)",
    breakdown=("placement_group",),
    total="placements.children",
)
def children_by_group(s: Scope) -> ir.Table:
    """Each child once, by the group of their placement period with the latest start in the year."""
    p = latest_type(s)
    return count(p, p.placement_type.substitute(PLACEMENT_GROUP).name("placement_group"))


define.share(
    "placements.children_by_group_share",
    "Anbragte efter anbringelsesform (gruppe), andel",
    of="placements.children_by_group",
    over="placements.children",
)


@define(
    "placements.children_by_type",
    "Anbragte efter anbringelsesform",
    breakdown=("placement_type",),
    total="placements.children_by_group",
    total_by={"placement_type": ("placement_group", PLACEMENT_GROUP)},
)
def children_by_type(s: Scope) -> ir.Table:
    return count(latest_type(s), "placement_type")


@define("placements.stock_end_of_year", "Anbragte den 31. december")
def stock_end_of_year(s: Scope) -> ir.Table:
    p = s.records("placements")
    return children(p.filter(open_on(p, p.last_day)))


def new_periods(s: Scope) -> ir.Table:
    """Periods starting in the year that do not continue another period of the same child."""
    p = s.records("placements")
    return not_continuing(p.filter(in_year(p, "start")), s.everywhere("placements"))


def not_continuing(starting: ir.Table, before: ir.Table) -> ir.Table:
    """The periods of ``starting`` that do not continue one of ``before``.

    A period continues another (in any municipality) when it starts 0 or 1 day after that one ends.
    """
    continued = (
        (before.child == starting.child)
        & (before.placement_id != starting.placement_id)
        & before.end.between(starting.start - ibis.interval(days=1), starting.start)
    )
    return starting.anti_join(before, continued)


@define("placements.new", "Nye anbringelser")
def new(s: Scope) -> ir.Table:
    return count(new_periods(s))


@define(
    "placements.new_by_age",
    "Nye anbringelser efter alder",
    breakdown=("age",),
    total="placements.new",
)
def new_by_age(s: Scope) -> ir.Table:
    p = new_periods(s)
    return count(p, age_on(p.birth_date, p.start).name("age"))


@define("placements.forced", "Anbragte uden samtykke")
def forced(s: Scope) -> ir.Table:
    p = placed_during(s)
    return children(p.filter(~p.consent))


define.share(
    "placements.forced_share",
    "Anbragte uden samtykke, andel",
    of="placements.forced",
    over="placements.children",
)


def young_on_last_day(table: ir.Table) -> ir.Table:
    """People aged 18–22 on 31 December with a period open that day."""
    young = age_on(table.birth_date, table.last_day).between(*AFTERCARE_AGES)
    return table.filter(open_on(table, table.last_day), young)


@define("placements.aftercare", "Efterværn den 31. december", breakdown=("kind",))
def aftercare(s: Scope) -> ir.Table:
    """Young people 18–22 who are placed on 31 December, else have an aftercare contact person."""
    placed = young_on_last_day(s.records("placements")).select("year", "municipality", "child")
    m = s.records("measures")
    contact = young_on_last_day(m.filter(m.measure_type == "aftercare_contact_person"))
    contact = contact.select("year", "municipality", "child").anti_join(
        placed, ["year", "municipality", "child"]
    )
    people = ibis.union(
        placed.mutate(kind=ibis.literal("placed")), contact.mutate(kind=ibis.literal("contact_person"))
    )
    return children(people, "kind")


# For a business case's follow-up (invest follow-up), counted over its half years (a period's
# last day is then the half year's): not in the annual set.


@define(
    "placements.cost",
    "Udgift til anbringelser, efter dage anbragt",
    "kr",
    about_children=False,
    hidden=True,
    on_request=True,
)
def cost(s: Scope) -> ir.Table:
    """Each period's ``annual_cost`` (empty: 0) for its days placed in the year, a year being 365 days."""
    p = placed_during(s)
    first, last = ibis.greatest(p.start, p.first_day), ibis.least(p.end.fill_null(FAR), p.last_day)
    days = last.delta(first, unit="day") + 1
    spent = p.annual_cost.fill_null(0) * days / DAYS_PER_YEAR
    return p.group_by(["year", "municipality"]).aggregate(value=spent.sum())


@define(
    "placements.children_with_case",
    "Børn 0–17 år med en åben sag på periodens sidste dag",
    kind="cases",
    hidden=True,
    on_request=True,
)
def children_with_open_case(s: Scope) -> ir.Table:
    return children(with_open_case(s))


def with_open_case(s: Scope) -> ir.Table:
    """Children aged 0–17 on the last day with a case open that day."""
    c = s.records("cases")
    c = c.filter(c.child.notnull(), open_on(c, c.last_day, "opened", "closed"))
    return c.filter(age_on(c.birth_date, c.last_day).between(0, 17))


@define(
    "placements.placed_with_case",
    "Anbragte på periodens sidste dag blandt børn 0–17 år med en åben sag",
    hidden=True,
    on_request=True,
)
def placed_with_case(s: Scope) -> ir.Table:
    p = s.records("placements")
    placed = p.filter(open_on(p, p.last_day)).select("year", "municipality", "child")
    return children(with_open_case(s).semi_join(placed, ["year", "municipality", "child"]))


define.share(
    "placements.placed_with_case_share",
    "Anbragte på periodens sidste dag, andel af børn 0–17 år med en åben sag",
    of="placements.placed_with_case",
    over="placements.children_with_case",
    hidden=True,
    on_request=True,
)


# For the findings that travel with the figures (findings.py), not exported.


@define(
    "placements.open_over_10_years",
    "Anbringelser åbne i mere end 10 år den 31. december",
    rows="own",
    hidden=True,
)
def open_over_10_years(s: Scope) -> ir.Table:
    """Periods open on 31 December that began more than 10 years before it: an end date missing?"""
    p = s.records("placements")
    limit = p.last_day - ibis.interval(years=LONG_PLACEMENT_YEARS)
    return count(p.filter(p.start < limit, open_on(p, p.last_day)))
