"""Notification indicators on a hand-made data set; every expected value is worked out by hand.

Children: A (boy, born 1 January 2005), B (girl, born 29 February 2008), C (boy, born 31 December
2000), D (girl, born 15 June 2010), and one unborn child. A is notified about in both 183 and 187.
"""

from __future__ import annotations

import datetime as dt

import pytest

from boernetal.engine import compute

from helpers import fake_cpr, load_records, values_of

D, T = dt.date, dt.datetime
A = fake_cpr(D(2005, 1, 1), 1, boy=True)
B = fake_cpr(D(2008, 2, 29), 2, boy=False)
C = fake_cpr(D(2000, 12, 31), 3, boy=True)
K = fake_cpr(D(2010, 6, 15), 4, boy=False)  # "D" in the docstring
MOTHER = fake_cpr(D(1985, 3, 3), 5, boy=False)


def n(id, cpr, municipality, received, channel="written", source="school", reason=None, action=None, at=None):
    return {
        "notification_id": id,
        "cpr": cpr,
        "mother_cpr": None if cpr else MOTHER,
        "unborn": cpr is None,
        "municipality": municipality,
        "received": received,
        "channel": channel,
        "source": source,
        "reason": reason,
        "first_action": action,
        "first_action_at": at,
    }


NOTIFICATIONS = [
    # same day, 6 hours; A is 8 on his birthday
    n(
        "N1",
        A,
        "183",
        T(2013, 1, 1, 9),
        reason="physical_neglect",
        action="meeting_with_parents",
        at=T(2013, 1, 1, 15),
    ),
    # 31 December, bare dates, first action the next calendar day: within 24 hours by the calendar rule
    n("N2", A, "183", D(2013, 12, 31), "phone", "police", action="home_visit", at=D(2014, 1, 1)),
    # 14 days later: within 14 days, not within 24 hours
    n(
        "N3",
        A,
        "187",
        T(2013, 6, 1, 10),
        "meeting",
        "daycare",
        "violence",
        "contact_partners",
        T(2013, 6, 15, 9),
    ),
    # next day but 25 hours later: not within 24 hours; B is still 4 on 28 February 2013
    n("N4", B, "183", T(2013, 2, 28, 8), source="hospital", action="investigation", at=T(2013, 3, 1, 9)),
    # 15 days later; B's birthday in a non-leap year is 1 March, so she is 5
    n(
        "N5",
        B,
        "183",
        T(2013, 3, 1, 8),
        source="general_practitioner",
        action="child_conversation",
        at=T(2013, 3, 16, 8),
    ),
    # next day, 9 hours later: within 24 hours; C turns 13 that day
    n("N6", C, "183", T(2013, 12, 31, 23), action="acute_measure", at=T(2014, 1, 1, 8)),
    n("N7", None, "187", D(2013, 5, 5), "phone", "health_visitor"),  # unborn, no first action
    # bare first-action date 2 days later: not within 24 hours
    n("N8", K, "187", T(2013, 7, 7, 12), source="family", action="no_action", at=D(2013, 7, 9)),
    n("N9", C, "183", D(2012, 11, 11)),  # the year before
    # a first action without its date: response 'unrecorded'
    n("N10", K, "187", D(2013, 7, 8), source="family", action="existing_case"),
]


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    from boernetal import init_workspace

    folder = tmp_path_factory.mktemp("notifications")
    ws = init_workspace(folder / "ws", municipalities=["183", "187"])
    load_records(ws, folder / "in", {"notifications": NOTIFICATIONS})
    return compute(ws, 2013)


def test_notifications_total(figures):
    assert values_of(figures, "notifications.total") == {"183": 5, "187": 4, "all": 9}
    assert values_of(figures, "notifications.total", 2012) == {"183": 1, "all": 1}
    assert figures.rows("notifications.total", year=2011).empty  # no data reaches back to 2011
    assert any(f.code == "year_missing" and f.kind == "notifications" for f in figures.findings)


def test_notifications_unborn(figures):
    assert values_of(figures, "notifications.unborn") == {"187": 1, "all": 1}


def test_notifications_by_channel_and_meeting_share(figures):
    assert values_of(figures, "notifications.by_channel") == {
        ("183", "phone"): 1, ("183", "written"): 4,
        ("187", "meeting"): 1, ("187", "phone"): 1, ("187", "written"): 2,
        ("all", "meeting"): 1, ("all", "phone"): 2, ("all", "written"): 6,
    }  # fmt: skip
    assert values_of(figures, "notifications.meeting_share") == pytest.approx(
        {"183": 0.0, "187": 25.0, "all": 100 / 9}
    )


def test_notifications_by_month_and_average(figures):
    by_month = values_of(figures, "notifications.by_month")
    assert {k: v for k, v in by_month.items() if k[0] == "183"} == {
        ("183", 1): 1, ("183", 2): 1, ("183", 3): 1, ("183", 12): 2
    }  # fmt: skip
    assert {k: v for k, v in by_month.items() if k[0] == "all"} == {
        ("all", 1): 1, ("all", 2): 1, ("all", 3): 1, ("all", 5): 1, ("all", 6): 1, ("all", 7): 2,
        ("all", 12): 2,
    }  # fmt: skip
    assert values_of(figures, "notifications.per_month_average") == pytest.approx(
        {"183": 5 / 12, "187": 4 / 12, "all": 0.75}
    )


