"""Notifications — underretninger, counted by the date they were received."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from ..contract.categories import category
from .registry import Family
from .scope import Scope, age_on, count

define = Family("notifications")

SOURCE_GROUP = {code: spec.group or code for code, spec in category("source").codes.items()}
RECORDED = [code for code in category("first_action").codes]
RESPONSE = ("same_day", "1_day", "2_7_days", "8_14_days", "over_14_days", "unrecorded")
WITHIN_14_DAYS = RESPONSE[:4]


def received(s: Scope) -> ir.Table:
    """Notifications received in the year, about born and unborn children (an event's records
    are those of its year: ``Scope.records``)."""
    return s.records("notifications")


def born(s: Scope) -> ir.Table:
    n = received(s)
    return n.filter(~n.unborn)


def days_to_first_action(n: ir.Table) -> ir.IntegerValue:
    """Calendar days from received to first action (NULL when no first action date)."""
    return n.first_action_at.delta(n.received, unit="day")


# Counts that are sums of a breakdown's rows are derived from it (one query less each):

# every notification is received in one month: the total is the sum of the months
define.sum_of("notifications.total", "Underretninger i alt", "notifications.by_month")


@define("notifications.unborn", "Underretninger om ufødte børn", additive=True)
def unborn(s: Scope) -> ir.Table:
    n = received(s)
    return count(n.filter(n.unborn))


@define(
    "notifications.by_channel",
    "Underretninger efter kanal",
    breakdown=("channel",),
    total="notifications.total",
    additive=True,
)
def by_channel(s: Scope) -> ir.Table:
    return count(received(s), "channel")


define.share(
    "notifications.meeting_share",
    "Underretningsmøder, andel af alle underretninger",
    of="notifications.by_channel",
    where={"channel": "meeting"},
    over="notifications.total",
)


@define(
    "notifications.by_month",
    "Underretninger pr. måned",
    breakdown=("month",),
    total="notifications.total",
    additive=True,
)
def by_month(s: Scope) -> ir.Table:
    n = received(s)
    return count(n, n.received.month().cast("int64").name("month"))


define.ratio(
    "notifications.per_month_average",
    "Underretninger pr. måned i gennemsnit",
    "notifications.total",
    12,
    "count",
)


@define(
    "notifications.by_source",
    "Underretninger efter underretter",
    breakdown=("source",),
    total="notifications.by_source_group",
    total_by={"source": ("source_group", SOURCE_GROUP)},
    additive=True,
)
def by_source(s: Scope) -> ir.Table:
    return count(received(s), "source")


# each source belongs to one group: the groups are sums of the sources
define.sum_of(
    "notifications.by_source_group",
    "Underretninger efter underretter (gruppe)",
    "notifications.by_source",
    by=("source_group",),
    regroup=("source", "source_group", SOURCE_GROUP),
    total="notifications.total",
)


define.share(
    "notifications.by_source_group_share",
    "Underretninger efter underretter (gruppe), andel",
    of="notifications.by_source_group",
    over="notifications.total",
)


@define(
    "notifications.by_reason",
    "Underretninger efter årsag",
    breakdown=("reason",),
    total="notifications.total",
    additive=True,
)
def by_reason(s: Scope) -> ir.Table:
    n = received(s)
    return count(n, n.reason.fill_null("unknown").name("reason"))


@define(
    "notifications.by_first_action",
    "Underretninger efter første handling",
    breakdown=("first_action",),
    total="notifications.total",
    additive=True,
)
def by_first_action(s: Scope) -> ir.Table:
    n = received(s)
    return count(n, n.first_action.fill_null("unrecorded").name("first_action"))


# those with a first action are those counted under a recorded one
define.sum_of(
    "notifications.with_first_action",
    "Underretninger med registreret første handling",
    "notifications.by_first_action",
    where={"first_action": RECORDED},
    hidden=True,
)


define.share(
    "notifications.by_first_action_share",
    "Underretninger efter første handling, andel",
    of="notifications.by_first_action",
    where={"first_action": RECORDED},
    over="notifications.with_first_action",
)


@define(
    "notifications.by_age",
    "Underretninger efter alder",
    breakdown=("age",),
    total="notifications.born",
    additive=True,
)
def by_age(s: Scope) -> ir.Table:
    n = born(s)
    return count(n, age_on(n.birth_date, n.received).name("age"))


@define(
    "notifications.by_sex",
    "Underretninger efter køn",
    breakdown=("sex",),
    total="notifications.born",
    additive=True,
)
def by_sex(s: Scope) -> ir.Table:
    return count(born(s), "sex")


# every notification about a born child is counted under one sex (or none): the sum of them
define.sum_of("notifications.born", "Underretninger om fødte børn", "notifications.by_sex")


# every notified child has some number of notifications: the children are the sum of those rows
define.sum_of("notifications.children", "Børn med underretninger", "notifications.children_by_count")


define.ratio(
    "notifications.per_child", "Underretninger pr. barn", "notifications.born", "notifications.children"
)


@define(
    "notifications.children_by_count",
    "Børn efter antal underretninger",
    breakdown=("times",),
    total="notifications.children",
    sums_all=True,
)
def children_by_count(s: Scope) -> ir.Table:
    """A child's notifications in ``all`` are the sum of those in each municipality."""
    n = born(s)
    per_child = n.group_by(["year", "municipality", "child"]).aggregate(n=n.count())
    per_child = s.with_all(per_child, "child", summed="n")
    times = ibis.cases((per_child.n == 1, "1"), (per_child.n == 2, "2"), else_="3+")
    return count(per_child, times.name("times"))


define.share(
    "notifications.children_by_count_share",
    "Børn efter antal underretninger, andel",
    of="notifications.children_by_count",
    over="notifications.children",
)


@define(
    "notifications.response",
    "Underretninger efter tid til første handling",
    breakdown=("response",),
    total="notifications.total",
    additive=True,
)
def response(s: Scope) -> ir.Table:
    n = received(s)
    days = days_to_first_action(n)
    band = ibis.cases(
        (days.isnull(), "unrecorded"),
        (days == 0, "same_day"),
        (days == 1, "1_day"),
        (days <= 7, "2_7_days"),
        (days <= 14, "8_14_days"),
        else_="over_14_days",
    )
    return count(n, band.name("response"))


# the response bands up to 14 days (a first action is never before the notification: data contract)
define.sum_of(
    "notifications.within_14_days",
    "Første handling inden for 14 dage",
    "notifications.response",
    where={"response": WITHIN_14_DAYS},
    hidden=True,
)


define.share(
    "notifications.within_14_days_share",
    "Første handling inden for 14 dage, andel",
    of="notifications.within_14_days",
    over="notifications.total",
)


def seconds(time: ir.TimeValue) -> ir.IntegerValue:
    return time.hour() * 3600 + time.minute() * 60 + time.second()


@define("notifications.within_24_hours", "Første handling inden for 24 timer", hidden=True, additive=True)
def within_24_hours(s: Scope) -> ir.Table:
    n = received(s)
    days = days_to_first_action(n)
    timed = n.received_time.notnull() & n.first_action_time.notnull()
    elapsed = days * 86400 + seconds(n.first_action_time) - seconds(n.received_time)
    return count(n.filter(ibis.ifelse(timed, elapsed <= 86400, days <= 1)))


define.share(
    "notifications.within_24_hours_share",
    "Første handling inden for 24 timer, andel",
    of="notifications.within_24_hours",
    over="notifications.total",
)
