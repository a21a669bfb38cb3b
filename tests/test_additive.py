"""The DuckDB executor gets ``all`` as the sum of the municipalities' rows, not by counting every
record again (``Scope.with_all``), for the definitions it reads as summing up (``fast.sums_up``:
counts of events, not of children). The guard: for every such indicator, the summed ``all`` is
exactly what counting the records under ``all`` gives — on the example extracts, and on records
about one child in two municipalities and complaints without one.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from boernetal.catalogue import REGISTRY
from boernetal.engine import compute, fast
from boernetal.engine.sqlcache import ENV_VAR
from boernetal.warehouse.schema import schema_sql


def additive() -> set[str]:
    """The indicators of the annual set the DuckDB executor sums ``all`` for, as it reads the
    definitions (those computed only on request are run as written)."""
    con = duckdb.connect()
    con.execute(schema_sql())
    executor = fast.Fast(con)
    return {i.id for i in REGISTRY.values() if not i.on_request and executor.additive(i)}


def test_counts_of_events_sum_up_and_counts_of_children_do_not():
    summed = additive()
    events = {"notifications.by_month", "notifications.total", "placements.new", "complaints.own_initiative"}
    assert events <= summed
    children = {
        "notifications.children",
        "notifications.children_by_count",
        "placements.children",
        "placements.children_by_group",
        "measures.children",
        "placements.aftercare",
    }
    assert not children & summed
    assert all(REGISTRY[id].rows == "own_and_all" for id in summed)


def test_summed_all_equals_counting_the_records(workspaces, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    summed, ids = [compute(ws, 2013) for ws in workspaces], additive()
    monkeypatch.setattr(fast.Fast, "additive", lambda self, indicator: False)  # count them again
    direct = [compute(ws, 2013) for ws in workspaces]
    compared = 0
    for one, other in zip(summed, direct, strict=True):
        for id in ids:
            pd.testing.assert_frame_equal(one.results[id], other.results[id], obj=id)
            compared += (one.results[id].municipality == "all").sum()
    assert compared > 50  # the 'all' rows really were there to compare
