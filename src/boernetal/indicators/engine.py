"""The engine: runs every definition of the registry on the warehouse, for a year and the two before.

Each query indicator is one Ibis expression — the union of its definition over the years and the
scopes (own municipalities, ``all``) — executed in the warehouse; derived indicators are computed
from those results. Disclosure control and the data-quality findings come last.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Set
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass

import duckdb
import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd
import pyarrow as pa
from ibis.backends import BaseBackend

from ..contract import KINDS
from ..errors import BoernetalError
from ..warehouse import municipalities as named
from ..workspace import Workspace
from . import disclosure
from .families import family_names
from .findings import Finding, find
from .registry import KEYS, REGISTRY, Indicator, Rows, pick
from .scope import ALL, Scope
from .sqlcache import SqlCache, query
from .sqlcache import run as run_sql

YEARS_BACK = 2
WORKERS = 2
#: breakdowns whose members are whole numbers; the others are text (codes)
NUMBERED = ("month", "age")


@dataclass
class IndicatorSet:
    """Every indicator for ``year`` and the two years before it, with the findings."""

    year: int
    min_cell: int
    published: bool
    municipalities: tuple[str, ...]
    years: dict[str, list[int]]
    #: indicator id -> rows: year, municipality, breakdown..., value, suppressed
    results: dict[str, pd.DataFrame]
    findings: list[Finding]

    @property
    def indicators(self) -> list[Indicator]:
        """The exported indicators, in the order of the catalogue."""
        families = list(family_names())
        shown = [REGISTRY[i] for i in self.results if not REGISTRY[i].hidden]
        return sorted(shown, key=lambda i: families.index(i.family))

    def rows(self, id: str, **keys: object) -> pd.DataFrame:
        """The rows of one indicator, optionally only those with the given keys."""
        frame = self.results[id]
        for key, value in keys.items():
            frame = frame[frame[key] == value]
        return frame

    def value(self, id: str, **keys: object) -> float | None:
        """The one value with these keys (None when there is no such row or it is suppressed)."""
        frame = self.rows(id, **keys)
        if len(frame) > 1:
            raise ValueError(f"{id} has {len(frame)} rows for {keys}; give more keys")
        if frame.empty or frame.suppressed.iloc[0]:
            return None
        return frame["value"].iloc[0].item()

    @property
    def table(self) -> pd.DataFrame:
        """All exported indicators as one tidy table: one row per value, breakdowns as columns."""
        frames = [
            self.results[i.id].assign(
                id=i.id,
                title=i.title,
                unit=i.unit,
                family=i.family,
                value=self.results[i.id]["value"].astype(object),
            )
            for i in self.indicators
        ]
        dims = list(dict.fromkeys(d for i in self.indicators for d in i.breakdown))
        table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        columns = ["id", "family", "title", "unit", *KEYS, *dims, "value", "suppressed"]
        table = table.reindex(columns=columns)
        for dim in NUMBERED:
            if dim in table:
                table[dim] = table[dim].astype("Int64")
        return table


def compute(
    workspace: Workspace, year: int, publish: bool = False, min_cell: int | None = None
) -> IndicatorSet:
    """Compute every indicator for ``year`` (and the two years before it) from the warehouse."""
    min_cell = workspace.config.min_cell if min_cell is None else min_cell
    if min_cell < 3:
        raise BoernetalError(
            f"--min-cell er {min_cell}, men må aldrig være under 3.",
            "Danmarks Statistiks regel er mindst 3 personer pr. celle.",
        )
    with workspace.warehouse(read_only=True) as warehouse:
        backend = ibis.duckdb.from_connection(warehouse.con)
        sql = SqlCache()
        municipalities = own_municipalities(workspace, backend, sql)
        window = list(range(year - YEARS_BACK, year + 1))
        years = covered_years(backend, KINDS, window, sql)
        if not any(year in covered for covered in years.values()):
            raise BoernetalError(
                f"Lageret har ingen data for {year}.",
                "Indlæs udtræk for året med 'boernetal ingest', eller vælg et andet år "
                "(se hvilke år lageret har med 'boernetal status').",
            )
        results = run_indicators(warehouse.con, years, municipalities, workspace.config.peer_groups, sql=sql)
        hide_below = min_cell if publish else None
        findings = find(backend, workspace, year, window, municipalities, years, results, hide_below, sql)
        sql.save()
    for frame in results.values():
        frame["suppressed"] = pd.Series(False, index=frame.index, dtype=bool)
    if publish:
        apply_disclosure(results, min_cell)
    return IndicatorSet(year, min_cell, publish, municipalities, years, results, findings)


def own_municipalities(
    workspace: Workspace, backend: BaseBackend, sql: SqlCache | None = None
) -> tuple[str, ...]:
    """The workspace's municipalities: those in boernetal.toml, else those the case records name
    (as the last import kept them, see warehouse.municipalities; else read from the records)."""
    if workspace.config.municipalities:
        return workspace.config.municipalities

    def kept() -> ir.Table:
        meta = backend.table("meta")
        return meta.filter(meta.key == named.KEY).select(municipality=meta.value)

    def found() -> ir.Table:
        tables = (backend.table(KINDS[kind].table) for kind in named.CASE_KINDS)
        return ibis.union(*(table.select("municipality") for table in tables), distinct=True)

    rows = query(backend, sql, "kept_municipalities", kept)
    if rows.empty:
        rows = query(backend, sql, "own_municipalities", found)
    return tuple(sorted(m for m in rows.municipality if isinstance(m, str)))


def covered_years(
    backend: BaseBackend, kinds: Iterable[str], window: list[int], sql: SqlCache | None = None
) -> dict[str, list[int]]:
    """Per kind, the years of ``window`` that some record of it falls in (or, for periods, overlaps)."""
    scope = Scope(backend, tuple(window), ())
    scope.prepare()  # the years come from its calendar: the SQL serves every window

    def covered(kind: str) -> list[int]:
        def years_with_records() -> ir.Table:
            return scope.by_year(backend.table(KINDS[kind].table), kind).select("year").distinct()

        present = set(query(backend, sql, f"covered_years|{kind}", years_with_records, scope.names).year)
        return [year for year in window if year in present]

    return {kind: covered(kind) for kind in kinds}


def run_indicators(
    con: duckdb.DuckDBPyConnection,
    years: dict[str, list[int]],
    municipalities: tuple[str, ...],
    peer_groups: Mapping[str, tuple[str, ...]],
    only: Iterable[str] | None = None,
    sql: SqlCache | None = None,
) -> dict[str, pd.DataFrame]:
    """Every indicator (or those in ``only``, which must include what they are derived from), in
    the catalogue's order: the queries compiled on this thread and run on ``WORKERS``, then the
    derived ones computed here from the results as they come in.

    Building and compiling an Ibis expression is Python work that holds the GIL; DuckDB runs a
    query without it. So this thread compiles one definition after the other (or takes its SQL
    from ``sql``, see sqlcache) while the workers run what is compiled, each on its own cursor.
    Each query gets the machine's cores shared by the workers (one each on two cores: DuckDB
    spends less in all on many one-thread queries side by side than on each query in parallel),
    and the queries that took longest last time start first, so no long one is left to run alone
    at the end.
    """
    sql = sql or SqlCache()
    backend = ibis.duckdb.from_connection(con)
    scopes: dict[tuple[tuple[int, ...], Rows], Scope] = {}
    shared: dict[str, pa.Table] = {}  # the scopes' small tables, each registered once
    local = threading.local()

    def run(indicator: Indicator, compiled: str, tables: Mapping[str, pa.Table]) -> pd.DataFrame:
        if not hasattr(local, "cursor"):
            local.cursor, local.registered = con.cursor(), set()
        for name in tables.keys() - local.registered:
            local.cursor.register(name, tables[name])
            local.registered.add(name)
        started = time.perf_counter()
        rows = run_sql(local.cursor, compiled, {})
        sql.took(query_key(indicator), time.perf_counter() - started)
        return tidy(indicator, rows, ordered=True)

    chosen = None if only is None else set(only)
    wanted = [i for i in REGISTRY.values() if chosen is None or i.id in chosen]
    queries = sorted(
        (i for i in wanted if i.query is not None),
        key=lambda i: -(sql.seconds(query_key(i)) or math.inf),  # stable: not timed yet first
    )
    results: dict[str, pd.DataFrame | Future[pd.DataFrame]] = {}
    with threads_per_query(con, WORKERS), ThreadPoolExecutor(WORKERS) as pool:
        for indicator in queries:
            key = (tuple(years[indicator.kind]), scope_rows(indicator))
            if key not in scopes:
                scopes[key] = Scope(backend, key[0], municipalities, key[1], peer_groups, tables=shared)
            scope = scopes[key]
            if not scope.years:
                results[indicator.id] = tidy(
                    indicator, pd.DataFrame(columns=[*KEYS, *indicator.breakdown, "value"])
                )
                continue
            compiled = compile_query(indicator, scope, sql)
            results[indicator.id] = pool.submit(run, indicator, compiled, dict(scope.tables))
        derive_as_they_arrive([i for i in wanted if i.derive is not None], results)
        return {i.id: Arriving(results)[i.id] for i in wanted if i.id in results}


def derive_as_they_arrive(
    derived: list[Indicator], results: dict[str, pd.DataFrame | Future[pd.DataFrame]]
) -> None:
    """Compute the ``derived`` indicators into ``results``, each as soon as what it reads is there
    (in catalogue order, each after those it is derived from, as far as they are ready): one
    waiting for the slowest query does not hold up the others."""
    pending = derived
    while pending:
        # read before the pass: a query may finish during it, after a derivation found it unfinished
        settled = not any(isinstance(r, Future) and not r.done() for r in results.values())
        waiting: list[Indicator] = []
        for indicator in pending:
            assert indicator.derive is not None
            ready = Arriving(results, later={i.id for i in waiting})
            try:
                results[indicator.id] = tidy(indicator, indicator.derive(ready))
            except NotYet:
                waiting.append(indicator)
        if len(waiting) == len(pending):  # nothing was ready: wait for the next query to finish
            if settled:
                raise RuntimeError(f"{waiting[0].id} waits for a result nobody computes")
            running = [r for r in results.values() if isinstance(r, Future) and not r.done()]
            if running:  # else one finished since the pass began: go round again
                wait(running, return_when=FIRST_COMPLETED)
        pending = waiting


class NotYet(Exception):
    """A result that is still being computed was read without waiting."""


class Arriving(Mapping[str, pd.DataFrame]):
    """Results by indicator id, some still being computed: reading one waits for it — unless
    ``later`` is given (the derived ones not computed yet): then reading one that is not there
    yet raises NotYet."""

    def __init__(
        self,
        results: Mapping[str, pd.DataFrame | Future[pd.DataFrame]],
        later: Set[str] | None = None,
    ) -> None:
        self._results = results
        self._later = later

    def __getitem__(self, id: str) -> pd.DataFrame:
        if self._later is not None and id in self._later:
            raise NotYet(id)
        result = self._results[id]
        if not isinstance(result, Future):
            return result
        if self._later is not None and not result.done():
            raise NotYet(id)
        return result.result()

    def __iter__(self) -> Iterator[str]:
        return iter(self._results)

    def __len__(self) -> int:
        return len(self._results)


@contextmanager
def threads_per_query(con: duckdb.DuckDBPyConnection, workers: int) -> Iterator[None]:
    """DuckDB's threads (by default, the cores it found) shared by ``workers`` concurrent queries,
    then set back."""
    before = int(con.sql("SELECT current_setting('threads')").fetchall()[0][0])
    con.execute(f"SET threads = {max(1, before // workers)}")
    try:
        yield
    finally:
        con.execute(f"SET threads = {before}")


def query_key(indicator: Indicator) -> str:
    """What the SQL of ``indicator``'s query depends on besides the definitions: the scope's rows
    (years and municipalities come from the scope's small tables, see sqlcache)."""
    return f"{indicator.id}|{scope_rows(indicator)}"


def compile_query(indicator: Indicator, scope: Scope, sql: SqlCache) -> str:
    """The SQL of ``indicator`` over ``scope``: from the cache, or built and compiled (and kept)."""
    key = query_key(indicator)
    scope.prepare()
    known = sql.get(key, scope.names)
    if known is not None:
        return known
    rows = indicator.query(scope).select(*KEYS, *indicator.breakdown, "value")  # type: ignore[misc]
    if indicator.additive:
        rows = scope.with_all(rows, *indicator.breakdown)
    return sql.put(key, rows.order_by(catalogue_order(rows, indicator)), scope.names)


def scope_rows(indicator: Indicator) -> Rows:
    """The rows the scope of ``indicator``'s query gives: an indicator whose ``all`` is summed
    from the municipalities' rows (additive, or summed per child in its definition) gets their
    records only (and those of records without one)."""
    summed = indicator.additive or indicator.sums_all
    return "own_and_unassigned" if summed and indicator.rows == "own_and_all" else indicator.rows


def catalogue_order(rows: ir.Table, indicator: Indicator) -> list[ir.Value]:
    """Rows by year, municipality (``all`` last) and breakdown, empty members last: as ``tidy``
    sorts them, here for the warehouse to do."""
    keys = [rows.year, rows.municipality == ALL, rows.municipality, *(rows[d] for d in indicator.breakdown)]
    return [ibis.asc(key, nulls_first=False) for key in keys]


def tidy(indicator: Indicator, frame: pd.DataFrame, ordered: bool = False) -> pd.DataFrame:
    """Rows in catalogue form: the keys, the breakdown, the value; sorted (unless ``ordered``
    already), zero-count rows kept. Text as Python strings (a missing member is None), numbers
    as int64 or float64.

    Done on the columns' NumPy arrays: every result passes through here, most of them a few
    hundred rows, and each pandas operation costs a fixed 0.1–1 ms (the same steps in pandas took
    4–10 ms per indicator, a tenth of the five representative indicators' time)."""
    columns = {"year": frame["year"].to_numpy(dtype="int64"), "municipality": text(frame["municipality"])}
    for dim in indicator.breakdown:
        columns[dim] = frame[dim].to_numpy(dtype="int64") if dim in NUMBERED else text(frame[dim])
    counted = indicator.unit == "count" and not indicator.sources  # counted, or summed from counts
    columns["value"] = frame["value"].to_numpy(dtype="int64" if counted else "float64")
    if not ordered:
        keys = [
            columns["year"],
            columns["municipality"] == ALL,
            columns["municipality"],
            *(columns[dim] for dim in indicator.breakdown),
        ]
        order = np.lexsort([sort_codes(key) for key in reversed(keys)])  # stable; last key first
        columns = {name: values[order] for name, values in columns.items()}
    series = {name: pd.Series(values, dtype=values.dtype, copy=False) for name, values in columns.items()}
    return pd.DataFrame(series, copy=False)


def text(column: pd.Series) -> np.ndarray:
    """A text column as Python strings, None where it is missing (JSON's null)."""
    return column.to_numpy(dtype=object, na_value=None)


def sort_codes(key: np.ndarray) -> np.ndarray:
    """What ``key`` sorts by: itself, or for text its rank among its members, missing last."""
    if key.dtype != object:
        return key
    codes, members = pd.factorize(key, sort=True)
    codes[codes < 0] = len(members)
    return codes


# Disclosure control -------------------------------------------------------------------------------


def apply_disclosure(results: dict[str, pd.DataFrame], min_cell: int) -> None:
    """Mark suppressed cells in ``results`` (primary, secondary, then everything computed from them)."""
    protected = [i for i in REGISTRY.values() if i.protected and i.id in results]
    offsets: dict[str, int] = {}
    values: list[float] = []
    for indicator in protected:
        offsets[indicator.id] = len(values)
        values += results[indicator.id]["value"].tolist()
    lines = list(disclosure_lines(protected, results, offsets))
    hidden = disclosure.suppress(values, [True] * len(values), lines, min_cell)
    for indicator in protected:
        start = offsets[indicator.id]
        frame = results[indicator.id]
        frame["suppressed"] = pd.Series(hidden[start : start + len(frame)], index=frame.index, dtype=bool)
    for indicator in REGISTRY.values():
        if indicator.sources and indicator.about_children and indicator.id in results:
            frame = results[indicator.id]
            frame["suppressed"] = pd.Series(
                hidden_with_sources(indicator, results), index=frame.index, dtype=bool
            )


def disclosure_lines(
    protected: list[Indicator], results: dict[str, pd.DataFrame], offsets: dict[str, int]
) -> Iterable[disclosure.Line]:
    """Every total and the cells that add up to it."""

    def cells(id: str) -> pd.DataFrame:
        frame = results[id].copy()
        frame["_cell"] = range(offsets[id], offsets[id] + len(frame))
        return frame

    def lines_of(parts: pd.DataFrame, totals: pd.DataFrame, on: list[str]) -> Iterable[disclosure.Line]:
        if parts.empty or totals.empty:
            return
        merged = parts.merge(totals[[*on, "_cell"]], on=on, suffixes=("", "_total"))
        for total, group in merged.groupby("_cell_total"):
            yield disclosure.Line(int(total), tuple(int(c) for c in group["_cell"]))

    for indicator in protected:
        frame = cells(indicator.id)
        dims = list(indicator.breakdown)
        if indicator.rows == "own_and_all":  # the municipalities add up to all
            together = frame[frame.municipality == ALL].drop(columns="municipality")
            yield from lines_of(frame[frame.municipality != ALL], together, ["year", *dims])
        if indicator.total and indicator.total in offsets:  # the breakdown adds up to its total
            total = REGISTRY[indicator.total]
            parts = frame.copy()
            for dim, (total_dim, mapping) in indicator.total_by.items():
                parts[total_dim] = parts[dim].map(mapping)
            yield from lines_of(parts, cells(total.id), [*KEYS, *total.breakdown])
        if indicator.sum_member:  # team "all" is the sum of the teams
            dim, member = indicator.sum_member
            rest = [*KEYS, *(d for d in dims if d != dim)]
            yield from lines_of(frame[frame[dim] != member], frame[frame[dim] == member], rest)


def hidden_with_sources(indicator: Indicator, results: dict[str, pd.DataFrame]) -> list[bool]:
    """A derived value is hidden when any count it is computed from is."""
    frame = results[indicator.id]
    hidden = pd.Series(False, index=frame.index)
    for source in indicator.sources:
        source_rows = pick(results[source.id], source.where)
        on = [c for c in [*KEYS, *REGISTRY[source.id].breakdown] if c in frame.columns]
        flags = source_rows.groupby(on, dropna=False)["suppressed"].any().rename("_hidden").reset_index()
        merged = frame[on].merge(flags, on=on, how="left")
        hidden |= merged["_hidden"].fillna(False).astype(bool).to_numpy()
    return hidden.tolist()
