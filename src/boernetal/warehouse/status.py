"""What the warehouse holds: rows, years and municipalities per kind, quarantine, recent imports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..contract import KINDS
from ..contract.columns import Integer, Municipality
from ..contract.sql import fetch_one, ident

if TYPE_CHECKING:
    from ..workspace import Workspace


def status(workspace: Workspace, recent: int = 10) -> dict[str, Any]:
    """A plain dict (JSON-ready) describing the workspace's warehouse."""
    with workspace.warehouse(read_only=True) as wh:
        con = wh.con
        kinds: dict[str, Any] = {}
        for kind in KINDS.values():
            table, period = ident(kind.table), ident(kind.period)
            first_year = period if isinstance(kind.column(kind.period), Integer) else f"year({period})"
            last_year = first_year
            if kind.period_end:
                last_year = f"year(coalesce({ident(kind.period_end)}, {period}))"
            rows, first, last = fetch_one(
                con, f"SELECT count(*), min({first_year}), max({last_year}) FROM {table}"
            )
            has_municipality = any(isinstance(c, Municipality) for c in kind.columns)
            municipalities = (
                [
                    r[0]
                    for r in con.sql(
                        f"SELECT DISTINCT municipality FROM {table} WHERE municipality IS NOT NULL ORDER BY 1"
                    ).fetchall()
                ]
                if has_municipality
                else []
            )
            kinds[kind.name] = {
                "rows": rows,
                "first_year": first,
                "last_year": last,
                "municipalities": municipalities,
            }
        quarantined = dict(
            con.sql("SELECT kind, count(*) FROM quarantine GROUP BY kind ORDER BY kind").fetchall()
        )
        imports = [
            {
                "import_id": r[0],
                "kind": r[1],
                "file_name": r[2],
                "sha256": r[3],
                "rows_read": r[4],
                "rows_new": r[5],
                "rows_updated": r[6],
                "rows_unchanged": r[7],
                "rows_rejected": r[8],
                "warnings": r[9],
                "imported_at": r[10].isoformat(sep=" "),
                "imported_by": r[11],
            }
            for r in con.sql(
                f"SELECT * FROM import_log ORDER BY import_id DESC LIMIT {int(recent)}"
            ).fetchall()
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