def test_notifications_by_source_and_groups(figures):
    assert values_of(figures, "notifications.by_source", municipality="183") == {
        ("183", "general_practitioner"): 1, ("183", "hospital"): 1, ("183", "police"): 1, ("183", "school"): 2
    }  # fmt: skip
    assert values_of(figures, "notifications.by_source_group", municipality="all") == {
        ("all", "daycare"): 1, ("all", "health"): 3, ("all", "other_with_duty"): 1,
        ("all", "private"): 2, ("all", "school"): 2,
    }  # fmt: skip
    assert values_of(figures, "notifications.by_source_group_share", municipality="all") == pytest.approx(
        {("all", "daycare"): 100 / 9, ("all", "health"): 100 / 3, ("all", "other_with_duty"): 100 / 9,
         ("all", "private"): 200 / 9, ("all", "school"): 200 / 9}
    )  # fmt: skip


def test_notifications_by_reason_missing_is_unknown(figures):
    assert values_of(figures, "notifications.by_reason") == {
        ("183", "physical_neglect"): 1, ("183", "unknown"): 4,
        ("187", "unknown"): 3, ("187", "violence"): 1,
        ("all", "physical_neglect"): 1, ("all", "unknown"): 7, ("all", "violence"): 1,
    }  # fmt: skip


def test_notifications_by_first_action_and_share(figures):
    assert values_of(figures, "notifications.by_first_action", municipality="187") == {
        ("187", "contact_partners"): 1, ("187", "existing_case"): 1, ("187", "no_action"): 1,
        ("187", "unrecorded"): 1,
    }  # fmt: skip
    # of those with a first action recorded: 3 in 187, 8 in all
    share = values_of(figures, "notifications.by_first_action_share")
    assert share[("187", "no_action")] == pytest.approx(100 / 3)
    assert share[("all", "no_action")] == pytest.approx(12.5)
    assert ("187", "unrecorded") not in share


def test_notifications_by_age_on_the_day_received(figures):
    # A is 8 on 1 January 2013 (his birthday) and still 8 on 31 December; B 4 on 28 February and
    # 5 on 1 March (born 29 February); C 13 on his birthday; D 3.
    assert values_of(figures, "notifications.by_age") == {
        ("183", 4): 1, ("183", 5): 1, ("183", 8): 2, ("183", 13): 1,
        ("187", 3): 2, ("187", 8): 1,
        ("all", 3): 2, ("all", 4): 1, ("all", 5): 1, ("all", 8): 3, ("all", 13): 1,
    }  # fmt: skip


def test_notifications_by_sex_counts_notifications(figures):
    assert values_of(figures, "notifications.by_sex") == {
        ("183", "boy"): 3, ("183", "girl"): 2, ("187", "boy"): 1, ("187", "girl"): 2,
        ("all", "boy"): 4, ("all", "girl"): 4,
    }  # fmt: skip


def test_notifications_born_children_and_per_child(figures):
    assert values_of(figures, "notifications.born") == {"183": 5, "187": 3, "all": 8}
    # A is notified about in both municipalities: one child in all
    assert values_of(figures, "notifications.children") == {"183": 3, "187": 2, "all": 4}
    assert values_of(figures, "notifications.per_child") == pytest.approx(
        {"183": 5 / 3, "187": 1.5, "all": 2.0}
    )


def test_notifications_children_by_count_across_municipalities(figures):
    # A: 2 in 183, 1 in 187, 3 in all
    assert values_of(figures, "notifications.children_by_count") == {
        ("183", "1"): 1, ("183", "2"): 2, ("187", "1"): 1, ("187", "2"): 1,
        ("all", "1"): 1, ("all", "2"): 2, ("all", "3+"): 1,
    }  # fmt: skip
    assert values_of(figures, "notifications.children_by_count_share", municipality="all") == pytest.approx(
        {("all", "1"): 25.0, ("all", "2"): 50.0, ("all", "3+"): 25.0}
    )


def test_notifications_response_by_calendar_days(figures):
    assert values_of(figures, "notifications.response") == {
        ("183", "1_day"): 3, ("183", "over_14_days"): 1, ("183", "same_day"): 1,
        ("187", "2_7_days"): 1, ("187", "8_14_days"): 1, ("187", "unrecorded"): 2,
        ("all", "1_day"): 3, ("all", "2_7_days"): 1, ("all", "8_14_days"): 1, ("all", "over_14_days"): 1,
        ("all", "same_day"): 1, ("all", "unrecorded"): 2,
    }  # fmt: skip


def test_notifications_within_14_days_share(figures):
    assert values_of(figures, "notifications.within_14_days_share") == pytest.approx(
        {"183": 80.0, "187": 50.0, "all": 600 / 9}
    )


def test_notifications_within_24_hours_share(figures):
    # N1 (6 h), N2 (bare dates, next day), N6 (9 h) count; N4 (25 h) and N8 (bare, 2 days) do not
    assert values_of(figures, "notifications.within_24_hours_share") == pytest.approx(
        {"183": 60.0, "187": 0.0, "all": 100 / 3}
    )


def test_notification_findings(figures):
    without = [f for f in figures.findings if f.code == "notification_without_first_action"]
    assert [(f.municipality, f.count) for f in without] == [("187", 2)]


def test_published_findings_do_not_state_small_counts(tmp_path):
    from boernetal import Workspace

    ws = Workspace.open(figures_workspace(tmp_path))
    published = compute(ws, 2013, publish=True)
    without = [f for f in published.findings if f.code == "notification_without_first_action"]
    assert [(f.municipality, f.count) for f in without] == [("187", None)]
    assert without[0].message.startswith("Færre end 3 underretninger i Vallensbæk")


def figures_workspace(tmp_path):
    from boernetal import init_workspace

    ws = init_workspace(tmp_path / "ws", municipalities=["183", "187"])
    load_records(ws, tmp_path / "in", {"notifications": NOTIFICATIONS})
    return ws.path
