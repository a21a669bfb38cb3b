"""The indicator set as files: JSON (the catalogue's form), tidy CSV, and XLSX with a sheet per family."""

from __future__ import annotations

import math
from pathlib import Path

import orjson
import pandas as pd
import xlsxwriter

from ..catalogue.names import UNIT_NAMES, dimension_names, family_names, municipality_label
from ..files import written
from .indicator_set import NUMBERED, IndicatorSet

FORMATS = ("json", "csv", "xlsx")
#: A cell starting with one of these could run as a formula in a spreadsheet (data-contract.md).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def plain(value: object) -> object:
    """A pandas/NumPy scalar as a JSON value (counts stay integers)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()  # type: ignore[no-any-return]
    return value


def to_dict(figures: IndicatorSet) -> dict[str, object]:
    indicators = []
    for indicator in figures.indicators:
        rows = []
        for row in figures.results[indicator.id].to_dict("records"):
            out = {key: plain(row[key]) for key in ("year", "municipality", *indicator.breakdown)}
            if row["suppressed"]:
                out.update(value=None, suppressed=True)
            else:
                out["value"] = plain(row["value"])
            rows.append(out)
        indicators.append(
            {
                "id": indicator.id,
                "title": indicator.title,
                "unit": indicator.unit,
                "breakdown": list(indicator.breakdown),
                "rows": rows,
            }
        )
    return {
        "year": figures.year,
        "min_cell": figures.min_cell,
        "suppressed": figures.published,
        "municipalities": list(figures.municipalities),
        "years": sorted({y for years in figures.years.values() for y in years}),
        "indicators": indicators,
        "findings": [finding.to_dict() for finding in figures.findings],
    }


def to_json(figures: IndicatorSet) -> str:
    """Indented JSON, written by orjson: the standard library's indenting encoder is pure Python,
    and took 4 s for the 110,000 rows of a national warehouse's indicators."""
    return orjson.dumps(to_dict(figures), option=orjson.OPT_INDENT_2).decode() + "\n"


def safe_text(value: object) -> object:
    """Text that a spreadsheet would take for a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_column(column: pd.Series) -> pd.Series:
    """``safe_text`` for a whole text column (cells that are not text are left as they are)."""
    text = column.astype(object)
    risky = text.str.startswith(FORMULA_START, na=False).astype(bool)
    text[risky] = "'" + text[risky]
    return text


def tidy_table(figures: IndicatorSet) -> pd.DataFrame:
    table = figures.table
    shown = [
        None if hidden else value for value, hidden in zip(table["value"], table["suppressed"], strict=True)
    ]
    table["value"] = pd.Series(shown, index=table.index, dtype=object)
    return table


def to_csv(figures: IndicatorSet) -> str:
    """One row per value, breakdowns as columns; comma-separated with a decimal point, UTF-8."""
    table = tidy_table(figures).drop(columns=["family"])
    for column in table.columns:
        if column != "value" and table[column].dtype in (object, "string", "str"):
            table[column] = safe_column(table[column])
    return table.to_csv(index=False, lineterminator="\n")


HEADINGS = {
    "id": "Nøgletal (id)",
    "title": "Titel",
    "unit": "Enhed",
    "year": "År",
    "municipality_name": "Kommune",
    "municipality": "Kommunekode",
    "value": "Værdi",
    "suppressed": "Undertrykt",
}


def heading(column: str) -> str:
    """'Kanal (channel)': the Danish name with the code used in JSON and CSV."""
    if column in HEADINGS:
        return HEADINGS[column]
    return f"{dimension_names()[column]} ({column})" if column in dimension_names() else column


def write_xlsx(figures: IndicatorSet, path: Path) -> None:
    """One sheet per family, numbers as numbers, input text always as text (never a formula)."""
    table = tidy_table(figures)
    book = xlsxwriter.Workbook(str(path))
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1})
    whole = book.add_format({"num_format": "#,##0"})
    decimal = book.add_format({"num_format": "#,##0.0###"})
    about = book.add_worksheet("Om")
    notes = [
        ("Nøgletal for", str(figures.year)),
        ("Kommuner", ", ".join(f"{municipality_label(m)} ({m})" for m in figures.municipalities)),
        ("Diskretionering", f"ja, mindst {figures.min_cell} pr. celle" if figures.published else "nej"),
    ]
    if not figures.published:
        notes.append(("Bemærk", "Til intern brug – indeholder små tal"))
    for r, (label, text) in enumerate(notes):
        about.write_string(r, 0, label, bold)
        about.write_string(r, 1, text)
    about.set_column(0, 0, 18)
    about.set_column(1, 1, 60)
    for family, name in family_names().items():
        rows = table[table.family == family].dropna(axis=1, how="all")
        if rows.empty:
            continue
        sheet = book.add_worksheet(name)
        columns = [c for c in rows.columns if c != "family"]
        # the reader's words beside the codes: the municipality's name, the unit in Danish
        at = columns.index("municipality")
        columns.insert(at, "municipality_name")
        rows = rows.assign(
            municipality_name=[municipality_label(str(m)) for m in rows["municipality"]],
            unit=[UNIT_NAMES.get(u, u) for u in rows["unit"]],
        )
        for c, column in enumerate(columns):
            sheet.write_string(0, c, heading(column), bold)
        for r, record in enumerate(rows[columns].itertuples(index=False), start=1):
            for c, value in enumerate(record):
                column = columns[c]
                if column == "suppressed":
                    sheet.write_string(r, c, "ja" if value else "")
                elif column == "value":
                    if value is None or pd.isna(value):
                        sheet.write_string(r, c, "–")
                    else:
                        sheet.write_number(
                            r, c, float(value), whole if float(value).is_integer() else decimal
                        )
                elif value is None or pd.isna(value):
                    sheet.write_blank(r, c, None)
                elif column in ("year", *NUMBERED):
                    sheet.write_number(r, c, int(value))
                else:
                    sheet.write_string(r, c, str(value))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, len(rows), len(columns) - 1)
        sheet.set_column(0, 0, 38)
        sheet.set_column(1, 1, 44)
        sheet.set_column(2, len(columns) - 1, 14)
    findings = book.add_worksheet("Fund")
    findings.write_string(0, 0, "Fund om datakvaliteten", bold)
    for r, finding in enumerate(figures.findings, start=1):
        findings.write_string(r, 0, finding.message)
    findings.set_column(0, 0, 120)
    book.close()


def write(figures: IndicatorSet, path: Path, fmt: str) -> Path:
    """The set as a file, written safely (files.written: never over a workspace's own files)."""
    with written(path) as partial:
        if fmt == "json":
            partial.write_text(to_json(figures), encoding="utf-8")
        elif fmt == "csv":
            partial.write_text(to_csv(figures), encoding="utf-8")
        else:
            write_xlsx(figures, partial)
    return path
