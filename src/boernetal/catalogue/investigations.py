"""Investigations — børnefaglige undersøgelser (§ 50 / Barnets Lov § 20), by the date decided."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from .registry import Family
from .scope import Scope, count, open_on

define = Family("investigations")

#: The legal deadline: completed within 4 calendar months of the decision.
DEADLINE = ibis.interval(months=4)


def decided(s: Scope) -> ir.Table:
    """Investigations decided in the year (an event's records are those of its year: ``Scope.records``)."""
    return s.records("investigations")


def deadline(u: ir.Table) -> ir.DateValue:
    """The same day 4 calendar months after ``decided``, clamped to the month's last day."""
    return (u.decided + DEADLINE).cast("date")


@define("investigations.decided", "Børnefaglige undersøgelser besluttet")
def decided_total(s: Scope) -> ir.Table:
    return count(decided(s))


@define("investigations.completed", "Afsluttede undersøgelser besluttet i året", hidden=True)
def completed(s: Scope) -> ir.Table:
    u = decided(s)
    return count(u.filter(u.completed.notnull()))


@define(
    "investigations.completed_in_time",
    "Undersøgelser afsluttet inden for 4 måneder",
    hidden=True,
)
def completed_in_time(s: Scope) -> ir.Table:
    u = decided(s)
    return count(u.filter(u.completed.notnull(), u.completed <= deadline(u)))


define.share(
    "investigations.completed_in_time_share",
    "Undersøgelser afsluttet inden for 4 måneder, andel",
    of="investigations.completed_in_time",
    over="investigations.completed",
)


@define("investigations.overdue_open", "Åbne undersøgelser over 4 måneder den 31. december")
def overdue_open(s: Scope) -> ir.Table:
    """Open on 31 December: ``completed`` is the last day an investigation is open (the contract's
    reading rules), so one completed on 31 December is still open that day."""
    u = s.every_year("investigations")
    return count(u.filter(open_on(u, u.last_day, "decided", "completed"), deadline(u) < u.last_day))
