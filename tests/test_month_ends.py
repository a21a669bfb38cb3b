"""cases.month_end counts records open on each month-end with a running balance (indicators/cases.py).

The property: for random case periods — open before, within and after the years, closed on a
month-end or the day after, open-ended, in two municipalities and teams — the balance equals the
definition applied literally: a case is open on a month-end when opened ≤ day ≤ closed.
"""

from __future__ import annotations

import calendar
import datetime as dt

import duckdb
import ibis
from hypothesis import given, settings
from hypothesis import strategies as st

from boernetal.indicators.cases import open_at_month_ends
from boernetal.indicators.scope import ALL, Scope

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
