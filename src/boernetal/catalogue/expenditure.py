"""Expenditure — nettodriftsudgifter per 1,000 inhabitants, against peer groups (REGK31, 5.28)."""

from __future__ import annotations

import ibis.expr.types as ir

from .registry import Family
from .scope import Scope

define = Family("expenditure")

PER = 1000


def inhabitants(s: Scope) -> ir.Table:
    """Total population on 1 January of the year, every municipality with population records."""
    p = s.window("population")
    return p.group_by(["year", "municipality"]).aggregate(inhabitants=p["count"].sum())


def per_1000_by_municipality(s: Scope) -> ir.Table:
    e = s.window("expenditure")
    e = e.group_by(["year", "municipality", "area"]).aggregate(amount=e.amount.sum())
    joined = e.join(inhabitants(s), ["year", "municipality"]).filter(lambda t: t.inhabitants > 0)
    return joined.select("year", "municipality", "area", value=joined.amount / joined.inhabitants * PER)


@define(
    "expenditure.per_1000",
    "Nettodriftsudgifter pr. 1.000 indbyggere",
    "kr_per_1000",
    breakdown=("area",),
    rows="everywhere",
    about_children=False,
)
def per_1000(s: Scope) -> ir.Table:
    """Every municipality with both amount and population; ``peer:NAME`` rows hold the peers' mean."""
    return s.with_peer_means(per_1000_by_municipality(s), "area")
