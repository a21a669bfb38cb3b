"""Comparison — the municipality next to its peer groups and the whole country (sammenligning),
from figures Statistics Denmark publishes for all (``national_figures``) and the population
(``population``), per 1,000 children aged 0–17 on 1 January; and net operating expenditure
(``expenditure``, all areas) per 0–17-year-old. Rows for every place with figures: each
municipality, ``000`` (Hele landet) and ``peer:NAME`` (the unweighted mean of the group's
members). Published figures, not about children: never hidden."""

from __future__ import annotations

import ibis.expr.types as ir

from .registry import Family
from .scope import Scope

define = Family("national_figures")

PER = 1000


def children(s: Scope) -> ir.Table:
    """Children aged 0–17 on 1 January of the year, every place with population records."""
    p = s.window("population")
    p = p.filter(p.age <= 17)
    return p.group_by(["year", "municipality"]).aggregate(children=p["count"].sum())


@define(
    "comparison.per_1000_children",
    "Pr. 1.000 0–17-årige, sammenlignet",
    "ratio",
    breakdown=("statistic",),
    rows="everywhere",
    about_children=False,
)
def per_1000_children(s: Scope) -> ir.Table:
    f = s.window("national_figures")
    f = f.group_by(["year", "municipality", "statistic"]).aggregate(value=f.figure.sum())
    joined = f.join(children(s), ["year", "municipality"]).filter(lambda t: t.children > 0)
    rates = joined.select("year", "municipality", "statistic", value=joined.value / joined.children * PER)
    return s.with_peer_means(rates, "statistic")


@define(
    "comparison.spending_per_child",
    "Nettodriftsudgifter pr. 0–17-årig, sammenlignet",
    "kr",
    kind="expenditure",
    rows="everywhere",
    about_children=False,
)
def spending_per_child(s: Scope) -> ir.Table:
    e = s.window("expenditure")
    e = e.group_by(["year", "municipality"]).aggregate(amount=e.amount.sum())
    joined = e.join(children(s), ["year", "municipality"]).filter(lambda t: t.children > 0)
    return s.with_peer_means(joined.select("year", "municipality", value=joined.amount / joined.children))
