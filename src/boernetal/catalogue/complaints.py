"""Complaints — afgørelser i klagesystemet, by the date decided.

Decisions without a municipality count only in ``all``.
"""

from __future__ import annotations

import ibis.expr.types as ir

from .registry import Family
from .scope import Scope, count

define = Family("complaints")


def decided(s: Scope) -> ir.Table:
    """Decisions made in the year (an event's records are those of its year: ``Scope.records``)."""
    return s.records("complaints")


def on_complaint(s: Scope) -> ir.Table:
    """Decisions on a complaint: own-initiative decisions (Ankestyrelsen egen drift) left out."""
    k = decided(s)
    return k.filter(~k.own_initiative.fill_null(False))


@define("complaints.decisions", "Afgørelser på klager", hidden=True)
def decisions(s: Scope) -> ir.Table:
    return count(on_complaint(s))


@define(
    "complaints.by_instance_outcome",
    "Afgørelser efter klageinstans og udfald",
    breakdown=("instance", "outcome"),
    total="complaints.decisions",
)
def by_instance_outcome(s: Scope) -> ir.Table:
    return count(on_complaint(s), "instance", "outcome")


@define("complaints.upheld", "Stadfæstede afgørelser", hidden=True)
def upheld(s: Scope) -> ir.Table:
    k = on_complaint(s)
    return count(k.filter(k.outcome == "upheld"))


define.share(
    "complaints.upheld_share",
    "Stadfæstede afgørelser, andel",
    of="complaints.upheld",
    over="complaints.decisions",
)


@define("complaints.own_initiative", "Afgørelser af egen drift (Ankestyrelsen)")
def own_initiative(s: Scope) -> ir.Table:
    k = decided(s)
    return count(k.filter(k.own_initiative.fill_null(False)))
