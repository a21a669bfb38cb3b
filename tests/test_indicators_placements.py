"""Placement, measure and investigation indicators on a hand-made data set, worked out by hand.

Placements (2013): E moves from foster family to residential home the day after (a continuation),
F continues from 2012 and is re-placed after a gap (new), G (18 on 31 December) is placed in
aftercare, J is born and placed the same day and moves the same day (continuation), K's period
spans 2012–2014, L moves from 183 to 187 the day after (not new in either). H (20) has an
aftercare contact person, I (23) too but is too old.
"""

from __future__ import annotations

import datetime as dt

import pytest

from boernetal.engine import compute

from helpers import fake_cpr, load_records, values_of
from helpers import placement_row as p

D = dt.date
E = fake_cpr(D(2000, 3, 10), 1, boy=True)
F = fake_cpr(D(2005, 5, 5), 2, boy=False)
G = fake_cpr(D(1995, 12, 31), 3, boy=True)
H = fake_cpr(D(1993, 1, 1), 4, boy=False)
I = fake_cpr(D(1990, 6, 1), 5, boy=True)  # noqa: E741
J = fake_cpr(D(2013, 2, 1), 6, boy=False)
K = fake_cpr(D(2001, 1, 1), 7, boy=False)
L = fake_cpr(D(2006, 6, 6), 8, boy=True)


def m(id, cpr, municipality, start, end, measure_type):
    return {
        "measure_id": id,
        "cpr": cpr,
        "municipality": municipality,
        "start": start,
        "end": end,
        "measure_type": measure_type,
    }


def u(id, cpr, municipality, decided, completed):
    return {
        "investigation_id": id,
        "cpr": cpr,
        "municipality": municipality,
        "decided": decided,
        "completed": completed,
    }


PLACEMENTS = [
    p("E1", E, "183", D(2010, 1, 1), D(2013, 3, 31), "foster_family"),
    p("E2", E, "183", D(2013, 4, 1), None, "residential_home", consent=False),
    p("F1", F, "187", D(2011, 1, 1), D(2012, 12, 31), "network_foster"),
    p("F2", F, "187", D(2013, 1, 1), D(2013, 6, 30), "institution_social"),
    p("F3", F, "187", D(2013, 8, 1), None, "foster_family"),
    p("G1", G, "183", D(2012, 6, 1), None, "own_room"),
    p("J1", J, "183", D(2013, 2, 1), D(2013, 2, 1), "secure_unit", consent=False),
    p("J2", J, "183", D(2013, 2, 1), D(2013, 12, 31), "municipal_foster_family"),
    p("K1", K, "183", D(2012, 12, 15), D(2014, 1, 10), "boarding_school"),
    p("L1", L, "183", D(2013, 3, 1), D(2013, 5, 31), "residential_home"),
    p("L2", L, "187", D(2013, 6, 1), None, "residential_home"),
]
MEASURES = [
    m("M1", E, "183", D(2012, 6, 1), D(2013, 1, 1), "family_treatment"),
    m("M2", E, "183", D(2013, 12, 31), None, "consultancy"),
    m("M3", F, "187", D(2014, 1, 1), None, "respite_care"),
    m("M4", K, "183", D(2011, 1, 1), D(2012, 12, 31), "family_treatment"),
    m("M5", G, "183", D(2013, 6, 1), None, "aftercare_contact_person"),
    m("M6", H, "187", D(2013, 1, 1), D(2014, 6, 30), "aftercare_contact_person"),
    m("M7", I, "187", D(2013, 1, 1), None, "aftercare_contact_person"),
]
INVESTIGATIONS = [
    u("U1", E, "183", D(2013, 1, 31), D(2013, 5, 31)),  # deadline 31 May: in time
    u("U2", F, "183", D(2013, 10, 31), D(2014, 2, 28)),  # deadline clamped to 28 February: in time
    u("U3", G, "187", D(2013, 10, 31), D(2014, 3, 1)),  # a day late
    u("U4", K, "183", D(2013, 8, 31), None),  # open; deadline 31 December: not overdue yet
    u("U5", L, "187", D(2013, 8, 30), None),  # open; deadline 30 December: overdue
    u("U6", E, "183", D(2012, 5, 1), D(2013, 1, 15)),
    u("U7", F, "187", D(2013, 6, 1), D(2013, 6, 20)),
    u("U8", J, "183", D(2013, 2, 1), None),  # replaced below by a 2012 decision for the same child
    u("U9", K, "183", D(2011, 10, 31), D(2012, 2, 29)),  # leap year: deadline 29 February 2012
    u("U10", I, "187", D(2012, 6, 1), D(2012, 12, 31)),  # completed 31 December: still open that day
]
INVESTIGATIONS[7] = u("U8", H, "183", D(2012, 11, 1), None)  # open since 2012: overdue in 2013


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    from boernetal import init_workspace

    folder = tmp_path_factory.mktemp("placements")
    ws = init_workspace(folder / "ws", municipalities=["183", "187"])
    load_records(
        ws,
        folder / "in",
        {"placements": PLACEMENTS, "measures": MEASURES, "investigations": INVESTIGATIONS},
    )
    return compute(ws, 2013)


