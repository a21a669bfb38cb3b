"""Caseload — sagstal: cases open on each month-end, and cases per adviser (rådgiver)."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import ibis.selectors as cs
import pandas as pd

from .registry import KEYS, Family, Results, Source
from .scope import ALL, MONTHS, Scope, open_on

define = Family("cases")


def open_at_month_ends(table: ir.Table, start: str, end: str, *by: str) -> ir.Table:
    """Per year, ``by`` and month: records open on the month's last day (``value``)."""
    counted = table.mutate(team=table.team.strip())
    counts = counted.group_by(["year", *by]).aggregate(
        **{f"month_{m}": open_on(counted, counted[f"month_end_{m}"], start, end).sum() for m in MONTHS}
    )
    return by_month(counts)


def by_month(wide: ir.Table) -> ir.Table:
    """Columns ``month_1`` … ``month_12`` as rows: ``month`` (1–12) and ``value``."""
    return wide.pivot_longer(
        cs.startswith("month_"),
        names_to="month",
        names_transform=lambda name: int(name[6:]),
        values_to="value",
    )


def with_team_all(counts: ir.Table, *by: str) -> ir.Table:
    """The teams' rows plus team ``all``, their sum."""
    together = counts.group_by([*by, "month"]).aggregate(value=counts.value.sum())
    return ibis.union(counts, together.mutate(team=ibis.literal(ALL)).select(counts.columns))


def month_end_cases(s: Scope) -> ir.Table:
    counts = open_at_month_ends(s.records("cases"), "opened", "closed", "municipality", "team")
    return with_team_all(counts, "year", "municipality")


def month_end_fte(s: Scope) -> ir.Table:
    """Full-time equivalents of the staff on each month-end, per team and for team ``all``."""
    staff = s.window("staff").cross_join(s.calendar())
    staff = staff.mutate(team=staff.team.strip())
    fte = staff.group_by(["year", "team"]).aggregate(
        **{
            f"month_{m}": open_on(staff, staff[f"month_end_{m}"]).ifelse(staff.fte.fill_null(1), 0).sum()
            for m in MONTHS
        }
    )
    return with_team_all(by_month(fte), "year")


def mean_of_months(counts: ir.Table, *by: str) -> ir.Table:
    """The mean of the 12 month-end values (a month without any counts 0)."""
    return counts.group_by(["year", *by]).aggregate(value=counts.value.sum() / len(MONTHS))


@define(
    "cases.month_end", "Åbne sager ved månedens udgang", breakdown=("month", "team"), sum_member=("team", ALL)
)
def month_end(s: Scope) -> ir.Table:
    c = month_end_cases(s)
    return c.filter(c.value > 0)


@define(
    "cases.monthly_average",
    "Åbne sager ved månedens udgang, gennemsnit",
    breakdown=("team",),
    sources=(Source("cases.month_end"),),
)
def monthly_average(s: Scope) -> ir.Table:
    """A team with a case in the year that was never open on a month-end has a 0 row."""
    return mean_of_months(month_end_cases(s), "municipality", "team")


@define(
    "cases.fte_average",
    "Rådgiveres årsværk ved månedens udgang, gennemsnit",
    "ratio",
    breakdown=("team",),
    rows="all",
    about_children=False,
    hidden=True,
)
def fte_average(s: Scope) -> ir.Table:
    """Staff belong to teams, not municipalities: the rows are municipality ``all``."""
    fte = mean_of_months(month_end_fte(s), "team")
    return fte.mutate(municipality=ibis.literal(ALL))


def cases_per_fte(results: Results) -> pd.DataFrame:
    """Mean month-end cases / mean month-end FTE of the team's staff (team ``all``: all staff)."""
    cases = results["cases.monthly_average"]
    cases = cases[cases["municipality"] == ALL]
    fte = results["cases.fte_average"].rename(columns={"value": "fte"})
    joined = cases.merge(fte[["year", "team", "fte"]], on=["year", "team"])
    joined = joined[joined["fte"] > 0]
    return joined.assign(value=joined["value"] / joined["fte"])[[*KEYS, "team", "value"]]


define.derived(
    "cases.per_adviser",
    "Sager pr. rådgiver",
    "ratio",
    cases_per_fte,
    sources=("cases.month_end",),
    breakdown=("team",),
    rows="all",
)
