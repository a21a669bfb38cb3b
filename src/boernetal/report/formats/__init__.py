"""The report's formats: HTML (one self-contained file), PDF (WeasyPrint, from the same HTML), Word
(python-docx) and Excel (XlsxWriter). Each renders the one document model."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ...errors import BoernetalError
from ...files import written
from ..document import Report

FORMATS = ("html", "pdf", "docx", "xlsx")


def file_name(report: Report, fmt: str) -> str:
    """'aarsrapport-2013.pdf', or '…-offentlig.pdf' for the published version."""
    return f"aarsrapport-{report.year}{'-offentlig' if report.published else ''}.{fmt}"


def parse_formats(text: str) -> list[str]:
    """'html,pdf' -> ['html', 'pdf']; an unknown format is a user's error."""
    formats = [f.strip().lower() for f in text.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise BoernetalError(
            f"--format {text} kendes ikke.",
            f"Vælg en eller flere af: {', '.join(FORMATS)}, fx --format html,pdf.",
        )
    return list(dict.fromkeys(formats))


def write(
    report: Report,
    folder: Path,
    formats: list[str] | tuple[str, ...] = FORMATS,
    on_written: Callable[[str, Path], None] | None = None,
) -> dict[str, Path]:
    """Write the report in each format into ``folder``; returns format -> path.

    Each file is written beside its final name and renamed when complete, so an interrupted run
    never leaves half a report.
    """
    from . import docx, html, pdf, xlsx

    writers = {"html": html.write, "pdf": pdf.write, "docx": docx.write, "xlsx": xlsx.write}
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for fmt in formats:
        path = folder / file_name(report, fmt)
        with written(path) as partial:
            writers[fmt](report, partial)
        paths[fmt] = path
        if on_written:
            on_written(fmt, path)
    return paths
