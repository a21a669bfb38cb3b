"""Helpers cleverer than the definition they implement, checked against it literally on random
records: the month-end running balance (cases), each child's latest period, and the catalogue
form every result is put in (``engine.tidy``).
"""

from __future__ import annotations

import calendar
import datetime as dt

import duckdb
import ibis
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from boernetal.catalogue.cases import open_at_month_ends
from boernetal.catalogue.registry import Indicator
from boernetal.catalogue.scope import ALL, Scope, days_of, latest_per_child
from boernetal.engine.indicator_set import tidy

FIRST, LAST = dt.date(2010, 1, 1), dt.date(2015, 12, 31)
MONTH_ENDS = [dt.date(y, m, calendar.monthrange(y, m)[1]) for y in range(2010, 2016) for m in range(1, 13)]


@st.composite
def periods(draw: st.DrawFn) -> tuple[dt.date, dt.date | None]:
    # often exactly on a month-end or the day after one: the edges the balance hinges on
    day = st.one_of(
        st.dates(FIRST, LAST),
        st.sampled_from(MONTH_ENDS),
        st.sampled_from(MONTH_ENDS).map(lambda d: d + dt.timedelta(days=1)),
    )
    opened = draw(day)
    closed = draw(st.one_of(st.none(), day.filter(lambda d: d >= opened)))
    return opened, closed


cases = st.lists(
    st.tuples(st.sampled_from(["183", "187", None]), st.sampled_from(["Børneteam", "StraXen"]), periods()),
    max_size=12,
)
years = st.sampled_from([(2012, 2013, 2014), (2013,), (2012, 2014), (2011, 2012)])


def literally(rows: list, years: tuple[int, ...]) -> dict[tuple, int]:
    """(year, municipality, team, month) -> open cases, for groups with a case in the year."""
    out: dict[tuple, int] = {}
    for year in years:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        for municipality, team, (opened, closed) in rows:
            if opened > last or (closed is not None and closed < first):
                continue
            for scope in ([municipality] if municipality else []) + [ALL]:
                for month in range(1, 13):
                    day = dt.date(year, month, calendar.monthrange(year, month)[1])
                    key = (year, scope, team, month)
                    out[key] = out.get(key, 0) + (opened <= day and (closed is None or day <= closed))
    return out


@settings(max_examples=60)
@given(cases, years)
def test_running_balance_is_the_definition(rows, years):
    """Random case periods — open before, within and after the years, closed on a month-end or the
    day after, open-ended, in two municipalities and teams: a case is open on a month-end when
    opened ≤ day ≤ closed."""
    con = duckdb.connect()
    con.sql("CREATE TABLE cases (municipality VARCHAR, team VARCHAR, opened DATE, closed DATE)")
    for municipality, team, (opened, closed) in rows:
        con.execute("INSERT INTO cases VALUES (?, ?, ?, ?)", [municipality, team, opened, closed])
    scope = Scope(ibis.duckdb.from_connection(con), years, ("183", "187"))
    counted = open_at_month_ends(scope, "cases", "opened", "closed", "municipality", "team").to_pandas()
    got = {
        (r.year, r.municipality, r.team, r.month): r.value
        for r in counted.itertuples()
        if r.year in years  # the balance's own table has only the scope's years
    }
    assert got == literally(rows, years)


day = st.dates(dt.date(2013, 1, 1), dt.date(2013, 1, 5))  # few days: many ties
placements = st.lists(
    st.tuples(st.sampled_from(["A", "B"]), day, st.one_of(st.none(), day), st.sampled_from(["x", "y", "z"])),
    max_size=8,
)


