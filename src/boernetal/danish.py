"""Danish formatting of numbers and dates, through Babel (da_DK): 1.263.248, 77,8 %, 31. december 2013."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

LOCALE = "da_DK"


def number(value: float, decimals: int = 0) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def percent(value: float, decimals: int = 1) -> str:
    """``value`` in 0–100 → '77,8 %'."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "\u00a0%"
    return format_percent(value / 100, format=pattern, locale=LOCALE)


def date(value: dt.date) -> str:
    return format_date(value, format="d. MMMM y", locale=LOCALE)


def short_timestamp(value: dt.datetime) -> str:
    """'22.11.2026 15:50', for tables."""
    return format_datetime(value, format="dd.MM.y HH:mm", locale=LOCALE)


def figure(value: float | None, unit: str) -> str:
    """A catalogue value in its unit: 1.263 (count), 77,8 % (percent), 37,4 (ratio), 1.263.248 kr.;
    an empty or suppressed value is '–'."""
    if value is None or value != value:  # None or NaN
        return "–"
    if unit == "percent":
        return percent(value)
    if unit == "ratio":
        return number(value, 1)
    if unit.startswith("kr"):
        return f"{number(round(value))} kr."
    return number(value)
