"""Records written as a municipality's case system exports them: Danish CSV (semicolons, UTF-8
with BOM, dates as 31.12.2013, amounts as 1.234.567,50, "ja" for yes) and a few Excel workbooks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from .. import danish
from ..contract import KINDS

#: kinds written as Excel workbooks, as reference data usually arrives
EXCEL = ("population", "expenditure", "staff")


def columns(kind: str, rows: list[dict[str, Any]]) -> list[str]:
    """The contract's columns for ``kind`` that the rows have, in the contract's order."""
    present = {key for row in rows for key in row}
    return [c.name for c in KINDS[kind].input_columns if c.name in present]


def text(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return f"{value:%d.%m.%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, Decimal | float):
        decimals = 0 if Decimal(str(value)) % 1 == 0 else 2
        return danish.number(float(value), decimals)
    return str(value)


def write_csv(path: Path, kind: str, rows: list[dict[str, Any]]) -> Path:
    names = columns(kind, rows)
    lines = [";".join(names)] + [";".join(text(row.get(name, "")) for name in names) for row in rows]
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_xlsx(path: Path, kind: str, rows: list[dict[str, Any]]) -> Path:
    names = columns(kind, rows)
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet(KINDS[kind].danish.capitalize()[:31])
    date = book.add_format({"num_format": "dd-mm-yyyy"})
    for c, name in enumerate(names):
        sheet.write_string(0, c, name)
    for r, row in enumerate(rows, start=1):
        for c, name in enumerate(names):
            value = row.get(name, "")
            if value is None or value == "":
                continue
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date)
            elif isinstance(value, int | float | Decimal) and name not in ("municipality",):
                sheet.write_number(r, c, float(value))
            else:
                sheet.write_string(r, c, str(value))
    book.close()
    return path


def write_all(folder: Path, records: Mapping[str, list[dict[str, Any]]]) -> list[Path]:
    """One file per kind: ``<kind>.csv``, or ``<kind>.xlsx`` for the reference data."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, rows in records.items():
        if kind in EXCEL:
            written.append(write_xlsx(folder / f"{kind}.xlsx", kind, rows))
        else:
            written.append(write_csv(folder / f"{kind}.csv", kind, rows))
    return written
