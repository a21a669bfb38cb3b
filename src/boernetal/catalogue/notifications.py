"""Notifications — underretninger, counted by the date they were received."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..contract.categories import category
from .registry import KEYS, Family, Results
from .scope import Scope, age_on, children, count

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


@define("notifications.total", "Underretninger i alt")
def total(s: Scope) -> ir.Table:
    """Notifications received, born and unborn."""
    return count(received(s))


@define("notifications.unborn", "Underretninger om ufødte børn")
def unborn(s: Scope) -> ir.Table:
    n = received(s)
    return count(n.filter(n.unborn))


@define(
    "notifications.by_channel",
    "Underretninger efter kanal",
    breakdown=("channel",),
    total="notifications.total",
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
)
def by_source(s: Scope) -> ir.Table:
    return count(received(s), "source")


@define(
    "notifications.by_source_group",
    "Underretninger efter underretter (gruppe)",
    breakdown=("source_group",),
    total="notifications.total",
)
def by_source_group(s: Scope) -> ir.Table:
    n = received(s)
    return count(n, n.source.substitute(SOURCE_GROUP).name("source_group"))


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
)
def by_reason(s: Scope) -> ir.Table:
    n = received(s)
    return count(n, n.reason.fill_null("unknown").name("reason"))


@define(
    "notifications.by_first_action",
    "Underretninger efter første handling",
    breakdown=("first_action",),
    total="notifications.total",
)
def by_first_action(s: Scope) -> ir.Table:
    n = received(s)
    return count(n, n.first_action.fill_null("unrecorded").name("first_action"))


@define("notifications.with_first_action", "Underretninger med registreret første handling", hidden=True)
def with_first_action(s: Scope) -> ir.Table:
    n = received(s)
    return count(n.filter(n.first_action.isin(RECORDED)))


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
)
def by_age(s: Scope) -> ir.Table:
    n = born(s)
    return count(n, age_on(n.birth_date, n.received).name("age"))


@define(
    "notifications.by_sex",
    "Underretninger efter køn",
    breakdown=("sex",),
    total="notifications.born",
)
def by_sex(s: Scope) -> ir.Table:
    return count(born(s), "sex")


@define("notifications.born", "Underretninger om fødte børn")
def born_total(s: Scope) -> ir.Table:
    return count(born(s))


@define("notifications.children", "Børn med underretninger")
def children_notified(s: Scope) -> ir.Table:
    """Distinct born children notified about."""
    return children(born(s))


define.ratio(
    "notifications.per_child", "Underretninger pr. barn", "notifications.born", "notifications.children"
)
define.adds_up("notifications.total", "notifications.born", "notifications.unborn")


# Shares the annual report shows besides those of the catalogue (not exported): every share and its
# disclosure computed here, so that the report shows what the export would.

define.share(
    "notifications.by_source_share",
    "Underretninger efter underretter, andel",
    of="notifications.by_source",
    over="notifications.total",
    hidden=True,
)
define.share(
    "notifications.by_reason_share",
    "Underretninger efter årsag, andel",
    of="notifications.by_reason",
    over="notifications.total",
    hidden=True,
)
define.share(
    "notifications.by_age_share",
    "Underretninger om fødte børn efter alder, andel",
    of="notifications.by_age",
    over="notifications.born",
    hidden=True,
)
define.share(
    "notifications.by_sex_share",
    "Underretninger om fødte børn efter køn, andel",
    of="notifications.by_sex",
    over="notifications.born",
    hidden=True,
)
define.share_of_all(
    "notifications.total_share",
    "Underretninger, andel af kommunernes i alt",
    of="notifications.total",
    hidden=True,
)


def source_share_of_group(results: Results) -> pd.DataFrame:
    """Each source's notifications as a share of its group's ("other with a duty to notify")."""
    sources = results["notifications.by_source"]
    sources = sources.assign(source_group=sources.source.map(SOURCE_GROUP))
    merged = sources.merge(
        results["notifications.by_source_group"], on=[*KEYS, "source_group"], suffixes=("", "_group")
    )
    merged = merged[merged.value_group > 0]
    return merged.assign(value=100 * merged["value"] / merged["value_group"])[
        [*KEYS, "source_group", "source", "value"]
    ]


define.derived(
    "notifications.by_source_share_of_group",
    "Underretninger efter underretter, andel af gruppens",
    "percent",
    source_share_of_group,
    sources=("notifications.by_source", "notifications.by_source_group"),
    breakdown=("source_group", "source"),
    hidden=True,
)


@define(
    "notifications.children_by_count",
    "Børn efter antal underretninger",
    breakdown=("times",),
    total="notifications.children",
)
def children_by_count(s: Scope) -> ir.Table:
    n = born(s)
    per_child = n.group_by(["year", "municipality", "child"]).aggregate(n=n.count())
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


@define("notifications.within_14_days", "Første handling inden for 14 dage", hidden=True)
def within_14_days(s: Scope) -> ir.Table:
    """A first action no later than 14 days after the notification (never before it: data contract)."""
    n = received(s)
    return count(n.filter(days_to_first_action(n) <= 14))


define.adds_up("notifications.within_14_days", ("notifications.response", {"response": list(WITHIN_14_DAYS)}))


define.share(
    "notifications.within_14_days_share",
    "Første handling inden for 14 dage, andel",
    of="notifications.within_14_days",
    over="notifications.total",
)


def seconds(time: ir.TimeValue) -> ir.IntegerValue:
    return time.hour() * 3600 + time.minute() * 60 + time.second()


def acted_within_24_hours(n: ir.Table) -> ir.BooleanValue:
    """The 24-hour rule: by the clock when both times are known, else by calendar date (the first
    action on the day received or the day after); false when there is no first action date."""
    days = days_to_first_action(n)
    timed = n.received_time.notnull() & n.first_action_time.notnull()
    elapsed = days * 86400 + seconds(n.first_action_time) - seconds(n.received_time)
    return ibis.ifelse(timed, elapsed <= 86400, days <= 1).fill_null(False)


@define("notifications.within_24_hours", "Første handling inden for 24 timer", hidden=True)
def within_24_hours(s: Scope) -> ir.Table:
    n = received(s)
    return count(n.filter(acted_within_24_hours(n)))


define.share(
    "notifications.within_24_hours_share",
    "Første handling inden for 24 timer, andel",
    of="notifications.within_24_hours",
    over="notifications.total",
)


# For the findings that travel with the figures (findings.py), not exported.


@define(
    "notifications.without_first_action",
    "Underretninger uden registreret første handling",
    rows="own",
    hidden=True,
)
def without_first_action(s: Scope) -> ir.Table:
    """Notifications with no first action, or no date for it: they count as 'unrecorded'."""
    n = received(s)
    return count(n.filter(n.first_action.isnull() | n.first_action_at.isnull()))
