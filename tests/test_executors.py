"""The DuckDB executor's speed-ups change nothing: on random warehouses (children notified, investigated,
placed and helped in one or both municipalities, in and across the years, complaints with and
without a municipality), every indicator, internal and published, is what the plain executor gets by
running each definition as written.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pandas as pd
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from boernetal import init_workspace
from boernetal.contract.categories import category
from boernetal.engine import compute

from helpers import fake_cpr, load_records

FIRST, LAST = dt.date(2011, 1, 1), dt.date(2013, 12, 31)
MUNICIPALITIES = ("183", "187")
counter = itertools.count()


def codes(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from(list(category(name).codes))


days = st.dates(FIRST, LAST)
children = st.lists(
    st.dates(dt.date(1996, 1, 1), dt.date(2010, 12, 31)), min_size=1, max_size=6, unique=True
).map(lambda births: [fake_cpr(b, n) for n, b in enumerate(births)])


@st.composite
def period(draw: st.DrawFn) -> tuple[dt.date, dt.date | None]:
    start = draw(days)
    length = draw(st.none() | st.integers(0, 800))
    return start, None if length is None else start + dt.timedelta(length)


@st.composite
def warehouse(draw: st.DrawFn) -> dict[str, list[dict]]:
    pool = draw(children)
    child = st.sampled_from(pool)
    place = st.sampled_from(MUNICIPALITIES)
    notifications = []
    for i in range(draw(st.integers(1, 12))):
        received = draw(days)
        acted = draw(st.none() | st.integers(0, 20))
        notifications.append(
            {
                "notification_id": f"N{i}",
                "cpr": draw(child),
                "municipality": draw(place),
                "received": received,
                "channel": draw(codes("channel")),
                "source": draw(codes("source")),
                "reason": draw(st.none() | codes("reason")),
                "first_action": None if acted is None else draw(codes("first_action")),
                "first_action_at": None if acted is None else received + dt.timedelta(acted),
            }
        )
    investigations = []
    for i in range(draw(st.integers(1, 6))):
        decided, completed = draw(period())
        investigations.append(
            {
                "investigation_id": f"U{i}",
                "cpr": draw(child),
                "municipality": draw(place),
                "decided": decided,
                "completed": completed,
            }
        )
    placements = []
    after: dict[str, dt.date | None] = {}  # a child's placements follow each other (no overlap)
    for i in range(draw(st.integers(1, 6))):
        cpr = draw(child)
        if cpr in after and after[cpr] is None:
            continue  # placed until further notice
        start, end = draw(period())
        if cpr in after:
            start = after[cpr] + dt.timedelta(draw(st.integers(1, 90)))  # type: ignore[operator]
            end = None if end is None else max(end, start)
        after[cpr] = end
        placements.append(
            {
                "placement_id": f"P{i}",
                "cpr": cpr,
                "municipality": draw(place),
                "start": start,
                "end": end,
                "placement_type": draw(codes("placement_type")),
                "consent": draw(st.booleans()),
            }
        )
    measures = []
    for i in range(draw(st.integers(1, 5))):
        start, end = draw(period())
        measures.append(
            {
                "measure_id": f"M{i}",
                "cpr": draw(child),
                "municipality": draw(place),
                "start": start,
                "end": end,
                "measure_type": draw(codes("measure_type")),
            }
        )
    cases = []
    for i in range(draw(st.integers(1, 5))):
        opened, closed = draw(period())
        cases.append(
            {
                "case_id": f"S{i}",
                "cpr": draw(child),
                "municipality": draw(place),
                "team": draw(st.sampled_from(["StraXen", "Børneteam"])),
                "adviser_id": draw(st.none() | st.sampled_from(["R1", "R2"])),
                "opened": opened,
                "closed": closed,
            }
        )
    complaints = [
        {
            "decision_id": f"K{i}",
            "decided": draw(days),
            "instance": draw(codes("instance")),
            "outcome": draw(codes("outcome")),
            "own_initiative": draw(st.booleans()),
            "municipality": draw(st.none() | place),
        }
        for i in range(draw(st.integers(1, 5)))
    ]
    return {
        "notifications": notifications,
        "investigations": investigations,
        "placements": placements,
        "measures": measures,
        "cases": cases,
        "complaints": complaints,
    }


@settings(
    max_examples=8,
    phases=[Phase.generate],  # an import per example: shrinking would take minutes
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(records=warehouse(), publish=st.booleans())
def test_the_duckdb_executor_gives_what_each_definition_gives_as_written(records, publish, tmp_path):
    folder = tmp_path / f"w{next(counter)}"
    ws = init_workspace(folder / "ws", municipalities=list(MUNICIPALITIES))
    load_records(ws, folder / "in", records)
    for year in (2013, 2012):
        fast, plain = compute(ws, year, publish=publish), compute(ws, year, publish=publish, plain=True)
        assert list(fast.results) == list(plain.results)
        for id in fast.results:
            pd.testing.assert_frame_equal(fast.results[id], plain.results[id], check_exact=False, obj=id)
        assert fast.findings == plain.findings
