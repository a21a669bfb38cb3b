"""The records behind a figure (the dashboard's drill-down) are what the figure counts: on random
warehouses, the records the catalogue gives behind each count, grouped by year, municipality and
breakdown, are the figures ``compute`` gets (one record per child for a count of children), for
each municipality and for all of them together."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, Phase, given, settings

from boernetal import init_workspace
from boernetal.catalogue import REGISTRY
from boernetal.catalogue.behind import counted, has_records, records_behind
from boernetal.catalogue.scope import Scope
from boernetal.engine import compute
from boernetal.warehouse.connect import reading
from test_executors import MUNICIPALITIES, warehouse

from helpers import load_records

counter = itertools.count()


def test_counts_have_records_behind_them_and_other_figures_do_not():
    assert {"notifications.total", "notifications.by_source", "notifications.by_age"} <= {
        id for id in REGISTRY if has_records(id)
    }
    assert {"investigations.decided", "placements.new", "placements.children", "complaints.decisions"} <= {
        id for id in REGISTRY if has_records(id)
    }
    assert counted("placements.children").children and not counted("placements.new").children
    for id in ("notifications.meeting_share", "economy.total", "population.children_0_17"):
        assert not has_records(id), id  # a share, an amount, a yearly table


@settings(
    max_examples=6,
    phases=[Phase.generate],  # an import per example: shrinking would take minutes
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(records=warehouse())
def test_the_records_behind_a_count_are_as_many_as_the_count(records, tmp_path):
    folder = tmp_path / f"w{next(counter)}"
    ws = init_workspace(folder / "ws", municipalities=list(MUNICIPALITIES))
    load_records(ws, folder / "in", records)
    figures = compute(ws, 2013)
    wrong = []
    with reading(ws) as backend:
        for id, indicator in REGISTRY.items():
            if not has_records(id) or id not in figures.results:
                continue
            keys = ["year", "municipality", *indicator.breakdown]
            expected = figures.results[id]
            expected = expected[expected["value"] > 0]
            for rows, places in (("own", set(MUNICIPALITIES)), ("all", {"all"})):
                want = {
                    tuple(str(row[k]) for k in keys): int(row["value"])
                    for _, row in expected[expected["municipality"].isin(places)].iterrows()
                }
                if rows == "all" and not want and indicator.rows == "own":
                    continue  # no figure for all municipalities together
                scope = Scope(backend, (2011, 2012, 2013), MUNICIPALITIES, rows=rows)
                found = records_behind(id, scope).to_pandas()
                # figures are given for the years the kind's records cover (see engine.compute)
                found = found[found["year"].isin(figures.years.get(indicator.kind, []))]
                got = {
                    tuple(str(k) for k in (key if isinstance(key, tuple) else (key,))): int(n)
                    for key, n in found.groupby(keys, dropna=False).size().items()
                }
                if got != want:
                    wrong.append(f"{id} ({rows}): records {got}, figures {want}")
    assert not wrong, "\n".join(wrong)
