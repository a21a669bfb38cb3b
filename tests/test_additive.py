"""Additive indicators (counts of events) get ``all`` as the sum of the municipalities' rows, not by
counting every record again (``Scope.with_all``); those marked ``sums_all`` sum it themselves at a
step before (notifications per child). The guard: for every such indicator, the summed ``all`` is
exactly what counting the records under ``all`` gives — on the example extracts, and on records
about one child in two municipalities and complaints without one.
"""

from __future__ import annotations

import pandas as pd
import pytest

from boernetal import Workspace, init_workspace
from boernetal.indicators import REGISTRY, compute, fast
from boernetal.indicators.sqlcache import ENV_VAR
from test_indicators_notifications import NOTIFICATIONS
from test_indicators_other import RECORDS
from test_indicators_placements import INVESTIGATIONS, MEASURES, PLACEMENTS

from helpers import example_workspace, load_records

ADDITIVE = [i.id for i in REGISTRY.values() if i.additive]
SUMMED = [i.id for i in REGISTRY.values() if i.additive or i.sums_all]


def test_the_event_counts_are_marked_additive_and_no_child_count_is():
    assert {"notifications.by_month", "placements.new", "complaints.own_initiative"} <= set(ADDITIVE)
    for id in ADDITIVE:
        assert REGISTRY[id].query is not None and REGISTRY[id].rows == "own_and_all", id
    child_counts = {"notifications.children_by_count", "placements.children", "measures.children"}
    assert not child_counts & set(ADDITIVE)
    assert [i.id for i in REGISTRY.values() if i.sums_all] == ["notifications.children_by_count"]


@pytest.fixture(scope="module")
def workspaces(tmp_path_factory):
    folder = tmp_path_factory.mktemp("additive")
    crossing = init_workspace(folder / "crossing", municipalities=["183", "187"])
    load_records(
        crossing,
        folder / "in",
        {
            "notifications": NOTIFICATIONS,
            "placements": PLACEMENTS,
            "measures": MEASURES,
            "investigations": INVESTIGATIONS,
            "complaints": RECORDS["complaints"],
        },
    )
    return [Workspace.open(example_workspace(folder)), crossing]


def test_summed_all_equals_counting_the_records(workspaces, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    summed = [compute(ws, 2013) for ws in workspaces]
    monkeypatch.setattr(fast, "scope_rows", lambda indicator: indicator.rows)  # count them again
    direct = [compute(ws, 2013) for ws in workspaces]
    compared = 0
    for one, other in zip(summed, direct, strict=True):
        for id in SUMMED:
            pd.testing.assert_frame_equal(one.results[id], other.results[id], obj=id)
            compared += (one.results[id].municipality == "all").sum()
    assert compared > 50  # the 'all' rows really were there to compare
