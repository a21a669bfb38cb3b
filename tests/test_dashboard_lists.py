"""The dashboard's deadline lists and caseloads on hand-made records, on the rules' edges; every
expected id and date is worked out by hand from the data contract's reading rules.

- 24-hour rule: by the clock when both times are known, else by calendar date.
- 4 calendar months after ``decided``, clamped to the month's end (31 October -> 28/29 February);
  ``completed`` is the last day an investigation is open.
- Turning 18: born 29 February, the birthday is 1 March in a year that is not a leap year.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from boernetal.dashboard.caseload import caseload
from boernetal.dashboard.lists import LISTS
from boernetal.dashboard.permissions import EVERYTHING, Resource
from boernetal.warehouse.connect import reading

from helpers import fake_cpr, load_records, placement_row

D, T = dt.date, dt.datetime
KIDS = [fake_cpr(D(2005, 1, 1) + dt.timedelta(days=40 * i), i) for i in range(12)]
LEAP = fake_cpr(D(2000, 2, 29), 30, boy=False)  # 18 on 1 March 2018
MAY = fake_cpr(D(2000, 5, 10), 31)  # 18 on 10 May 2018


def n(id, cpr, received, at, team="Børneteam", municipality="183"):
    return {
        "notification_id": id,
        "cpr": cpr,
        "municipality": municipality,
        "received": received,
        "channel": "written",
        "source": "school",
        "first_action": "meeting_with_parents" if at else None,
        "first_action_at": at,
        "team": team,
    }


def u(id, cpr, decided, completed, team="§ 50 team", municipality="183"):
    return {
        "investigation_id": id,
        "cpr": cpr,
        "municipality": municipality,
        "decided": decided,
        "completed": completed,
        "team": team,
    }


def case(id, cpr, team, adviser, opened, closed, municipality="183"):
    return {
        "case_id": id,
        "cpr": cpr,
        "municipality": municipality,
        "team": team,
        "adviser_id": adviser,
        "opened": opened,
        "closed": closed,
    }


RECORDS = {
    "notifications": [
        n("N1", KIDS[0], T(2017, 3, 6, 23, 10), T(2017, 3, 7, 8, 0)),  # 8 h 50 min: in time
        n("N2", KIDS[1], T(2017, 3, 6, 9, 0), T(2017, 3, 7, 10, 0)),  # 25 h: late by the clock
        n("N3", KIDS[2], D(2017, 3, 6), D(2017, 3, 7)),  # bare dates, next day: in time
        n("N4", KIDS[3], D(2017, 3, 6), D(2017, 3, 8), team="StraXen"),  # two days: late
        n("N5", KIDS[4], D(2017, 3, 8), None, team="StraXen"),  # waiting
        n("N6", KIDS[5], D(2017, 3, 9), D(2017, 3, 20)),  # waiting until 20 March
        n("N7", KIDS[6], D(2017, 1, 2), None),  # more than 30 days before: not a task this week
    ],
    "investigations": [
        u("U1", KIDS[0], D(2017, 10, 31), None),  # deadline 28 February 2018
        u("U2", KIDS[1], D(2017, 11, 10), D(2018, 3, 1)),  # deadline 10 March; open to 1 March
        u("U3", KIDS[2], D(2017, 10, 15), D(2018, 2, 14)),  # completed 14 February: closed on 1 March
        u("U4", KIDS[3], D(2017, 9, 30), None, team="StraXen"),  # deadline 30 January 2018
    ],
    "placements": [
        placement_row("P1", LEAP, "183", D(2015, 1, 1), None),
        placement_row("P2", MAY, "187", D(2016, 1, 1), None),
        placement_row("P3", KIDS[7], "183", D(2016, 1, 1), None),  # 13 in 2018: no
    ],
    "cases": [
        case("S1", LEAP, "Ungeteam", "R1", D(2015, 1, 1), None),
        case("S2", KIDS[8], "Ungeteam", "R1", D(2016, 1, 1), None),
        case("S3", KIDS[9], "Ungeteam", None, D(2017, 12, 1), None),  # without adviser
        case("S4", KIDS[10], "StraXen", "R2", D(2016, 1, 1), D(2018, 2, 28)),  # open on 28 Feb only
        case("S5", KIDS[11], "StraXen", "R2", D(2016, 1, 1), D(2018, 1, 31)),
    ],
    "staff": [
        {"adviser_id": "R1", "team": "Ungeteam", "start": D(2015, 1, 1), "end": None, "fte": Decimal("0.5")},
        {"adviser_id": "R2", "team": "StraXen", "start": D(2015, 1, 1), "end": None, "fte": None},
    ],
}


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    from boernetal import init_workspace

    folder = tmp_path_factory.mktemp("lists")
    workspace = init_workspace(folder / "ws", municipalities=["183", "187"])
    load_records(workspace, folder / "in", RECORDS)
    return workspace


def ids(ws, list_id: str, day: dt.date, resource: Resource = EVERYTHING) -> list[str]:
    with reading(ws) as backend:
        frame = LISTS[list_id].records(backend, day, resource)
    return [str(v) for v in frame.iloc[:, 0]]


def test_waiting_for_a_first_action(ws):
    # received 6 March, each first action on 7 or 8 March: all four wait on the 6th
    assert set(ids(ws, "venter", D(2017, 3, 6))) == {"N1", "N2", "N3", "N4"}
    assert ids(ws, "venter", D(2017, 3, 9)) == ["N5", "N6"]  # the oldest first
    assert ids(ws, "venter", D(2017, 3, 20)) == ["N5"]
    assert ids(ws, "venter", D(2017, 1, 31)) == ["N7"]  # 29 days after: still listed ...
    assert ids(ws, "venter", D(2017, 2, 1)) == []  # ... 30 days after: no longer


def test_first_action_after_24_hours(ws):
    # N1 at 23:10, action 08:00 next morning: in time; N3 bare dates the next day: in time
    assert ids(ws, "over-24-timer", D(2017, 3, 7)) == ["N2"]
    assert ids(ws, "over-24-timer", D(2017, 3, 8)) == ["N4", "N2"]  # two days before one
    assert ids(ws, "over-24-timer", D(2017, 3, 8), Resource(team="StraXen")) == ["N4"]


def test_the_four_month_deadline(ws):
    # U1 decided 31 October: due 28 February 2018, the last day in time; U3 due 15 February
    assert ids(ws, "undersoegelser-frist-snart", D(2018, 2, 14)) == ["U3", "U1"]
    assert ids(ws, "undersoegelser-over-frist", D(2018, 2, 28)) == ["U4"]
    assert ids(ws, "undersoegelser-over-frist", D(2018, 3, 1)) == ["U4", "U1"]  # the oldest deadline first
    # U2 (due 10 March) completed 1 March is open on 1 March: due within 14 days
    assert ids(ws, "undersoegelser-frist-snart", D(2018, 3, 1)) == ["U2"]
    assert ids(ws, "undersoegelser-frist-snart", D(2018, 3, 2)) == []
    # U3 completed 14 February is open that day, not the day after
    assert "U3" in ids(ws, "undersoegelser-frist-snart", D(2018, 2, 14))
    assert "U3" not in ids(ws, "undersoegelser-frist-snart", D(2018, 2, 15))


def test_a_leap_year_deadline(tmp_path):
    from boernetal import init_workspace

    workspace = init_workspace(tmp_path / "ws", municipalities=["183"])
    load_records(workspace, tmp_path / "in", {"investigations": [u("U9", KIDS[0], D(2015, 10, 31), None)]})
    assert ids(workspace, "undersoegelser-over-frist", D(2016, 2, 29)) == []  # due 29 February 2016
    assert ids(workspace, "undersoegelser-over-frist", D(2016, 3, 1)) == ["U9"]


def test_placed_young_people_turning_18(ws):
    # born 29 February 2000: 18 on 1 March 2018; six months before is 1 September 2017
    assert ids(ws, "fylder-18", D(2017, 8, 31)) == []
    assert ids(ws, "fylder-18", D(2017, 9, 1)) == ["P1"]
    assert ids(ws, "fylder-18", D(2017, 11, 10)) == ["P1", "P2"]  # 10 May 2018 is 6 months on
    assert ids(ws, "fylder-18", D(2018, 3, 1)) == ["P2"]  # P1 is 18 now
    with reading(ws) as backend:
        frame = LISTS["fylder-18"].records(backend, D(2017, 11, 10), Resource())
    assert [str(d)[:10] for d in frame["turns_18"]] == ["2018-03-01", "2018-05-10"]
    assert list(frame["team"].fillna("")) == ["Ungeteam", ""]  # the team of the open case
    assert ids(ws, "fylder-18", D(2017, 11, 10), Resource(municipality="187")) == ["P2"]


def test_cases_without_an_adviser(ws):
    assert ids(ws, "uden-raadgiver", D(2017, 12, 1)) == ["S3"]
    assert ids(ws, "uden-raadgiver", D(2017, 11, 30)) == []


def test_open_cases_behind_the_caseloads(ws):
    assert ids(ws, "aabne-sager", D(2018, 2, 28)) == ["S1", "S2", "S4", "S3"]  # the oldest first
    assert ids(ws, "aabne-sager", D(2018, 3, 1), Resource(team="StraXen")) == []


def test_no_list_shows_a_child(ws):
    for lst in LISTS.values():
        assert not {"child", "cpr", "mother", "birth_date", "record_key"} & set(lst.columns)


def test_caseloads(ws):
    with reading(ws) as backend:
        load = caseload(backend, D(2018, 2, 28), Resource(), threshold=3)
    advisers = {
        r["adviser_id"]: (r["team"], r["cases"], r["fte"], r["above"])
        for r in load.advisers.to_dict("records")
    }
    # R1: 2 cases at 0.5 FTE (above 3 × 0.5); R2: S4 only (S5 closed 31 January), FTE empty = 1
    assert advisers == {"R1": ("Ungeteam", 2, 0.5, True), "R2": ("StraXen", 1, 1.0, False)}
    teams = {r["team"]: (r["cases"], r["fte"]) for r in load.teams.to_dict("records")}
    assert teams == {"Ungeteam": (3, 0.5), "StraXen": (1, 1.0)}  # S3 counts for its team


def test_every_list_is_the_same_on_postgresql(ws, tmp_path):
    """The lists and caseloads on a PostgreSQL warehouse give the records the DuckDB file gives."""
    import os

    from test_backends import POSTGRES_ENV, fresh_schema, moved_to_postgres, unavailable

    server = os.environ.get(POSTGRES_ENV)
    if not server:
        unavailable(f"ingen PostgreSQL-server: sæt {POSTGRES_ENV} (scripts/postgres start MAPPE giver en)")
    moved = moved_to_postgres(ws, fresh_schema(str(server)), tmp_path / "pg")
    days = [D(2017, 3, 6), D(2017, 3, 8), D(2017, 9, 1), D(2017, 11, 10), D(2018, 2, 14), D(2018, 3, 1)]
    for day in days:
        for list_id in LISTS:
            for resource in (EVERYTHING, Resource(team="StraXen"), Resource(municipality="187")):
                assert ids(moved, list_id, day, resource) == ids(ws, list_id, day, resource), (list_id, day)
    with reading(ws) as here, reading(moved) as there:
        a = caseload(here, D(2018, 2, 28), EVERYTHING, threshold=3)
        b = caseload(there, D(2018, 2, 28), EVERYTHING, threshold=3)
    assert a.advisers.to_dict("records") == b.advisers.to_dict("records")
    assert a.teams.to_dict("records") == b.teams.to_dict("records")
