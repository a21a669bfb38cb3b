"""The order records were stored in, for the kinds whose file order means something
(``RecordKind.ordered``: budget lines, which the report lists as the imported file does).

Ingest writes such a file's records in its order; each database keeps that as the physical order of
a table written once (DuckDB's ``rowid``, PostgreSQL's ``ctid``), which Ibis does not expose."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .connect import on_server, reading

if TYPE_CHECKING:
    from ..workspace import Workspace

#: the column that gives the stored order, per database
STORED_ORDER = {"duckdb": "rowid", "postgres": "ctid"}


def budget_lines(workspace: Workspace, year: int) -> list[tuple[str, str, str | None, str]]:
    """The year's budget lines (municipality, area, group, account) in the imported file's order."""
    with reading(workspace) as backend:
        order = STORED_ORDER["postgres" if on_server(backend) else "duckdb"]
        columns = 'municipality, area, "group", account'
        sql = f"SELECT {columns} FROM budget WHERE year = {int(year)} ORDER BY {order}"
        cursor = backend.raw_sql(sql)  # type: ignore[attr-defined]
        try:
            return [tuple(row) for row in cursor.fetchall()]  # type: ignore[misc]
        finally:
            cursor.close()