@settings(max_examples=60)
@given(placements)
def test_latest_per_child_is_the_latest_start_then_the_longest_then_the_highest_id(rows):
    con = duckdb.connect()
    con.sql("CREATE TABLE p (year INT, municipality VARCHAR, child VARCHAR, id VARCHAR, start DATE, "
            '"end" DATE, type VARCHAR)')  # fmt: skip
    for number, (child, start, end, type_) in enumerate(rows):
        con.execute(
            "INSERT INTO p VALUES (2013, '183', ?, ?, ?, ?, ?)", [child, f"P{number}", start, end, type_]
        )
    table = ibis.duckdb.from_connection(con).table("p")
    got = dict(latest_per_child(table, "id", "type").to_pandas()[["child", "type"]].itertuples(index=False))
    far = dt.date(9999, 12, 31)
    expected = {}
    for child in {r[0] for r in rows}:
        mine = [
            (start, end or far, f"P{n}", type_) for n, (c, start, end, type_) in enumerate(rows) if c == child
        ]
        expected[child] = max(mine)[3]
    assert got == expected


@settings(max_examples=40)
@given(
    st.sets(st.integers(1996, 2040), min_size=1, max_size=4),
    st.dates(dt.date(1995, 1, 1), dt.date(2041, 12, 31)),
)
def test_an_event_is_in_the_year_of_its_day_and_no_other(years, day):
    """Events are joined to the years by their date (``Scope.days``): each day of each year once,
    leap days included, with that year's first and last day."""
    con = duckdb.connect()
    con.sql("CREATE TABLE complaints (municipality VARCHAR, decided DATE)")
    con.execute("INSERT INTO complaints VALUES ('183', ?)", [day])
    scope = Scope(ibis.duckdb.from_connection(con), tuple(sorted(years)), ("183",), rows="own")
    rows = scope.records("complaints").to_pyarrow().to_pandas(date_as_object=True)
    expected = [(day.year, dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))] if day.year in years else []
    assert list(rows[["year", "first_day", "last_day"]].itertuples(index=False, name=None)) == expected
    every_day = days_of(scope.counted).column("day").to_pylist()
    assert len(every_day) == len(set(every_day)) == sum(366 if calendar.isleap(y) else 365 for y in years)


result_rows = st.lists(
    st.tuples(
        st.sampled_from([2012, 2013]),
        st.sampled_from(["183", "187", "all", "101"]),
        st.sampled_from(["school", "police", "Å-gruppe", None]),
        st.integers(1, 12),
        st.integers(0, 50),
    ),
    max_size=30,
)


@settings(max_examples=80)
@given(result_rows, st.booleans(), st.sampled_from(["count", "percent"]))
def test_tidy_puts_rows_in_catalogue_order_and_form(rows, as_text, unit):
    """By year, then municipality (``all`` last), then each breakdown with a missing member last,
    rows alike in the order given; text as Python strings with None for missing, numbers as
    int64 (counts) or float64."""
    indicator = Indicator("test.tidy", "Test", unit, "notifications", breakdown=("source", "month"))
    frame = pd.DataFrame(rows, columns=["year", "municipality", "source", "month", "value"])
    if as_text:  # as DuckDB's results arrive in pandas 3: Arrow-backed strings, NaN for missing
        frame = frame.astype({"municipality": "str", "source": "str"})
    got = tidy(indicator, frame)
    expected = sorted(
        rows, key=lambda r: (r[0], r[1] == ALL, r[1], r[2] is None, r[2] or "", r[3])
    )  # sorted() is stable: rows alike keep their order
    assert list(got.itertuples(index=False, name=None)) == expected
    assert list(got.columns) == ["year", "municipality", "source", "month", "value"]
    assert got["value"].dtype == ("int64" if unit == "count" else "float64")
    assert got["year"].dtype == got["month"].dtype == "int64"
    assert got["source"].dtype == got["municipality"].dtype == object
    assert all(v is None or type(v) is str for v in got["source"])
    assert list(tidy(indicator, got, ordered=True).itertuples(index=False, name=None)) == expected


def test_every_visible_indicator_has_a_danish_definition():
    from boernetal.catalogue import REGISTRY
    from boernetal.catalogue.names import definitions

    visible = {i.id for i in REGISTRY.values() if not i.hidden and not i.on_request}
    assert visible - set(definitions()) == set()
    assert set(definitions()) - set(REGISTRY) == set()  # no definition of an indicator that is gone
    assert all(text.endswith(".") and text[0].isupper() for text in definitions().values())
