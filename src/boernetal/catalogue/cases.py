"""Caseload — sagstal: cases open on each month-end, and cases per adviser (rådgiver)."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pandas as pd

from .registry import KEYS, Family, Results
from .scope import ALL, MONTHS, Scope, month_index, open_on

define = Family("cases")


def open_at_month_ends(s: Scope, kind: str, start: str, end: str, *by: str) -> ir.Table:
    """Per year, ``by`` (``municipality`` first) and month: the records open on the month's last
    day (``value``), for every group with a record in the year (a month without any counts 0).

    Counted as a running balance rather than by testing each record on each month-end: a record is
    open on the month-ends from that of the month it starts in to the last one not after its end,
    so it adds one on the first of them and takes one off on the month-end after the last.
    """
    months, calendar = s.month_ends(), s.calendar()
    records = with_trimmed_team(s.window(kind))
    opened, closed = records[start], records[end]

    # a record adds one on the first month-end it is open on and takes it off on the first it no
    # longer is (the same month when it closes before a month-end; empty while it is open); both
    # moved up to the first month of the years, so a record that ended before them adds nothing
    first = months.index.min().as_scalar()
    on = ibis.greatest(month_index(opened), first)
    after = month_index(closed + ibis.interval(days=1))  # open on its last day, off the day after
    off = closed.isnull().ifelse(ibis.null("int64"), ibis.greatest(after, first))
    # records alike counted first: what follows reads each group once, not every record three times
    alike = records.group_by([*by, on.name("on"), off.name("off"), closed.year().name("to_year")])
    alike = alike.aggregate(n=records.count())
    changes = ibis.union(
        alike.group_by([*by, alike["on"].name("index")]).aggregate(change=alike.n.sum()),
        alike.group_by([*by, alike["off"].name("index")]).aggregate(change=-alike.n.sum()),
        distinct=False,
    )  # counted under the records' own municipality, then put under the scope's
    changes = s.scoped(changes)
    changes = changes.group_by([*by, "index"]).aggregate(change=changes.change.sum())
    grid = changes.select(*by).distinct().cross_join(months.select("index"))
    grid = grid.left_join(changes, [*by, "index"]).select(*by, "index", change=changes.change.fill_null(0))
    balance = grid.mutate(value=grid.change.cumsum(group_by=list(by), order_by="index"))
    # the groups with a record in the year, from the years records start and end in
    # (``on`` // 12: the year a record starts in, or the first year asked if it started before)
    spans = alike.group_by([*by, (alike["on"] // 12).name("from_year"), "to_year"]).aggregate()
    spans = s.scoped(spans)
    falls_in = (spans.from_year <= calendar.year) & (
        spans.to_year.isnull() | (spans.to_year >= calendar.year)
    )
    present = spans.join(calendar, falls_in).select(*by, "year").distinct().join(months, "year")
    counted = present.left_join(balance, [*by, "index"])
    return counted.select("year", *by, "month", value=balance.value.fill_null(0))


def with_trimmed_team(table: ir.Table) -> ir.Table:
    """Team names without surrounding spaces (" StraXen " is StraXen)."""
    return table.mutate(team=table.team.strip())


def with_team_all(counts: ir.Table, *by: str) -> ir.Table:
    """The teams' rows plus team ``all``, their sum."""
    together = counts.group_by([*by, "month"]).aggregate(value=counts.value.sum())
    return ibis.union(counts, together.mutate(team=ibis.literal(ALL)).select(counts.columns))


def month_end_cases(s: Scope) -> ir.Table:
    counts = open_at_month_ends(s, "cases", "opened", "closed", "municipality", "team")
    return with_team_all(counts, "year", "municipality")


def month_end_fte(s: Scope) -> ir.Table:
    """Full-time equivalents of the staff on each month-end, per team and for team ``all``
    (an empty FTE is one full-time adviser)."""
    staff, months = with_trimmed_team(s.window("staff")), s.month_ends()
    # advisers alike summed first: the join below multiplies the rows by the months
    staff = staff.group_by(["team", "start", "end"]).aggregate(fte=staff.fte.fill_null(1).sum())
    on_duty = staff.join(months, open_on(staff, months.day))
    fte = on_duty.group_by(["year", "team", "month"]).aggregate(value=on_duty.fte.sum())
    return with_team_all(fte.filter(fte.year.isin(s.calendar().year)), "year")


def mean_of_months(counts: ir.Table, *by: str) -> ir.Table:
    """The mean of the 12 month-end values (a month without any counts 0)."""
    return counts.group_by(["year", *by]).aggregate(value=counts.value.sum() / len(MONTHS))


@define(
    "cases.month_end_counts",
    "Åbne sager ved hver månedsudgang, også 0",
    breakdown=("month", "team"),
    hidden=True,
)
def month_end_counts(s: Scope) -> ir.Table:
    """Every month of a team with a case in the year, 0 included: what the two below are made of
    (one pass over the cases, not two)."""
    return month_end_cases(s)


def open_on_month_ends(results: Results) -> pd.DataFrame:
    counts = results["cases.month_end_counts"]
    return counts[counts["value"] > 0]


def mean_of_month_ends(results: Results) -> pd.DataFrame:
    """The mean of the 12 month-end counts; a team with a case in the year that was never open on
    a month-end has a 0 row."""
    counts = results["cases.month_end_counts"]
    summed = counts.groupby([*KEYS, "team"], as_index=False, sort=False)["value"].sum()
    return summed.assign(value=summed["value"] / len(MONTHS))


define.derived(
    "cases.month_end",
    "Åbne sager ved månedens udgang",
    "count",
    open_on_month_ends,
    sources=(),  # a count of its own (the rows of the hidden one that are not 0)
    breakdown=("month", "team"),
    sum_member=("team", ALL),
)


define.derived(
    "cases.monthly_average",
    "Åbne sager ved månedens udgang, gennemsnit",
    "count",
    mean_of_month_ends,
    sources=("cases.month_end",),
    breakdown=("team",),
)


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
