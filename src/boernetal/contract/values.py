"""Single values parsed by the contract's reading rules.

The rules live once, as DuckDB macros in ``data/parsing.sql``; ingest applies them to whole columns.
These wrappers apply the same macros to one value, for configuration, notebooks and tests.
"""

from __future__ import annotations

import datetime as dt
import threading
from functools import cache
from importlib import resources
from typing import Any

import duckdb
import pyarrow as pa

from .sql import fetch_one, open_duckdb


def parsing_sql() -> str:
    return resources.files("boernetal.contract").joinpath("data/parsing.sql").read_text("utf-8")


def install_macros(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(parsing_sql())


_lock = threading.Lock()


@cache
def _connection() -> duckdb.DuckDBPyConnection:
    con = open_duckdb()
    install_macros(con)
    return con


def _row(expression: str, *params: Any) -> tuple:
    """Evaluate macro expressions; text parameters are cleaned first, as ingest does."""
    params = tuple(cell(p) if isinstance(p, str) else p for p in params)
    with _lock:
        return fetch_one(_connection(), f"SELECT {expression}", list(params))


def _call(expression: str, *params: Any) -> Any:
    return _row(expression, *params)[0]


def cell(text: str) -> str | None:
    """Trimmed text, or None when empty: a cell as ingest cleans it."""
    from ..ingest.read import clean  # the reader owns the rule; imported late to avoid a cycle

    return clean(pa.array([text], pa.string()))[0].as_py()


def parse_date(text: str) -> dt.date | None:
    """A date (or the date of a date-time) in one of the contract's forms; None if invalid."""
    return _call("bt_date(?)", text)


def parse_datetime(text: str) -> tuple[dt.date, dt.time | None] | None:
    """(date, time or None for a bare date); None if invalid."""
    ok, date, time = _row("bt_datetime_ok(v), bt_date(v), bt_time(v) FROM (SELECT ? v)", text)
    return (date, time) if ok else None


def parse_school_year(text: str) -> int | None:
    """The calendar year a school year ends in (2012/13 -> 2013), as the contract reads it."""
    return _call("bt_school_year(?)", text)


def parse_bool(text: str) -> bool | None:
    return _call("bt_bool(?)", text)


def parse_amount(text: str, comma_decimal: bool = True) -> float | None:
    return _call("bt_amount(?, ?)", text, comma_decimal)


def parse_cpr(text: str) -> tuple[str, dt.date, str] | None:
    """(normalised 10 digits, birth date, 'boy'/'girl'); None if not a CPR number with a real date."""
    digits, birth, sex = _row("n, bt_cpr_birth(n), bt_cpr_sex(n) FROM (SELECT bt_cpr_norm(?) n)", text)
    if digits is None or birth is None:
        return None
    return digits, birth, sex


def mask(text: str) -> str:
    """The text with every possible CPR number shown as DDMMYY-xxxx."""
    with _lock:
        return fetch_one(_connection(), "SELECT bt_mask(?)", [text])[0]


def name_key(text: str) -> str:
    with _lock:
        return fetch_one(_connection(), "SELECT bt_name_key(?)", [text])[0]
