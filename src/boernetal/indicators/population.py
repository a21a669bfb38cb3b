"""Population — befolkning on 1 January (Statistics Denmark FOLK1A)."""

from __future__ import annotations

import ibis.expr.types as ir
import pandas as pd

from .registry import KEYS, Family, Results
from .scope import ALL, Scope

define = Family("population")

CHILDREN = (0, 17)


@define("population.children_0_17", "Børn og unge 0–17 år pr. 1. januar", about_children=False)
def children_0_17(s: Scope) -> ir.Table:
    p = s.records("population")
    p = p.filter(p.age.between(*CHILDREN))
    return p.group_by(["year", "municipality"]).aggregate(value=p["count"].sum())


def share_of_all(results: Results) -> pd.DataFrame:
    """Each municipality's 0–17-year-olds as a share of all the workspace's (57,5 % / 42,5 %)."""
    rows = results["population.children_0_17"]
    together = rows[rows.municipality == ALL][["year", "value"]]
    own = rows[rows.municipality != ALL].merge(together, on="year", suffixes=("", "_all"))
    own = own[own.value_all > 0]
    return own.assign(value=100 * own["value"] / own["value_all"])[[*KEYS, "value"]]


define.derived(
    "population.children_0_17_share",
    "Andel af de 0–17-årige",
    "percent",
    share_of_all,
    sources=("population.children_0_17",),
    rows="own",
    about_children=False,
)
