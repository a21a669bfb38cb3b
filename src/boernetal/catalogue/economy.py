"""Economy — budget og regnskab: account lines, their groups and areas, with variance.

Variance = actual − budget (positive = merforbrug). Imported subtotal rows ("… i alt") are never
counted: the findings compare them with the sum of their lines.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from .registry import Family
from .scope import Scope

define = Family("budget")

MEASURES = ("budget", "actual", "variance")
#: what ends a subtotal's account name ("Forebyggelse i alt")
SUBTOTAL = r"(?i)\s*i alt$"


def lines(s: Scope) -> ir.Table:
    """The year's account lines (not subtotals), one row per line and measure."""
    b = s.records("budget")
    b = b.filter(~b.is_subtotal)
    by_measure = [
        b.mutate(measure=ibis.literal("budget"), amount=b.budget),
        b.mutate(measure=ibis.literal("actual"), amount=b.actual),
        b.mutate(measure=ibis.literal("variance"), amount=b.actual - b.budget),
    ]
    return ibis.union(*by_measure)


def amounts(table: ir.Table, *breakdown: str) -> ir.Table:
    return table.group_by(["year", "municipality", *breakdown, "measure"]).aggregate(value=table.amount.sum())


@define(
    "economy.lines",
    "Budget og regnskab pr. konto",
    "kr",
    breakdown=("area", "group", "account", "measure"),
    rows="own",
    about_children=False,
)
def account_lines(s: Scope) -> ir.Table:
    return amounts(lines(s), "area", "group", "account")


@define(
    "economy.groups",
    "Budget og regnskab pr. gruppe",
    "kr",
    breakdown=("area", "group", "measure"),
    about_children=False,
)
def groups(s: Scope) -> ir.Table:
    """A group's lines summed; a line without a group counts only in its area and the total."""
    t = lines(s)
    return amounts(t.filter(t.group.notnull()), "area", "group")


@define(
    "economy.areas",
    "Budget og regnskab pr. område",
    "kr",
    breakdown=("area", "measure"),
    about_children=False,
)
def areas(s: Scope) -> ir.Table:
    return amounts(lines(s), "area")


@define("economy.total", "Budget og regnskab i alt", "kr", breakdown=("measure",), about_children=False)
def total(s: Scope) -> ir.Table:
    return amounts(lines(s))


# For the findings that travel with the figures (findings.py), not exported.


@define(
    "economy.subtotals",
    "Indlæste subtotaler og summen af deres gruppes linjer",
    "kr",
    breakdown=("area", "group", "account", "measure"),
    rows="own",
    about_children=False,
    hidden=True,
)
def subtotals(s: Scope) -> ir.Table:
    """Each imported subtotal row ("… i alt") as imported (measure ``budget``, ``actual``) and as
    the sum of its group's lines (``lines_budget``, ``lines_actual``; 0 without lines). A subtotal
    without a group is that of the group its name gives ("Forebyggelse i alt": Forebyggelse)."""
    b = s.records("budget")
    grouped = b.filter(~b.is_subtotal, b.group.notnull())
    sums = grouped.group_by(["year", "municipality", "area", "group"]).aggregate(
        lines_budget=grouped.budget.sum(), lines_actual=grouped.actual.sum()
    )
    imported = b.filter(b.is_subtotal)
    imported = imported.mutate(group=imported.group.fill_null(imported.account.re_replace(SUBTOTAL, "")))
    keys = ["year", "municipality", "area", "group"]
    t = imported.left_join(sums, keys).select(
        *keys, "account", "budget", "actual", "lines_budget", "lines_actual"
    )
    by_measure = [
        t.select(*keys, "account", measure=ibis.literal(measure), value=t[measure].fill_null(0))
        for measure in ("budget", "actual", "lines_budget", "lines_actual")
    ]
    return ibis.union(*by_measure)
