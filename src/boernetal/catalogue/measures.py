"""Preventive measures — forebyggende foranstaltninger, and aftercare contact persons (efterværn)."""

from __future__ import annotations

import ibis.expr.types as ir

from .registry import Family
from .scope import Scope, children, count, during

define = Family("measures")


@define("measures.by_type", "Foranstaltninger i året efter type", breakdown=("measure_type",))
def by_type(s: Scope) -> ir.Table:
    """Measures (rows) active during the year, aftercare contact persons included."""
    return count(during(s.records("measures")), "measure_type")


@define("measures.children", "Børn og unge med forebyggende foranstaltninger")
def measured_children(s: Scope) -> ir.Table:
    m = during(s.records("measures"))
    return children(m.filter(m.measure_type != "aftercare_contact_person"))
