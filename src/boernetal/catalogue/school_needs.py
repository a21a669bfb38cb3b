"""Needs children — behovsbørn: pupils the school health service saw for a particular need in a
school year (2012/13 counts in 2013), their problem areas and the contacts they gave, and the
children as a share of the pupils (from the schools' pupil count, ``pupils``)."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from .registry import Family
from .scope import Scope, children, count

define = Family("school_needs")


def needs(s: Scope) -> ir.Table:
    return s.records("school_needs")


@define("school_needs.children", "Behovsbørn")
def needing(s: Scope) -> ir.Table:
    return children(needs(s))


@define("school_needs.children_several", "Behovsbørn med mere end én problematik")
def several(s: Scope) -> ir.Table:
    t = needs(s)
    child = ibis.window(group_by=[t.year, t.municipality, t.child])
    # more than one problem area: the child's rows name different areas
    return children(t.filter(t.need_area.min().over(child) != t.need_area.max().over(child)))


@define("school_needs.areas", "Behovsproblematikker")
def areas(s: Scope) -> ir.Table:
    return count(needs(s))


@define("school_needs.by_area", "Behovsproblematikker efter problematik", breakdown=("need_area",))
def by_area(s: Scope) -> ir.Table:
    return count(needs(s), "need_area")


@define("school_needs.contacts", "Kontakter med behovsbørn")
def contacts(s: Scope) -> ir.Table:
    t = needs(s)
    return t.group_by(["year", "municipality"]).aggregate(value=t.contacts.sum())


@define("school_needs.pupils", "Skoleelever", kind="pupils", about_children=False)
def pupils(s: Scope) -> ir.Table:
    t = s.records("pupils")
    # the count for all grades where the file gives one, else the grades' sum
    sums = t.group_by(["year", "municipality"]).aggregate(
        whole=t.pupils.sum(where=t.grade.isnull()), graded=t.pupils.sum(where=t.grade.notnull())
    )
    return sums.select("year", "municipality", value=sums.whole.fill_null(sums.graded))


define.share(
    "school_needs.children_share",
    "Behovsbørn, andel af skoleeleverne",
    of="school_needs.children",
    over="school_needs.pupils",
)
