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

import pandas as pd
import psycopg
import pyarrow as pa
from ibis.backends import BaseBackend

from ..warehouse.postgres import ServerConnection
from .executor import Executor, derive, empty, wanted
from .registry import Indicator, Rows
from .scope import Scope
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

    def scope_options(self) -> dict[str, Any]:
        return {"tables": self._shared, "register": self.connection.register}

    def run(
        self,
        years: Mapping[str, list[int]],
        municipalities: tuple[str, ...],
        peer_groups: Mapping[str, tuple[str, ...]],
        only: Iterable[str] | None = None,
    ) -> dict[str, pd.DataFrame]:
        chosen = wanted(only)
        scopes: dict[tuple[tuple[int, ...], Rows], Scope] = {}
        sessions = Sessions(self.connect)
        results: dict[str, pd.DataFrame | Future[pd.DataFrame]] = {}
        try:
            with ThreadPoolExecutor(WORKERS if self.connect else 1) as pool:
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
                        scopes[key] = self.scope(covered, municipalities, key[1], peer_groups)
                    scope = scopes[key]
                    compiled = str(self.backend.compile(summed_query(indicator, scope, summed)))
                    if self.connect is None:
                        results[indicator.id] = tidy(indicator, fetch(self.connection.raw, compiled))
                    else:
                        results[indicator.id] = pool.submit(
                            sessions.run, indicator, compiled, dict(scope.tables)
                        )
                done = {id: r.result() if isinstance(r, Future) else r for id, r in results.items()}
        finally:
            sessions.close()
        derive([i for i in chosen if i.derive is not None], done)
        return {i.id: done[i.id] for i in chosen}

    def close(self) -> None:
        self.sql.save()


class Sessions:
    """One connection per worker thread, with the small tables it has registered."""

    def __init__(self, connect: Callable[[], psycopg.Connection] | None) -> None:
        self.connect = connect
        self.local = threading.local()
        self.opened: list[ServerConnection] = []
        self.lock = threading.Lock()

    def run(self, indicator: Indicator, compiled: str, tables: Mapping[str, pa.Table]) -> pd.DataFrame:
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
        return tidy(indicator, fetch(self.local.connection.raw, compiled))

    def close(self) -> None:
        for connection in self.opened:
            connection.close()


def fetch(con: psycopg.Connection, compiled: str) -> pd.DataFrame:
    """The rows of the SQL (no parameters: a ``%`` or ``?`` in it is the query's own)."""
    with con.cursor() as cursor:
        cursor.execute(compiled)  # type: ignore[call-overload]
        columns = [c.name for c in cursor.description or ()]
        return pd.DataFrame(cursor.fetchall(), columns=columns)
