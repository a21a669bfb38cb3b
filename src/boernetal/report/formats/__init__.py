"""The report's formats: HTML (one self-contained file), PDF (WeasyPrint, from the same HTML), Word
(python-docx) and Excel (XlsxWriter). Each renders the one document model."""

from __future__ import annotations

from pathlib import Path

from ..document import Report

FORMATS = ("html", "pdf", "docx", "xlsx")


def file_name(report: Report, fmt: str) -> str:
    """'aarsrapport-2013.pdf', or '…-offentlig.pdf' for the published version."""
    return f"aarsrapport-{report.year}{'-offentlig' if report.published else ''}.{fmt}"


def write(report: Report, folder: Path, formats: list[str] | tuple[str, ...] = FORMATS) -> dict[str, Path]:
    """Write the report in each format into ``folder``; returns format -> path."""
    from . import docx, html, pdf, xlsx

    writers = {"html": html.write, "pdf": pdf.write, "docx": docx.write, "xlsx": xlsx.write}
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for fmt in formats:
        path = folder / file_name(report, fmt)
        writers[fmt](report, path)
        written[fmt] = path
    return written
