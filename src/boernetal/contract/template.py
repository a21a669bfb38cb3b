"""An empty file of a kind to fill in — skabelon: the contract's headers, and in Excel a sheet of
the valid codes with a drop-down list in each code column, and a sheet that says what each column
holds."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import RecordKind
from .describe import described

#: rows of the template that get a drop-down list of codes
ROWS = 5000


def write_csv_template(kind: RecordKind, path: Path) -> None:
    """The header row only, as Danish Excel opens a CSV file (UTF-8 with BOM, semicolons)."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";").writerow([c.name for c in described(kind)])


def write_xlsx_template(kind: RecordKind, path: Path) -> None:
    """Sheet ``kind`` with the headers, sheet 'Koder' with every code column's codes and labels,
    and sheet 'Kolonner' describing the columns."""
    columns = described(kind)
    book = Workbook()
    sheet = book.active
    sheet.title = kind.name
    codes = book.create_sheet("Koder")
    about = book.create_sheet("Kolonner")
    bold = Font(bold=True)
    at = 1
    for i, column in enumerate(columns, start=1):
        cell = sheet.cell(1, i, column.name)
        cell.font = bold
        sheet.column_dimensions[get_column_letter(i)].width = max(14, len(column.name) + 4)
        if column.codes is None:
            continue
        codes.cell(1, at, column.name).font = bold
        codes.cell(1, at + 1, "Betydning").font = bold
        for row, (code, spec) in enumerate(column.codes.codes.items(), start=2):
            codes.cell(row, at, code)
            codes.cell(row, at + 1, spec.label)
        letter = get_column_letter(at)
        codes.column_dimensions[letter].width = max(len(c) for c in column.codes.codes) + 4
        codes.column_dimensions[get_column_letter(at + 1)].width = 40
        last = len(column.codes.codes) + 1
        choose = DataValidation(
            type="list",
            formula1=f"Koder!${letter}$2:${letter}${last}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Ukendt kode",
            error=f"Vælg en af koderne i arket Koder, kolonne {column.name}.",
        )
        sheet.add_data_validation(choose)
        choose.add(f"{get_column_letter(i)}2:{get_column_letter(i)}{ROWS}")
        at += 3
    sheet.freeze_panes = "A2"
    for i, heading in enumerate(("Kolonne", "Dansk navn", "Type", "Skal udfyldes"), start=1):
        about.cell(1, i, heading).font = bold
    for row, column in enumerate(columns, start=2):
        about.cell(row, 1, column.name)
        about.cell(row, 2, column.heading)
        about.cell(row, 3, column.type)
        about.cell(row, 4, "ja" if column.required else "")
    for letter, width in zip("ABCD", (22, 26, 28, 14), strict=True):
        about.column_dimensions[letter].width = width
    book.save(path)
