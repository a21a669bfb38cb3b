"""The DuckDB executor: the catalogue on a laptop's warehouse file, fast.

The same definitions as the plain executor (see executor), run with what DuckDB rewards: each
query's SQL compiled once and kept between runs (sqlcache), two queries side by side on their own
cursors while this thread compiles the next and derives what has arrived, the longest queries first,
and ``all`` summed from the municipalities' rows for counts of events (``sums_up``)
instead of counting every record a second time. A test holds its results equal to the plain run.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Set
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from typing import Any

import duckdb
import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa

from ..catalogue.registry import Indicator, Rows
from ..catalogue.scope import ALL, Scope, Settings
from .executor import Executor, NotYet, empty, wanted
from .sqlcache import SqlCache, query
from .sqlcache import run as run_sql
from .summing import additive, scope_rows, summed_query
from .tidy import tidy

WORKERS = 2


class Fast(Executor):
    """The DuckDB executor on a warehouse connection; ``close`` keeps the compiled SQL."""

    def __init__(self, con: duckdb.DuckDBPyConnection, sql: SqlCache | None = None) -> None:
        super().__init__(ibis.duckdb.from_connection(con))
        self.con = con
        self.sql = sql or SqlCache()
        self._shared: dict[str, pa.Table] = {}  # the scopes' small tables, each registered once

    def scope_options(self) -> dict[str, Any]:
        return {"tables": self._shared, "register": self.con.register}

    def rows(self, key: str, build: Callable[[], ir.Table], scope: Scope | None = None) -> pd.DataFrame:
        if scope is not None:
            scope.prepare()
        return query(self.backend, self.sql, key, build, scope.names if scope is not None else None)

    def run(
        self,
        years: Mapping[str, list[int]],
        municipalities: tuple[str, ...],
        settings: Settings | None = None,
        only: Iterable[str] | None = None,
    ) -> dict[str, pd.DataFrame]:
        return run_indicators(self, years, municipalities, settings, only)

    def additive(self, indicator: Indicator) -> bool:
        """``all`` can be summed from the municipalities' rows (see summing): asked of the
        definition once, the answer kept with the compiled SQL."""
        return additive(indicator, self.sql, self.scope)

    def close(self) -> None:
        self.sql.save()


def run_indicators(
    executor: Fast,
    years: Mapping[str, list[int]],
    municipalities: tuple[str, ...],
    settings: Settings | None = None,
    only: Iterable[str] | None = None,
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
    con, sql = executor.con, executor.sql
    scopes: dict[tuple[tuple[int, ...], Rows], Scope] = {}
    local = threading.local()

    def run(indicator: Indicator, key: str, compiled: str, tables: Mapping[str, pa.Table]) -> pd.DataFrame:
        if not hasattr(local, "cursor"):
            local.cursor, local.registered = con.cursor(), set()
        for name in tables.keys() - local.registered:
            local.cursor.register(name, tables[name])
            local.registered.add(name)
        started = time.perf_counter()
        rows = run_sql(local.cursor, compiled, {})
        sql.took(key, time.perf_counter() - started)
        return tidy(indicator, rows, ordered=True)

    chosen = wanted(only)
    queries = sorted(
        (i for i in chosen if i.query is not None),
        key=lambda i: -(sql.seconds(query_key(i, executor.additive(i))) or math.inf),  # not timed: first
    )
    results: dict[str, pd.DataFrame | Future[pd.DataFrame]] = {}
    with threads_per_query(con, WORKERS), ThreadPoolExecutor(WORKERS) as pool:
        for indicator in queries:
            summed = executor.additive(indicator)
            key = (tuple(years[indicator.kind]), scope_rows(indicator, summed))
            if key not in scopes:
                scopes[key] = executor.scope(key[0], municipalities, key[1], settings)
            scope = scopes[key]
            if not scope.years:
                results[indicator.id] = empty(indicator)
                continue
            compiled = compile_query(indicator, scope, sql, summed)
            results[indicator.id] = pool.submit(
                run, indicator, query_key(indicator, summed), compiled, dict(scope.tables)
            )
        derive_as_they_arrive([i for i in chosen if i.derive is not None], results)
        return {i.id: Arriving(results)[i.id] for i in chosen if i.id in results}


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


def compile_query(indicator: Indicator, scope: Scope, sql: SqlCache, summed: bool = False) -> str:
    """The SQL of ``indicator`` over ``scope``: from the cache, or built and compiled (and kept);
    ``summed``: ``all`` summed from the municipalities' rows (the scope gives only theirs)."""
    scope.prepare()
    key = query_key(indicator, summed)
    known = sql.get(key, scope.names)
    if known is not None:
        return known
    rows = summed_query(indicator, scope, summed)
    return sql.put(key, rows.order_by(catalogue_order(rows, indicator)), scope.names)


def query_key(indicator: Indicator, summed: bool) -> str:
    """What the SQL of ``indicator``'s query depends on besides the definitions: the scope's rows
    (years and municipalities come from the scope's small tables, see sqlcache)."""
    return f"{indicator.id}|{scope_rows(indicator, summed)}"


def catalogue_order(rows: ir.Table, indicator: Indicator) -> list[ir.Value]:
    """Rows by year, municipality (``all`` last) and breakdown, empty members last: as ``tidy``
    sorts them, here for the warehouse to do."""
    keys = [rows.year, rows.municipality == ALL, rows.municipality, *(rows[d] for d in indicator.breakdown)]
    return [ibis.asc(key, nulls_first=False) for key in keys]
