"""What the warehouse holds: rows, years and municipalities per kind, quarantine, recent imports.

Asked through Ibis, so it reads the DuckDB file and a PostgreSQL server alike (warehouse.connect).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ibis
from ibis.backends import BaseBackend

from ..contract import KINDS
from ..contract.columns import Municipality
from .connect import reading

if TYPE_CHECKING:
    from ..workspace import Workspace

IMPORT_LOG = (
    "import_id",
    "kind",
    "file_name",
    "sha256",
    "rows_read",
    "rows_new",
    "rows_updated",
    "rows_unchanged",
    "rows_rejected",
    "warnings",
    "imported_at",
    "imported_by",
)


def status(workspace: Workspace, recent: int = 10) -> dict[str, Any]:
    """A plain dict (JSON-ready) describing the workspace's warehouse."""
    with reading(workspace) as backend:
        kinds = {kind.name: kind_status(backend, kind.name) for kind in KINDS.values()}
        q = backend.table("quarantine")
        counted = backend.to_pyarrow(q.group_by("kind").aggregate(n=q.count()).order_by("kind")).to_pylist()
        quarantined = {row["kind"]: int(row["n"]) for row in counted}
        log = backend.table("import_log")
        latest = log.select(*IMPORT_LOG).order_by(ibis.desc("import_id")).limit(int(recent))
        imports = [
            {**row, "imported_at": row["imported_at"].isoformat(sep=" ")}
            for row in backend.to_pyarrow(latest).to_pylist()
        ]
    config = workspace.config
    return {
        "workspace": str(workspace.path),
        "organisation": config.organisation,
        "municipalities": list(config.municipalities),
        "kinds": kinds,
        "quarantined": quarantined,
        "quarantined_total": sum(quarantined.values()),
        "imports": imports,
    }


def kind_status(backend: BaseBackend, name: str) -> dict[str, Any]:
    """Rows, first and last year (a period's end, or its start while open) and municipalities."""
    kind = KINDS[name]
    table = backend.table(kind.table)
    period = table[kind.period]
    first_year = period if kind.yearly else period.year()
    last_year = first_year if not kind.period_end else table[kind.period_end].fill_null(period).year()
    summary = table.aggregate(rows=table.count(), first=first_year.min(), last=last_year.max())
    (row,) = backend.to_pyarrow(summary).to_pylist()
    municipalities: list[str] = []
    if any(isinstance(c, Municipality) for c in kind.columns):
        named = table.filter(table.municipality.notnull()).select("municipality").distinct()
        municipalities = sorted(backend.to_pyarrow(named).column("municipality").to_pylist())
    return {
        "rows": int(row["rows"]),
        "first_year": None if row["first"] is None else int(row["first"]),
        "last_year": None if row["last"] is None else int(row["last"]),
        "municipalities": municipalities,
    }
