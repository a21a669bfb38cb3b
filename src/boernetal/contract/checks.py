"""Checks that look at more than one column or more than one row.

A check gives SQL that selects its violations from the staged file (``typed``) as rows of
``(_row, "column", value, code, detail, severity)``. Checks that must see records already in the
warehouse name them in ``existing``: the stager copies that query's result into the staging
database as ``"existing"`` (records the file replaces are left out by the check itself).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .columns import Column, DateTime, ParseContext, Problem
from .sql import ident, literal

if TYPE_CHECKING:
    from .kind import RecordKind


def select_problem(column: Column, problem: Problem, source: str = "typed") -> str:
    """The SELECT that lists the rows of ``source`` where a column-level problem holds."""
    return (
        f'SELECT _row, {literal(column.name)} AS "column", {column.display()} AS value, '
        f"{literal(problem.code)} AS code, {problem.detail} AS detail, "
        f"{literal(problem.severity)} AS severity FROM {source} WHERE {problem.condition}"
    )


class Check:
    existing: str | None = None

    def violations(self, kind: RecordKind, ctx: ParseContext) -> list[str]:
        raise NotImplementedError


@dataclass(frozen=True)
class RowCheck(Check):
    """A condition on one row, reported on ``column``."""

    column: str
    problem: Problem

    def violations(self, kind: RecordKind, ctx: ParseContext) -> list[str]:
        return [select_problem(kind.column(self.column), self.problem)]


@dataclass(frozen=True)
class EndNotBefore(Check):
    """``end`` is on or after ``start`` (date-times compared by calendar date if either is bare)."""

    end: str
    start: str

    def violations(self, kind: RecordKind, ctx: ParseContext) -> list[str]:
        end, start = kind.column(self.end), kind.column(self.start)
        before = f"{end.value} < {start.value}"
        if isinstance(end, DateTime) and isinstance(start, DateTime):
            before = (
                f"CASE WHEN {end.time} IS NOT NULL AND {start.time} IS NOT NULL "
                f"THEN {end.value} + {end.time} < {start.value} + {start.time} "
                f"ELSE {end.value} < {start.value} END"
            )
        problem = Problem(
            "end_before_start",
            f"{end.value} IS NOT NULL AND {start.value} IS NOT NULL AND ({before})",
            detail=f"{literal(start.name + ' ')} || {start.display()}",
        )
        return [select_problem(end, problem)]


@dataclass(frozen=True)
class NotInFuture(Check):
    column: str

    def violations(self, kind: RecordKind, ctx: ParseContext) -> list[str]:
        col = kind.column(self.column)
        today = ctx.today or dt.date.today()
        return [select_problem(col, Problem("in_future", f"{col.value} > {literal(today)}"))]


@dataclass(frozen=True)
class ChildAtEvent(Check):
    """The child is born on or before the event; a person over 25 at the event is noted."""

    event: str
    cpr: str = "cpr"
    oldest: int = 25

    def violations(self, kind: RecordKind, ctx: ParseContext) -> list[str]:
        cpr, event = kind.column(self.cpr), kind.column(self.event)
        both = f"birth_date IS NOT NULL AND {event.value} IS NOT NULL"
        return [
            select_problem(
                cpr,
                Problem(
                    "born_after_event",
                    f"{both} AND birth_date > {event.value}",
                    detail=f"{literal(event.name + ' ')} || {event.raw}",
                ),
            ),
            select_problem(
                cpr,
                Problem(
                    "older_than_expected",
                    f"{both} AND bt_age(birth_date, {event.value}) > {self.oldest}",
                    detail=f"bt_age(birth_date, {event.value})::VARCHAR",
                    severity="warning",
                ),
            ),
        ]


@dataclass(frozen=True)
class UnbornXorCpr(Check):
    """A notification is about an unborn child (no ``cpr``) or a born child (``cpr``), not both."""

    def violations(self, kind: RecordKind, ctx: ParseContext) -> list[str]:
        cpr, mother = kind.column("cpr"), kind.column("mother_cpr")
        return [
            select_problem(cpr, Problem("unborn_with_cpr", f"unborn AND {cpr.raw} IS NOT NULL")),
            select_problem(cpr, Problem("cpr_missing", f"NOT unborn AND {cpr.raw} IS NULL")),
            select_problem(
                mother,
                Problem("mother_cpr_ignored", f"NOT unborn AND {mother.raw} IS NOT NULL", severity="warning"),
            ),
        ]


@dataclass(frozen=True)
class NoOverlappingPeriods(Check):
    """Periods of one child do not overlap; sharing only the move day is a move, not an overlap."""

    id: str
    person: str = "child"
    start: str = "start"
    end: str = "end"

    @property
    def existing(self) -> str:  # type: ignore[override]
        cols = ", ".join(ident(c) for c in (self.id, self.person, self.start, self.end))
        return f"SELECT {cols}, record_key FROM {{table}}"

    def violations(self, kind: RecordKind, ctx: ParseContext) -> list[str]:
        id_, person, start, end = (ident(c) for c in (self.id, self.person, self.start, self.end))
        pairs = f"""
            WITH periods AS (
                SELECT _row, {id_} AS id, {person} AS person, {start} AS s, {end} AS e
                FROM typed WHERE {person} IS NOT NULL AND {start} IS NOT NULL AND {id_} IS NOT NULL
                UNION ALL
                SELECT NULL, {id_}, {person}, {start}, {end} FROM existing
                WHERE record_key NOT IN (SELECT record_key FROM typed WHERE record_key IS NOT NULL)
            ),
            pairs AS (
                SELECT a._row AS row_a, a.id AS id_a, b._row AS row_b, b.id AS id_b
                FROM periods a JOIN periods b ON a.person = b.person AND a.id <> b.id
                WHERE (a.s < b.s OR (a.s = b.s AND a.id < b.id)) AND (a.e IS NULL OR b.s < a.e)
            )"""
        where = (
            "CASE WHEN {other_row} IS NULL THEN {other_id} || ' (allerede i lageret)' "
            "ELSE {other_id} || ' (række ' || {other_row} || ')' END"
        )
        return [
            f"""{pairs} SELECT {mine}, {literal(self.start)}, bt_mask({mine_id}), 'overlapping_period',
                   {where.format(other_row=other, other_id=other_id)}, 'error'
                FROM pairs WHERE {mine} IS NOT NULL"""
            for mine, mine_id, other, other_id in (
                ("row_a", "id_a", "row_b", "id_b"),
                ("row_b", "id_b", "row_a", "id_a"),
            )
        ]


@dataclass(frozen=True)
class NoSexAndTotal(Check):
    """Population is given either by sex or as a total for one municipality, year and age."""

    existing = "SELECT municipality, year, age, sex, record_key FROM {table}"

    def violations(self, kind: RecordKind, ctx: ParseContext) -> list[str]:
        return [
            """
            WITH pop AS (
                SELECT _row, municipality, year, age, sex FROM typed
                WHERE municipality IS NOT NULL AND year IS NOT NULL AND age IS NOT NULL
                UNION ALL
                SELECT NULL, municipality, year, age, sex FROM existing
                WHERE record_key NOT IN (SELECT record_key FROM typed WHERE record_key IS NOT NULL)
            ),
            mixed AS (SELECT municipality, year, age FROM pop GROUP BY ALL
                      HAVING bool_or(sex IS NULL) AND bool_or(sex IS NOT NULL))
            SELECT _row, 'sex', municipality || ' ' || year || ' alder ' || age, 'sex_and_total',
                   NULL, 'error'
            FROM pop JOIN mixed USING (municipality, year, age) WHERE _row IS NOT NULL"""
        ]
