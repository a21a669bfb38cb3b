"""Excel: every table of the report on its own sheet (and the data of every figure), numbers as
numbers with Danish formats, the indicator ids beside each table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import xlsxwriter

from ...engine.export import safe_text
from ..document import Report

PERCENT_COLUMN = "(%)"


def write(report: Report, path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path))
    f = {
        "title": book.add_format({"bold": True, "font_size": 13}),
        "mark": book.add_format({"bold": True, "font_color": "#8A5A00", "bg_color": "#FFF3CD"}),
        "head": book.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1, "text_wrap": True}),
        "note": book.add_format({"italic": True, "font_color": "#555555"}),
        "count": book.add_format({"num_format": "#,##0"}),
        "number": book.add_format({"num_format": "#,##0.0"}),
        "kr": book.add_format({"num_format": "#,##0"}),
        "percent": book.add_format({"num_format": "0.0%"}),
        "bold": book.add_format({"bold": True}),
        "right": book.add_format({"align": "right"}),
    }
    bold_number = {
        k: book.add_format({"num_format": f[k].num_format, "bold": True})
        for k in ("count", "number", "kr", "percent")
    }

    about = book.add_worksheet("Om rapporten")
    lines = [
        (report.title, f["title"]),
        (report.organisation, None),
        (" og ".join(f"{n} Kommune" for n in report.municipalities.values()), None),
        (
            report.internal_mark
            or (
                f"Diskretioneret til offentliggørelse (mindst {report.min_cell} pr. celle)."
                if report.published
                else ""
            ),
            f["mark"] if report.internal_mark else None,
        ),
        ("", None),
        ("Ark", f["bold"]),
    ]
    lines += [(f"Tabel {t.number}: {t.title}", None) for t in report.tables]
    lines += [(f"Figur {g.number}: {g.caption} (figurens tal)", None) for g in report.figures]
    for r, (text, fmt) in enumerate(lines):
        about.write_string(r, 0, text, fmt)
    about.set_column(0, 0, 90)

    def start(
        name: str, title: str, indicators: tuple[str, ...]
    ) -> tuple[xlsxwriter.worksheet.Worksheet, int]:
        sheet = book.add_worksheet(name)
        row = 0
        if report.internal_mark:
            sheet.write_string(row, 0, report.internal_mark, f["mark"])
            row += 1
        sheet.write_string(row, 0, title, f["title"])
        row += 1
        if indicators:
            sheet.write_string(row, 0, "Nøgletal: " + ", ".join(indicators), f["note"])
            row += 1
        return sheet, row + 1

    for block in report.tables:
        sheet, row = start(f"Tabel {block.number}", f"Tabel {block.number}: {block.title}", block.indicators)
        for c, text in enumerate(block.header):
            sheet.write_string(row, c, text, f["head"])
        sheet.freeze_panes(row + 1, 1)
        for r, cells in enumerate(block.rows):
            total = r in block.totals
            for c, cell in enumerate(cells):
                target = row + 1 + r
                if cell.kind == "label" or (cell.value is None and not cell.suppressed):
                    sheet.write_string(target, c, str(safe_text(cell.text)), f["bold"] if total else None)
                elif cell.suppressed:
                    sheet.write_string(target, c, cell.text, f["right"])
                else:
                    kind = cell.kind if cell.kind in bold_number else "count"
                    value = cell.value / 100 if kind == "percent" else cell.value
                    sheet.write_number(target, c, value, bold_number[kind] if total else f[kind])
        end = row + 1 + len(block.rows)
        if block.note:
            sheet.write_string(end + 1, 0, block.note, f["note"])
        if block.has_suppressed:
            sheet.write_string(
                end + 2, 0, f"– = skjult af hensyn til diskretion (færre end {report.min_cell}).", f["note"]
            )
        sheet.set_column(0, 0, 48)
        sheet.set_column(1, len(block.header) - 1, 16)

    for block in report.figures:
        sheet, row = start(
            f"Figur {block.number}", f"Figur {block.number}: {block.caption}", block.indicators
        )
        data = block.data
        for c, column in enumerate(data.columns):
            sheet.write_string(row, c, column, f["head"])
        for r, record in enumerate(data.itertuples(index=False), start=row + 1):
            for c, value in enumerate(record):
                column = data.columns[c]
                if value is None or (isinstance(value, float) and pd.isna(value)):
                    sheet.write_string(r, c, "–", f["right"])
                elif isinstance(value, str):
                    sheet.write_string(r, c, str(safe_text(value)))
                elif PERCENT_COLUMN in column:
                    sheet.write_number(r, c, float(value) / 100, f["percent"])
                else:
                    sheet.write_number(
                        r, c, float(value), f["count"] if float(value).is_integer() else f["number"]
                    )
        sheet.set_column(0, len(data.columns) - 1, 22)
    book.close()
    return path
