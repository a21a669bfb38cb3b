"""Small helpers for writing SQL text safely."""

from __future__ import annotations

import datetime as dt


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
