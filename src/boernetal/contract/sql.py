"""Small helpers for writing SQL text safely."""

from __future__ import annotations

import datetime as dt

import duckdb


def ident(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def literal(value: object) -> str:
    """A SQL literal for a Python value."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


def fetch_one(con: object, query: str, params: list[object] | None = None) -> tuple:
    """The first row of a query, reading the result to the end (DuckDB 2 keeps unread results open)."""
    rows = con.sql(query, params=params).fetchall()  # type: ignore[attr-defined]
    return rows[0]


def open_duckdb(
    database: str = ":memory:", read_only: bool = False, **config: str
) -> duckdb.DuckDBPyConnection:
    """A DuckDB database that draws no progress bar of its own (it would, on long queries, in a
    notebook or a ``python -c`` process: Børnetal shows its own progress). The setting is local to
    a connection, so it is set here, not passed in ``config``."""
    con = duckdb.connect(database, read_only=read_only, config=config)
    con.execute("SET enable_progress_bar = false")
    return con