def test_placements_children(figures):
    # F1 ended 31 December 2012 and does not count for 187 in 2013 on its own; F2 does.
    assert values_of(figures, "placements.children") == {"183": 5, "187": 2, "all": 6}


def test_placements_children_by_group_uses_the_latest_start(figures):
    # J's two periods start the same day: the longer one (J2, municipal foster family) counts.
    # L counts under residential home in 183 (L1) and in 187 (L2), and once in all.
    assert values_of(figures, "placements.children_by_group") == {
        ("183", "boarding_school"): 1, ("183", "foster_family"): 1, ("183", "own_room"): 1,
        ("183", "residential_home"): 2,
        ("187", "foster_family"): 1, ("187", "residential_home"): 1,
        ("all", "boarding_school"): 1, ("all", "foster_family"): 2, ("all", "own_room"): 1,
        ("all", "residential_home"): 2,
    }  # fmt: skip
    assert values_of(figures, "placements.children_by_group_share", municipality="all") == pytest.approx(
        {("all", "boarding_school"): 100 / 6, ("all", "foster_family"): 100 / 3, ("all", "own_room"): 100 / 6,
         ("all", "residential_home"): 100 / 3}
    )  # fmt: skip


def test_placements_children_by_type(figures):
    assert values_of(figures, "placements.children_by_type", municipality="all") == {
        ("all", "boarding_school"): 1, ("all", "foster_family"): 1, ("all", "municipal_foster_family"): 1,
        ("all", "own_room"): 1, ("all", "residential_home"): 2,
    }  # fmt: skip


def test_placements_stock_end_of_year(figures):
    # J2 ends 31 December: still placed that day (inclusive end)
    assert values_of(figures, "placements.stock_end_of_year") == {"183": 4, "187": 2, "all": 6}


def test_placements_new_continuations_and_gaps(figures):
    # new: J1 (born and placed), L1 (183), F3 (after a gap); not E2, F2, J2, L2 (continuations)
    assert values_of(figures, "placements.new") == {"183": 2, "187": 1, "all": 3}
    assert values_of(figures, "placements.new_by_age") == {
        ("183", 0): 1, ("183", 6): 1, ("187", 8): 1, ("all", 0): 1, ("all", 6): 1, ("all", 8): 1
    }  # fmt: skip


def test_placements_forced_and_share(figures):
    assert values_of(figures, "placements.forced") == {"183": 2, "all": 2}
    assert values_of(figures, "placements.forced_share") == pytest.approx(
        {"183": 40.0, "187": 0.0, "all": 100 / 3}
    )


def test_placements_aftercare(figures):
    # G (18 on 31 December) is placed and has a contact person: counted once, as placed.
    # H (20) has a contact person; I (23) is too old.
    assert values_of(figures, "placements.aftercare") == {
        ("183", "placed"): 1, ("187", "contact_person"): 1, ("all", "contact_person"): 1, ("all", "placed"): 1
    }  # fmt: skip


def test_measures_by_type_counts_rows_during_the_year(figures):
    # M1 ends 1 January 2013 (counts); M3 starts 2014 and M4 ended 2012 (do not)
    assert values_of(figures, "measures.by_type") == {
        ("183", "aftercare_contact_person"): 1, ("183", "consultancy"): 1, ("183", "family_treatment"): 1,
        ("187", "aftercare_contact_person"): 2,
        ("all", "aftercare_contact_person"): 3, ("all", "consultancy"): 1, ("all", "family_treatment"): 1,
    }  # fmt: skip


def test_measures_children_without_aftercare(figures):
    assert values_of(figures, "measures.children") == {"183": 1, "all": 1}


def test_investigations_decided(figures):
    assert values_of(figures, "investigations.decided") == {"183": 3, "187": 3, "all": 6}
    assert values_of(figures, "investigations.decided", 2011) == {"183": 1, "all": 1}


def test_investigations_completed_in_time_share(figures):
    assert values_of(figures, "investigations.completed_in_time_share") == pytest.approx(
        {"183": 100.0, "187": 50.0, "all": 75.0}
    )
    assert values_of(figures, "investigations.completed_in_time_share", 2011) == {"183": 100.0, "all": 100.0}


def test_investigations_overdue_open(figures):
    assert values_of(figures, "investigations.overdue_open") == {"183": 1, "187": 1, "all": 2}
    # on 31 December 2012: U6 (decided 1 May 2012, completed 2013) is overdue; U8 not yet; U10,
    # completed that very day, is open on it (end dates are inclusive) and overdue
    assert values_of(figures, "investigations.overdue_open", 2012) == {"183": 1, "187": 1, "all": 2}
