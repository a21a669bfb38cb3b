"""The lists a leader steers by — frister og sagstal: the cases that need action on a given day,
and who carries how many cases. Records, not figures: each list is an Ibis expression over the
warehouse tables on a day, with the catalogue's own rules (the 24-hour rule, the 4-month deadline,
ages, open periods), so it runs on the DuckDB file and on PostgreSQL alike.

A list's columns are what a leader acts on: the case system's ids, dates, team, adviser, type.
Never the child's pseudonym, never a birth date.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

import ibis
import ibis.expr.types as ir
import pandas as pd
from ibis.backends import BaseBackend

from ..catalogue.behind import PRIVATE, RECORD_IDS, counted, records_behind
from ..catalogue.cases import with_trimmed_team
from ..catalogue.investigations import deadline
from ..catalogue.names import dimension_names, value_name
from ..catalogue.notifications import acted_within_24_hours
from ..catalogue.registry import REGISTRY
from ..catalogue.scope import Scope, age_on, open_on
from ..contract import KINDS
from ..contract.columns import column_names
from .permissions import Resource

#: how far back the notification lists look: older ones without a first action are a data gap,
#: reported by the findings ("uden registreret første handling"), not a task for this week
RECENT_DAYS = 30
DUE_SOON_DAYS = 14
AFTERCARE_MONTHS = 6


@dataclass(frozen=True)
class RecordList:
    """The records behind a count on a day (a Frister list, a team's open cases, …), most urgent
    first."""

    id: str
    title: str
    explanation: str
    columns: dict[str, str]  # column -> Danish heading, in the order shown
    build: Callable[[BaseBackend, date], ir.Table]
    urgency: tuple[str, ...]  # sort columns, most urgent first
    descending: bool = False
    #: the page whose count it is behind: Frister (its lists), Sagstal or Overblik ("")
    page: str = "frister"

    def records(self, backend: BaseBackend, day: date, resource: Resource) -> pd.DataFrame:
        """The list's records for ``resource`` (a municipality and a team; None = all)."""
        table = scoped(with_trimmed_team(self.build(backend, day)), resource)
        frame = table.select(*self.columns).to_pandas()
        return frame.sort_values(
            list(self.urgency), ascending=not self.descending, kind="stable"
        ).reset_index(drop=True)


def scoped(table: ir.Table, resource: Resource) -> ir.Table:
    """The rows of ``resource``'s municipality and team (None: all)."""
    if resource.municipality is not None:
        table = table.filter(table.municipality == resource.municipality)
    if resource.team is not None:
        table = table.filter(table.team == resource.team)
    return table


def _day(day: date) -> ir.DateValue:
    return ibis.literal(day, type="date")


def waiting(backend: BaseBackend, day: date) -> ir.Table:
    """Notifications received in the last 30 days with no first action by ``day``."""
    n = backend.table("notifications")
    n = n.filter(
        n.received <= _day(day),
        n.received > _day(day - timedelta(days=RECENT_DAYS)),
        n.first_action_at.isnull() | (n.first_action_at > _day(day)),
    )
    return n.mutate(days_waiting=_day(day).delta(n.received, unit="day"))


def late(backend: BaseBackend, day: date) -> ir.Table:
    """Notifications received in the last 30 days whose first action (by ``day``) came after 24 hours."""
    n = backend.table("notifications")
    n = n.filter(
        n.received <= _day(day),
        n.received > _day(day - timedelta(days=RECENT_DAYS)),
        n.first_action_at <= _day(day),
        ~acted_within_24_hours(n),
    )
    return n.mutate(days_to_action=n.first_action_at.delta(n.received, unit="day"))


def open_investigations(backend: BaseBackend, day: date) -> ir.Table:
    """Investigations open on ``day`` (``completed`` is the last day open), with their deadline."""
    u = backend.table("investigations")
    u = u.filter(open_on(u, _day(day), "decided", "completed"))
    return u.mutate(deadline=deadline(u), days_left=deadline(u).delta(_day(day), unit="day"))


def overdue(backend: BaseBackend, day: date) -> ir.Table:
    u = open_investigations(backend, day)
    return u.filter(u.deadline < _day(day))


def due_soon(backend: BaseBackend, day: date) -> ir.Table:
    u = open_investigations(backend, day)
    return u.filter(u.deadline >= _day(day), u.deadline <= _day(day + timedelta(days=DUE_SOON_DAYS)))


def eighteenth_birthday(birth: ir.DateValue) -> ir.DateValue:
    """The day someone turns 18; born 29 February: 1 March in a year that is not a leap year."""
    leap_day = (birth.month() == 2) & (birth.day() == 29)
    year = birth.year() + 18
    return ibis.ifelse(
        leap_day & ~(((year % 4) == 0) & (((year % 100) != 0) | ((year % 400) == 0))),
        ibis.date(year, 3, 1),
        ibis.date(year, birth.month(), birth.day()),
    )


def cases_open(backend: BaseBackend, day: date) -> ir.Table:
    c = with_trimmed_team(backend.table("cases"))
    return c.filter(open_on(c, _day(day), "opened", "closed"))


def turning_18(backend: BaseBackend, day: date) -> ir.Table:
    """Young people placed on ``day`` who turn 18 within 6 months: aftercare must be decided. The
    team and adviser are those of the child's open case, where there is one."""
    p = backend.table("placements")
    p = p.filter(open_on(p, _day(day)))
    later = _day(day) + ibis.interval(months=AFTERCARE_MONTHS)
    p = p.filter(age_on(p.birth_date, _day(day)) < 18, age_on(p.birth_date, later.cast("date")) >= 18)
    cases = cases_open(backend, day)
    case = cases.group_by(["child", "municipality"]).aggregate(
        team=cases.team.min(), adviser_id=cases.adviser_id.min()
    )
    joined = p.left_join(case, [p.child == case.child, p.municipality == case.municipality])
    return joined.mutate(turns_18=eighteenth_birthday(joined.birth_date))


def open_cases(backend: BaseBackend, day: date) -> ir.Table:
    c = cases_open(backend, day)
    return c.mutate(days_open=_day(day).delta(c.opened, unit="day"))


def without_adviser(backend: BaseBackend, day: date) -> ir.Table:
    c = cases_open(backend, day)
    c = c.filter(c.adviser_id.isnull())
    return c.mutate(days_open=_day(day).delta(c.opened, unit="day"))


NOTIFICATION_COLUMNS = {
    "notification_id": "Underretning",
    "municipality": "Kommune",
    "team": "Team",
    "received": "Modtaget",
    "channel": "Form",
    "source": "Underretter",
}

DEADLINE_COLUMNS = {
    "investigation_id": "Undersøgelse",
    "municipality": "Kommune",
    "team": "Team",
    "decided": "Besluttet",
    "deadline": "Frist",
    "days_left": "Dage til frist",
}

LISTS = {
    rl.id: rl
    for rl in (
        RecordList(
            "venter",
            "Underretninger uden første handling",
            f"Modtaget de sidste {RECENT_DAYS} dage og endnu uden første handling; de ældste først.",
            {**NOTIFICATION_COLUMNS, "days_waiting": "Dage"},
            waiting,
            ("received", "notification_id"),
        ),
        RecordList(
            "over-24-timer",
            "Første handling efter mere end 24 timer",
            f"Modtaget de sidste {RECENT_DAYS} dage, første handling senere end 24 timer efter modtagelsen.",
            {**NOTIFICATION_COLUMNS, "first_action_at": "Første handling", "days_to_action": "Dage"},
            late,
            ("days_to_action", "notification_id"),
            descending=True,
        ),
        RecordList(
            "undersoegelser-over-frist",
            "Undersøgelser over fristen",
            "Åbne børnefaglige undersøgelser, hvor der er gået mere end 4 måneder siden beslutningen.",
            DEADLINE_COLUMNS,
            overdue,
            ("deadline", "investigation_id"),
        ),
        RecordList(
            "undersoegelser-frist-snart",
            f"Undersøgelser med frist inden for {DUE_SOON_DAYS} dage",
            f"Åbne børnefaglige undersøgelser, hvis 4-månedersfrist falder inden for {DUE_SOON_DAYS} dage.",
            DEADLINE_COLUMNS,
            due_soon,
            ("deadline", "investigation_id"),
        ),
        RecordList(
            "fylder-18",
            f"Anbragte, der fylder 18 inden for {AFTERCARE_MONTHS} måneder",
            "Anbragte unge, hvor der skal tages stilling til efterværn.",
            {
                "placement_id": "Anbringelse",
                "municipality": "Kommune",
                "team": "Team",
                "adviser_id": "Rådgiver",
                "start": "Anbragt fra",
                "placement_type": "Anbringelsessted",
                "turns_18": "Fylder 18",
            },
            turning_18,
            ("turns_18", "placement_id"),
        ),
        RecordList(
            "uden-raadgiver",
            "Sager uden rådgiver",
            "Åbne sager, som ingen rådgiver har; de ældste først.",
            {
                "case_id": "Sag",
                "municipality": "Kommune",
                "team": "Team",
                "opened": "Åbnet",
                "days_open": "Dage åben",
            },
            without_adviser,
            ("opened", "case_id"),
        ),
        RecordList(
            "aabne-sager",
            "Åbne sager",
            "Sager, der er åbne på dagen, med team og rådgiver; de ældste først.",
            {
                "case_id": "Sag",
                "municipality": "Kommune",
                "team": "Team",
                "adviser_id": "Rådgiver",
                "opened": "Åbnet",
                "days_open": "Dage åben",
            },
            open_cases,
            ("opened", "case_id"),
            page="sagstal",
        ),
    )
}

#: the Frister page's lists, most pressing first
DEADLINES = {id: lst for id, lst in LISTS.items() if lst.page == "frister"}


def key_text(value: object) -> str:
    """A breakdown value as it is written in a link and compared with a record's (5, not 5.0)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def figure_list(
    id: str, where: Mapping[str, str], municipalities: tuple[str, ...], together: bool
) -> RecordList:
    """The records behind a figure of the catalogue in a year (the ``day``'s): those indicator
    ``id`` counts, with breakdown values ``where`` (as :func:`key_text` writes them), in the
    workspace's ``municipalities`` each (``together``: all as one, where a child is counted once)."""
    indicator = REGISTRY[id]
    kind = KINDS[indicator.kind]
    record_id = RECORD_IDS[indicator.kind]

    def build(backend: BaseBackend, day: date) -> ir.Table:
        scope = Scope(backend, (day.year,), municipalities, rows="all" if together else "own")
        table = records_behind(id, scope)
        for dimension, value in where.items():
            table = table.filter(table[dimension].cast("string") == value)
        return table if "team" in table.columns else table.mutate(team=ibis.null(str))

    shown = [record_id, "municipality", "team", *indicator.breakdown]
    shown += [c for c, t in kind.stored() if c in column_names() and c not in PRIVATE and t != "TIME"]
    names = {**column_names(), **dimension_names()}
    columns = {c: names.get(c, c) for c in dict.fromkeys(shown) if c != "team" or kind.stores("team")}
    if together:
        columns.pop("municipality")
    chosen = ", ".join(f"{names.get(d, d).lower()}: {value_name(d, v)}" for d, v in where.items())
    per_child = " Hvert barn står der én gang." if counted(id).children else ""  # type: ignore[union-attr]
    return RecordList(
        f"noegletal:{id}" + (f"?{urlencode(sorted(where.items()))}" if where else ""),
        indicator.title,
        f"De poster, tallet tæller{f' ({chosen})' if chosen else ''}; de nyeste først.{per_child}",
        columns,
        build,
        (kind.period, record_id),
        descending=True,
        page="noegletal",
    )
