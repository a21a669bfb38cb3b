"""Services — forløb i familiens tilbud (Aflastning, Familieværkstedet, Tolmiea, Hjemmeteam …),
counted as families (and children) per offer: those with a course in the year, new in it, ended
in it, and still in one on 31 December.

A family is the ``family_id`` the service's list gives; a course without one is a family of its
own (open anonymous counselling names no one). A family in two courses of one offer is one family.
"""

from __future__ import annotations

import ibis.expr.types as ir

from .registry import Family
from .scope import Scope, children

define = Family("service_enrolments")


def courses(s: Scope) -> ir.Table:
    """Courses that touch the year, once per year, with the family they are about."""
    c = s.records("service_enrolments")
    return c.mutate(family=c.family_id.fill_null(c.enrolment_id))


def families(table: ir.Table, *breakdown: str) -> ir.Table:
    """Distinct families per year, municipality and breakdown."""
    return table.group_by(["year", "municipality", *breakdown]).aggregate(value=table.family.nunique())


def open_at_end(table: ir.Table) -> ir.Table:
    """Courses still open on the year's last day."""
    return table.filter(table.end.isnull() | (table.end > table.last_day))


@define("services.families", "Familier i forløb efter tilbud", breakdown=("service",))
def in_the_year(s: Scope) -> ir.Table:
    return families(courses(s), "service")


@define("services.families_new", "Familier i nye forløb efter tilbud", breakdown=("service",))
def new(s: Scope) -> ir.Table:
    c = courses(s)
    return families(c.filter(c.start >= c.first_day), "service")


@define("services.families_ended", "Familier med afsluttede forløb efter tilbud", breakdown=("service",))
def ended(s: Scope) -> ir.Table:
    c = courses(s)
    return families(c.filter(c.end.notnull() & (c.end <= c.last_day)), "service")


@define(
    "services.families_active_end", "Familier i forløb ved årets udgang efter tilbud", breakdown=("service",)
)
def active_end(s: Scope) -> ir.Table:
    return families(open_at_end(courses(s)), "service")


@define("services.children", "Børn i forløb efter tilbud", breakdown=("service",))
def children_in_the_year(s: Scope) -> ir.Table:
    c = courses(s)
    return children(c.filter(c.child.notnull()), "service")


@define("services.children_active_end", "Børn i forløb ved årets udgang efter tilbud", breakdown=("service",))
def children_active_end(s: Scope) -> ir.Table:
    c = open_at_end(courses(s))
    return children(c.filter(c.child.notnull()), "service")
