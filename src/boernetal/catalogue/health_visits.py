"""Health visits — sundhedsplejebesøg, by the date of the visit.

The children served are the children with at least one visit in the year; need visits
(behovsbesøg) and "lighed i sundhed" visits are counted as the children who had one, as shares of
the children served (the seed's "børn som har modtaget behovsbesøg: 36,4 %").
"""

from __future__ import annotations

import ibis.expr.types as ir

from .registry import Family
from .scope import Scope, children, count

define = Family("health_visits")


def visits(s: Scope) -> ir.Table:
    return s.records("health_visits")


def of_children(s: Scope) -> ir.Table:
    """Visits to a born child (a pregnancy visit has no child yet)."""
    v = visits(s)
    return v.filter(v.child.notnull())


@define("health_visits.by_type", "Sundhedsplejebesøg efter type", breakdown=("visit_type",))
def by_type(s: Scope) -> ir.Table:
    return count(visits(s), "visit_type")


@define("health_visits.children", "Børn med besøg af sundhedsplejen")
def served(s: Scope) -> ir.Table:
    return children(of_children(s))


@define("health_visits.children_need", "Børn med behovsbesøg")
def need(s: Scope) -> ir.Table:
    v = of_children(s)
    return children(v.filter(v.visit_type == "need"))


define.share(
    "health_visits.children_need_share",
    "Børn med behovsbesøg, andel",
    of="health_visits.children_need",
    over="health_visits.children",
)


@define("health_visits.children_equality", "Børn med besøg ’Lighed i sundhed’")
def equality(s: Scope) -> ir.Table:
    v = of_children(s)
    return children(v.filter(v.visit_type == "equality"))


define.share(
    "health_visits.children_equality_share",
    "Børn med besøg ’Lighed i sundhed’, andel",
    of="health_visits.children_equality",
    over="health_visits.children",
)
