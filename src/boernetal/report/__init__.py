"""The annual report (årsrapport): Danish text, tables and charts from the indicators, as HTML,
PDF, Word and Excel, internal or safe to publish.

    from boernetal import Workspace
    from boernetal.report import build_report, write
    report = build_report(Workspace.open("ishoej"), 2013, publish=True)
    write(report, Path("rapport"), ["html", "pdf"])
"""

from __future__ import annotations

from .build import build_report
from .document import Report

__all__ = ["Report", "build_report"]
