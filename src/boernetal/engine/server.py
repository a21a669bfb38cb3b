"""The PostgreSQL executor: the catalogue on a database server.

The same definitions as the plain executor, run as a server rewards:

- the small tables of a scope (calendar, days, municipality scopes, peer groups) are temporary
  tables the server has analysed: without statistics PostgreSQL takes the 1,095 days of three
  years for a table of thousands of rows, builds its hash join on the million notifications
  instead and spills it to disk;
- queries run side by side, each on its own connection (one server process each), while this
  thread builds and compiles the next;
- no nested loops over many rows and no JIT compilation in its sessions (SESSION);
- ``all`` is summed from the municipalities' rows where the definition allows it (summing).

A test holds its results equal to the DuckDB executor's.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import ibis.expr.types as ir
import pandas as pd
import psycopg
import pyarrow as pa
from ibis.backends import BaseBackend

from ..catalogue.registry import REGISTRY, Rows
from ..catalogue.scope import Scope, Settings
from ..warehouse.postgres import ServerConnection
from .executor import Executor, derive, empty, wanted
from .sqlcache import SqlCache
from .summing import additive, scope_rows, summed_query
from .tidy import tidy

WORKERS = 2
#: settings of each session: the catalogue's joins are hash joins, or range joins with a calendar
#: of a few rows, so a nested loop over thousands of rows (the planner's guess after a filter on
#: age it can't estimate, which ran for minutes) is the last resort; and no JIT compilation, which
#: cost more than it saved on these queries (benchmarks/backends.py: a third of the time)
SESSION = "SET enable_nestloop = off; SET jit = off"


class Server(Executor):
    """The PostgreSQL executor on a backend; ``connect`` opens another connection to the same
    warehouse for a query run side by side (none: one query at a time, on the backend's)."""

    def __init__(
        self,
        backend: BaseBackend,
        connect: Callable[[], psycopg.Connection] | None = None,
        sql: SqlCache | None = None,
    ) -> None:
        super().__init__(backend)
        self.connect = connect
        self.sql = sql or SqlCache()  # the definitions' facts (which ``all`` sums up), not SQL
        self.connection = ServerConnection(backend.con)  # type: ignore[attr-defined]
        self.connection.execute(SESSION)
        self._shared: dict[str, pa.Table] = {}  # each small table registered once per connection
        self.sessions = Sessions(connect)  # the connections queries run on side by side

    def scope_options(self) -> dict[str, Any]:
        return {"tables": self._shared, "register": self.connection.register}

    def rows_each(
        self, queries: Mapping[str, Callable[[], ir.Table]], scope: Scope | None = None
    ) -> dict[str, pd.DataFrame]:
        if self.connect is None:
            return super().rows_each(queries, scope)
        compiled = {key: str(self.backend.compile(build())) for key, build in queries.items()}
        tables = dict(scope.tables) if scope is not None else {}  # those the queries made
        running = {key: self.sessions.submit(sql, tables) for key, sql in compiled.items()}
        return {key: future.result() for key, future in running.items()}

    def run(
        self,
        years: Mapping[str, list[int]],
        municipalities: tuple[str, ...],
        settings: Settings | None = None,
        only: Iterable[str] | None = None,
    ) -> dict[str, pd.DataFrame]:
        chosen = wanted(only)
        scopes: dict[tuple[tuple[int, ...], Rows], Scope] = {}
        results: dict[str, pd.DataFrame | Future[pd.DataFrame]] = {}
        for indicator in chosen:
            if indicator.query is None:
                continue
            covered = tuple(years[indicator.kind])
            if not covered:
                results[indicator.id] = empty(indicator)
                continue
            summed = additive(indicator, self.sql, self.scope)
            key = (covered, scope_rows(indicator, summed))
            if key not in scopes:
                scopes[key] = self.scope(covered, municipalities, key[1], settings)
            scope = scopes[key]
            compiled = str(self.backend.compile(summed_query(indicator, scope, summed)))
            if self.connect is None:
                results[indicator.id] = fetch(self.connection.raw, compiled)
            else:
                results[indicator.id] = self.sessions.submit(compiled, dict(scope.tables))
        done = {
            id: tidy(REGISTRY[id], r.result() if isinstance(r, Future) else r) for id, r in results.items()
        }
        derive([i for i in chosen if i.derive is not None], done)
        return {i.id: done[i.id] for i in chosen}

    def close(self) -> None:
        self.sessions.close()
        self.sql.save()


class Sessions:
    """The workers queries run on side by side: one connection each, with the small tables it has
    registered, kept until ``close``."""

    def __init__(self, connect: Callable[[], psycopg.Connection] | None) -> None:
        self.connect = connect
        self.local = threading.local()
        self.pool: ThreadPoolExecutor | None = None
        self.opened: list[ServerConnection] = []
        self.lock = threading.Lock()

    def submit(self, compiled: str, tables: Mapping[str, pa.Table]) -> Future[pd.DataFrame]:
        """The rows of the SQL, fetched by one of the workers (see fetch)."""
        if self.pool is None:
            self.pool = ThreadPoolExecutor(WORKERS)
        return self.pool.submit(self.fetch, compiled, tables)

    def fetch(self, compiled: str, tables: Mapping[str, pa.Table]) -> pd.DataFrame:
        """The rows of the SQL on this thread's connection, with the small tables it reads."""
        if not hasattr(self.local, "connection"):
            assert self.connect is not None
            connection = ServerConnection(self.connect())
            connection.execute(SESSION)
            with self.lock:
                self.opened.append(connection)
            self.local.connection, self.local.registered = connection, set()
        for name in tables.keys() - self.local.registered:
            self.local.connection.register(name, tables[name])
            self.local.registered.add(name)
        return fetch(self.local.connection.raw, compiled)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None
        for connection in self.opened:
            connection.close()
        self.opened.clear()


def fetch(con: psycopg.Connection, compiled: str) -> pd.DataFrame:
    """The rows of the SQL (no parameters: a ``%`` or ``?`` in it is the query's own)."""
    with con.cursor() as cursor:
        cursor.execute(compiled)  # type: ignore[call-overload]
        columns = [c.name for c in cursor.description or ()]
        return pd.DataFrame(cursor.fetchall(), columns=columns)
