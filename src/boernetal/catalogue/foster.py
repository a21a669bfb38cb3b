"""Foster families — plejefamilier the foster care team (Familieplejen) has approved, by kind:
approved in the year, stopped in it, and approved and active on 31 December. The share of placed
children in a foster family is the placements family's (``placements.children_by_group_share``)."""

from __future__ import annotations

import ibis.expr.types as ir

from .registry import Family
from .scope import Scope, count, in_year

define = Family("foster_families")


def families(s: Scope) -> ir.Table:
    """Families approved by the year's end and not stopped before it began."""
    return s.records("foster_families")


@define("foster.approved", "Nye godkendte plejefamilier", breakdown=("family_type",))
def approved(s: Scope) -> ir.Table:
    f = families(s)
    return count(f.filter(in_year(f, "approved")), "family_type")


@define("foster.ended", "Plejefamilier, der er stoppet", breakdown=("family_type",))
def ended(s: Scope) -> ir.Table:
    f = families(s)
    return count(f.filter(f.end.notnull() & in_year(f, "end")), "family_type")


@define("foster.active_end", "Godkendte plejefamilier den 31. december", breakdown=("family_type",))
def active_end(s: Scope) -> ir.Table:
    f = families(s)
    return count(f.filter(f.end.isnull() | (f.end > f.last_day)), "family_type")
