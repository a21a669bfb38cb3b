"""Indicators — nøgletal: every figure of ``indicators.md``, one definition each, computed in the warehouse.

    from boernetal import Workspace
    from boernetal.indicators import compute
    figures = compute(Workspace.open("ishoej"), 2013)
    figures.table                     # one tidy table, one row per value
    figures.value("notifications.total", year=2013, municipality="all")

The families (one module each) register their definitions in :data:`REGISTRY` when imported.
"""

from __future__ import annotations

from . import (  # noqa: F401 — importing a family registers its definitions
    cases,
    complaints,
    economy,
    expenditure,
    investigations,
    measures,
    notifications,
    placements,
    population,
)
from .engine import IndicatorSet, compute
from .findings import Finding
from .registry import REGISTRY, Indicator

__all__ = ["REGISTRY", "Finding", "Indicator", "IndicatorSet", "compute"]
