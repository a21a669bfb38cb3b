"""The catalogue — nøgletal: every figure of ``indicators.md``, one definition each.

One module per family, each indicator a few lines of Ibis that read like its row in the spec
(which records, which date puts them in a year, what is counted, which breakdown). What a figure
*is* lives here; how it is run lives in :mod:`boernetal.engine`:

    from boernetal import Workspace
    from boernetal.engine import compute
    figures = compute(Workspace.open("ishoej"), 2013)
    figures.value("notifications.total", year=2013, municipality="all")

The families register their definitions in :data:`REGISTRY` when imported.
"""

from __future__ import annotations

from . import (  # noqa: F401 — importing a family registers its definitions
    births,
    cases,
    comparison,
    complaints,
    economy,
    expenditure,
    findings,
    foster,
    groups,
    health_visits,
    investigations,
    measures,
    notifications,
    placements,
    population,
    pregnancy,
    programmes,
    school_health,
    school_needs,
    screenings,
    services,
)
from .findings import Finding
from .registry import REGISTRY, Indicator

__all__ = ["REGISTRY", "Finding", "Indicator"]
