"""The engine — how the catalogue is computed: a scope (years, municipalities, publish or not), an
executor on a backend (the workspace's DuckDB file, a PostgreSQL server, Parquet on Spark), and the
indicator set it returns, with its findings and disclosure control.

    from boernetal import Workspace
    from boernetal.engine import compute
    figures = compute(Workspace.open("ishoej"), 2013)
    figures.table                     # one tidy table, one row per value
    figures.value("notifications.total", year=2013, municipality="all")
"""

from __future__ import annotations

from .indicator_set import IndicatorSet, compute, compute_with

__all__ = ["IndicatorSet", "compute", "compute_with"]
