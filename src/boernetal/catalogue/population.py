"""Population — befolkning on 1 January (Statistics Denmark FOLK1A)."""

from __future__ import annotations

import ibis.expr.types as ir

from .registry import Family
from .scope import Scope

define = Family("population")

CHILDREN = (0, 17)


@define("population.children_0_17", "Børn og unge 0–17 år pr. 1. januar", about_children=False)
def children_0_17(s: Scope) -> ir.Table:
    p = s.records("population")
    p = p.filter(p.age.between(*CHILDREN))
    return p.group_by(["year", "municipality"]).aggregate(value=p["count"].sum())


define.share_of_all(
    "population.children_0_17_share",
    "Andel af de 0–17-årige",
    of="population.children_0_17",
    about_children=False,
)
