"""PDF: WeasyPrint prints the HTML report — A4, table of contents with page numbers, "Side X af Y",
the chapter as running header, and the internal mark on every page."""

from __future__ import annotations

from pathlib import Path

from ..document import Report
from . import html


def write(report: Report, path: Path) -> Path:
    import weasyprint

    weasyprint.HTML(string=html.render(report)).write_pdf(str(path))
    return path
