"""What a definition sees: the records of one year, and the vocabulary of the definitions.

A :class:`Scope` hands out the warehouse tables as Ibis expressions. The helpers below (``during``,
``open_on``, ``age_on``, ``count``, ``children``) are plain Ibis: nothing in a definition is
specific to a backend, so the same definitions run on DuckDB, PostgreSQL and Spark (see executor).
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache

import ibis
import ibis.expr.types as ir
import pyarrow as pa
from ibis.backends import BaseBackend

from ..contract import KINDS
from .registry import ALL, Rows

MONTHS = range(1, 13)
FAR = ibis.date(9999, 12, 31)


@dataclass(frozen=True)
class Period:
    """A stretch of days figures are counted over, named by its ``number``: a calendar year (its
    own number, the usual case), or any other run of days (a business case's half years)."""

    number: int
    first_day: dt.date
    last_day: dt.date


def years_of(years: tuple[int, ...]) -> tuple[Period, ...]:
    """The calendar years as periods."""
    return tuple(Period(y, dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in years)


@dataclass(frozen=True)
class Settings:
    """What a workspace sets that some definitions read, besides its years and municipalities: its
    peer groups (sammenligningsgrupper: name -> member codes) and its screening cut-offs
    (screeningsgrænser: instrument -> (moderate, severe); an instrument not named keeps Børnetal's
    defaults)."""

    peer_groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    cutoffs: Mapping[str, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Scope:
    """The records of ``years``, for the workspace's own municipalities and/or all of them together.

    Every table a definition gets carries ``year`` and, for dated records, that year's
    ``first_day`` and ``last_day``; a record counts in each year it falls in. ``municipality`` is
    the record's own (``rows`` "own"), ``"all"`` ("all"), or both: each record then appears once
    under its municipality and once under ``all``, so a child notified in two municipalities is one
    child in ``all``. One expression thus computes an indicator for every year and municipality.

    ``periods``, when given, replace the calendar years: ``year`` is then a period's number, and
    ``first_day`` and ``last_day`` its own (a business case's half years). Definitions over events
    and periods (counted between the first and the last day) read them as they read a year; the
    yearly kinds (budget, population, expenditure) and the month-end counts need calendar years.
    """

    backend: BaseBackend
    years: tuple[int, ...]
    municipalities: tuple[str, ...]
    rows: Rows = "own_and_all"
    settings: Settings = field(default_factory=Settings)
    periods: tuple[Period, ...] = ()
    #: expressions already built for this scope: building Ibis expressions is not free
    _built: dict[tuple[str, str], ir.Table] = field(default_factory=dict, compare=False, repr=False)
    #: the in-memory tables the expressions use, by name (registered before cached SQL runs)
    tables: dict[str, pa.Table] = field(default_factory=dict, compare=False, repr=False)
    #: the name each of them is registered under, by what it is ("calendar", "scopes", ...)
    names: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    #: registers a small table on the connection under a name (the DuckDB executor, whose cached
    #: SQL names them); without it a small table is an Ibis memtable, which every backend reads
    register: Callable[[str, pa.Table], object] | None = field(default=None, compare=False, repr=False)

    def _once(self, name: str, kind: str, build: Callable[[], ir.Table]) -> ir.Table:
        key = (name, kind)
        if key not in self._built:
            self._built[key] = build()
        return self._built[key]

    @property
    def counted(self) -> tuple[Period, ...]:
        """The periods figures are counted over: ``periods``, else the calendar years."""
        return self.periods or years_of(self.years)

    def calendar(self) -> ir.Table:
        """Each ``year`` with its ``first_day`` and ``last_day``."""
        return self._once("calendar", "", lambda: self.constant("calendar", calendar_of(self.counted)))

    def days(self) -> ir.Table:
        """Every ``day`` of the years, with its ``year`` and that year's first and last day: what
        an event is joined to by its date (an equi-join on a date is cheaper than one on its year,
        and lets DuckDB skip what lies outside the years)."""
        return self._once("days", "", lambda: self.constant("days", days_of(self.counted)))

    def month_ends(self) -> ir.Table:
        """The last ``day`` of every ``month`` (1–12) of every ``year`` from the first year to the
        last, those between included; ``index`` numbers months from year 0 (see ``month_index``)."""
        spanned = tuple(
            range(min(p.first_day.year for p in self.counted), max(p.last_day.year for p in self.counted) + 1)
        )
        return self._once("month_ends", "", lambda: self.constant("month_ends", month_ends_of(spanned)))

    def constant(self, name: str, table: pa.Table) -> ir.Table:
        """A small table of given values (a calendar, peer groups) for a definition to join.

        With ``register``, it is registered on the connection under a name made from its content,
        so that compiled SQL naming it can be cached and run again (see sqlcache); scopes given
        the same ``tables`` register a table they share once. Otherwise it is a memtable.
        """
        if self.register is None:
            return ibis.memtable(table)
        named = f"boernetal_{name}_{digest(table)}"
        self.names[name] = named
        if named not in self.tables:
            self.tables[named] = table
            self.register(named, table)
        return ibis.table(ibis.Schema.from_pyarrow(table.schema), name=named)  # no need to ask DuckDB

    def records(self, kind: str) -> ir.Table:
        """The records of ``kind`` in scope, once per year they fall in.

        Records without a municipality (complaints may have none) count only in ``all``.
        """
        return self._once("records", kind, lambda: self.by_year(self.scoped(self.everywhere(kind)), kind))

    def by_year(self, table: ir.Table, kind: str) -> ir.Table:
        """``table``'s records (of ``kind``) once per year of the scope they fall in, with its
        ``year`` (and, for dated records, ``first_day`` and ``last_day``), whatever their
        municipality: what ``records`` is made of."""
        # the join with the calendar is what picks the years: no dates of the years are written in
        # the SQL, so one compiled query serves every year and workspace (see sqlcache)
        spec, days = KINDS[kind], self.calendar()
        if spec.yearly:
            return table.filter(table.year.isin(days.year))
        start = table[spec.period]
        if spec.period_end is None:  # an event belongs to the year it happened in: joined on its day
            each_day = self.days()
            return table.join(each_day, start == each_day.day).drop("day")
        # a period to every year it overlaps (a range join: the open end as a far date)
        end = table[spec.period_end].fill_null(FAR)
        return table.join(days, (start <= days.last_day) & (end >= days.first_day))

    def every_year(self, kind: str) -> ir.Table:
        """Every record of ``kind``, whenever it happened, once per year (for stocks on 31 December)."""
        return self._once(
            "every_year", kind, lambda: self.scoped(self.everywhere(kind)).cross_join(self.calendar())
        )

    def scoped(self, table: ir.Table) -> ir.Table:
        """``table`` with each row under the municipality (or municipalities) it counts for."""
        scopes = self.scopes()
        joined = table.join(scopes, table.municipality.fill_null("") == scopes.member)
        return joined.select(
            *(joined.scope.name(c) if c == "municipality" else joined[c] for c in table.columns)
        )

    def everywhere(self, kind: str) -> ir.Table:
        """Every record of ``kind``, whatever its municipality and date (continuations, peers)."""
        return self.backend.table(kind)

    def window(self, kind: str) -> ir.Table:
        """Records of ``kind`` whose year, date or period touches the years, in every municipality:
        a first cut, from the calendar's first and last day, for definitions that do not join the
        calendar themselves (month-end stocks). ``records`` does not use it: the join with the
        calendar picks the years, and DuckDB plans events faster without the cut."""
        return self._once("window", kind, lambda: self._window(kind))

    def _window(self, kind: str) -> ir.Table:
        spec, table, days = KINDS[kind], self.everywhere(kind), self.calendar()
        if spec.yearly:
            return table.filter(table.year.isin(days.year))
        first, last = days.first_day.min().as_scalar(), days.last_day.max().as_scalar()
        start = table[spec.period]
        if spec.period_end is None:
            return table.filter(start.between(first, last))
        end = table[spec.period_end]
        return table.filter(start <= last, end.isnull() | (end >= first))

    def peers(self) -> ir.Table:
        """The configured peer groups: ``peer`` (group name) and ``member`` (municipality code)."""
        return self._once("peers", "", self._peers)

    def with_peer_means(self, values: ir.Table, *by: str) -> ir.Table:
        """``values`` (per year, municipality and ``by``) with a row per peer group under
        ``peer:NAME``: the unweighted mean of its members' values (how Statistics Denmark's
        comparisons and the seed's average a group of municipalities)."""
        members = self.peers()
        peers = values.join(members, values.municipality == members.member)
        peers = peers.group_by(["year", "peer", *by]).aggregate(value=peers.value.mean())
        peers = peers.mutate(municipality=ibis.literal("peer:") + peers.peer)
        peers = peers.select("year", "municipality", *by, "value")
        return ibis.union(values.select("year", "municipality", *by, "value"), peers)

    def screening_cutoffs(self) -> ir.Table:
        """The scores from which a postnatal reaction counts as moderate and as severe, per
        ``instrument`` (the workspace's [screening], else Børnetal's defaults)."""
        return self._once("cutoffs", "", self._cutoffs)

    def _cutoffs(self) -> ir.Table:
        from ..config import SCREENING

        cuts = {**SCREENING, **self.settings.cutoffs}
        table = pa.table(
            {
                "instrument": list(cuts),
                "moderate": [m for m, _ in cuts.values()],
                "severe": [s for _, s in cuts.values()],
            },
            schema=pa.schema([("instrument", pa.string()), ("moderate", pa.int32()), ("severe", pa.int32())]),
        )
        return self.constant("cutoffs", table)

    def _peers(self) -> ir.Table:
        pairs = [(name, code) for name, codes in self.settings.peer_groups.items() for code in codes]
        table = pa.table(
            {"peer": [p for p, _ in pairs], "member": [m for _, m in pairs]},
            schema=pa.schema([("peer", pa.string()), ("member", pa.string())]),
        )
        return self.constant("peers", table)

    def with_all(self, table: ir.Table, *by: str, summed: str = "value") -> ir.Table:
        """``table`` (per year, municipality and ``by``) with rows under ``all`` whose ``summed``
        is the sum of the municipalities' — when this scope gave their records only (rows
        "own_and_unassigned"; records without a municipality count in ``all`` only): the DuckDB
        executor's way to ``all`` for a definition that sums up (fast.sums_up). Otherwise ``all``
        is there already, and ``table`` is returned as it is."""
        if self.rows != "own_and_unassigned":
            return table
        value = table[summed]
        together = table.group_by(["year", *by]).aggregate(**{summed: value.sum().cast(value.type())})
        together = together.mutate(municipality=ibis.literal(ALL)).select(table.columns)
        return ibis.union(table.filter(table.municipality != ""), together, distinct=False)

    def prepare(self) -> None:
        """Make and register the small tables the scope provides (for cached SQL that reads them)."""
        self.calendar(), self.days(), self.month_ends(), self.scopes(), self.peers(), self.screening_cutoffs()

    def scopes(self) -> ir.Table:
        """Record municipality ("member") -> the municipality it is counted under ("scope")."""
        return self._once("scopes", "", self._scopes)

    def _scopes(self) -> ir.Table:
        pairs = []
        if self.rows in ("own", "own_and_all", "everywhere", "own_and_unassigned"):
            pairs += [(code, code) for code in self.municipalities]
        if self.rows in ("all", "own_and_all"):
            pairs += [(code, ALL) for code in (*self.municipalities, "")]
        if self.rows == "own_and_unassigned":
            pairs += [("", "")]
        table = pa.table(
            {"member": [m for m, _ in pairs], "scope": [s for _, s in pairs]},
            schema=pa.schema([("member", pa.string()), ("scope", pa.string())]),
        )
        return self.constant("scopes", table)


@cache
def calendar_of(periods: tuple[Period, ...]) -> pa.Table:
    return pa.table(
        {
            "year": [p.number for p in periods],
            "first_day": [p.first_day for p in periods],
            "last_day": [p.last_day for p in periods],
        },
        schema=pa.schema([("year", pa.int64()), ("first_day", pa.date32()), ("last_day", pa.date32())]),
    )


@cache
def days_of(periods: tuple[Period, ...]) -> pa.Table:
    """Each day of each period (a day in two periods twice)."""
    each = [
        (p.first_day + dt.timedelta(n), p)
        for p in periods
        for n in range((p.last_day - p.first_day).days + 1)
    ]
    return pa.table(
        {
            "day": [day for day, _ in each],
            "year": [p.number for _, p in each],
            "first_day": [p.first_day for _, p in each],
            "last_day": [p.last_day for _, p in each],
        },
        schema=pa.schema(
            [
                ("day", pa.date32()),
                ("year", pa.int64()),
                ("first_day", pa.date32()),
                ("last_day", pa.date32()),
            ]
        ),
    )


@cache
def month_ends_of(years: tuple[int, ...]) -> pa.Table:
    months = [(y, m) for y in range(min(years), max(years) + 1) for m in MONTHS]
    return pa.table(
        {
            "year": [y for y, _ in months],
            "month": [m for _, m in months],
            "day": [dt.date(y, m, calendar.monthrange(y, m)[1]) for y, m in months],
            "index": [y * 12 + m - 1 for y, m in months],
        }
    )


def digest(table: pa.Table) -> str:
    """A short name for the table's content (its Arrow serialisation hashed)."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return hashlib.sha256(sink.getvalue()).hexdigest()[:12]


def in_year(table: ir.Table, column: str) -> ir.BooleanValue:
    """``column`` falls in the row's year."""
    return table[column].between(table.first_day, table.last_day)


def during(table: ir.Table, start: str = "start", end: str = "end") -> ir.Table:
    """Periods overlapping 1 January–31 December (the end date is inclusive; empty = still open)."""
    return table.filter(table[start] <= table.last_day, table[end].isnull() | (table[end] >= table.first_day))


def open_on(table: ir.Table, day: ir.DateValue, start: str = "start", end: str = "end") -> ir.BooleanValue:
    """The period is open on ``day``: start ≤ day ≤ end (or no end)."""
    return (table[start] <= day) & (table[end].isnull() | (table[end] >= day))


def month_index(day: ir.DateValue) -> ir.IntegerValue:
    """Months since January of year 0: the ``index`` of ``Scope.month_ends``."""
    return day.year() * 12 + day.month() - 1


def age_on(birth: ir.DateValue, day: ir.DateValue) -> ir.IntegerValue:
    """Whole years on ``day``; someone born 29 February has their birthday on 1 March."""
    before_birthday = (day.month() * 100 + day.day()) < (birth.month() * 100 + birth.day())
    return (day.year() - birth.year() - before_birthday.ifelse(1, 0)).cast("int64")


@dataclass
class CountedRows:
    """What :func:`counted_rows` found: whether the definition counted children (one row each)."""

    children: bool = False


#: set while :func:`counted_rows` runs: ``count`` and ``children`` then give the rows they count
_COUNTED_ROWS: ContextVar[CountedRows | None] = ContextVar("counted_rows", default=None)


@contextmanager
def counted_rows() -> Iterator[CountedRows]:
    """Within it, a definition made of ``count`` or ``children`` gives the records it counts (one
    per child for ``children``) with its breakdown as columns, not the counts: the records behind
    a figure (drill-down), selected by the figure's own definition."""
    found = CountedRows()
    token = _COUNTED_ROWS.set(found)
    try:
        yield found
    finally:
        _COUNTED_ROWS.reset(token)


def count(table: ir.Table, *breakdown: str | ir.Value) -> ir.Table:
    """Rows (events: notifications, periods, decisions) per year, municipality and breakdown."""
    if _COUNTED_ROWS.get() is not None:
        return table.mutate(*(b for b in breakdown if not isinstance(b, str)))
    return table.group_by(["year", "municipality", *breakdown]).aggregate(value=table.count())


def children(table: ir.Table, *breakdown: str | ir.Value) -> ir.Table:
    """Distinct children (pseudonyms) per year, municipality and breakdown."""
    if (found := _COUNTED_ROWS.get()) is not None:
        found.children = True
        return one_row_per_child(table.mutate(*(b for b in breakdown if not isinstance(b, str))), breakdown)
    return table.group_by(["year", "municipality", *breakdown]).aggregate(value=table.child.nunique())


def one_row_per_child(table: ir.Table, breakdown: tuple[str | ir.Value, ...]) -> ir.Table:
    """Per year, municipality, breakdown and child, the record with the highest id (what stands for
    the child in the records behind a count of children)."""
    ids = [c for c in table.columns if c.endswith("_id") and c != "adviser_id"]
    if not ids:
        raise ValueError("no record id to choose one record per child by")
    keys = ["year", "municipality", *(b if isinstance(b, str) else b.get_name() for b in breakdown), "child"]
    ranked = table.mutate(_rank=ibis.row_number().over(group_by=keys, order_by=ibis.desc(table[ids[0]])))
    return ranked.filter(ranked._rank == 0).drop("_rank")


def latest_per_child(table: ir.Table, id: str, *columns: str, order: str = "start") -> ir.Table:
    """Per year, municipality and child: the ``columns`` of the child's row with the latest ``order``
    (ties: the longest-running, an open one first, then the highest ``id``)."""
    latest = ibis.struct({"order": table[order], "end": table["end"].fill_null(FAR), "id": table[id]})
    return table.group_by(["year", "municipality", "child"]).aggregate(
        **{column: table[column].argmax(latest) for column in columns}
    )
