"""Merging staged records into the warehouse: new, updated, unchanged; quarantine; import log.

Runs inside the caller's transaction on the warehouse connection.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass

import duckdb

from ..contract.sql import fetch_one, ident
from .stage import StagedFile


@dataclass(frozen=True)
class LoadCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


def next_import_id(con: duckdb.DuckDBPyConnection) -> int:
    return fetch_one(con, "SELECT coalesce(max(import_id), 0) + 1 FROM import_log")[0]


def load(
    con: duckdb.DuckDBPyConnection, staged: StagedFile, import_id: int, user: str, now: dt.datetime
) -> LoadCounts:
    """Write the staged file's records, quarantine and import-log entry."""
    kind = staged.kind
    table = ident(kind.table)
    counts = LoadCounts()
    if staged.records is not None and staged.records.num_rows:
        columns = [ident(name) for name, _ in kind.stored()]
        differs = " OR ".join(f"i.{c} IS DISTINCT FROM w.{c}" for c in columns)
        con.register("incoming", staged.records)
        try:
            new, updated, unchanged = fetch_one(
                con,
                f"""SELECT count(*) FILTER (w.record_key IS NULL),
                           count(*) FILTER (w.record_key IS NOT NULL AND ({differs})),
                           count(*) FILTER (w.record_key IS NOT NULL AND NOT ({differs}))
                    FROM incoming i LEFT JOIN {table} w USING (record_key)""",
            )
            counts = LoadCounts(new, updated, unchanged)
            if updated:
                changed = (
                    f"SELECT i.record_key FROM incoming i JOIN {table} w USING (record_key) WHERE {differs}"
                )
                con.execute(f"DELETE FROM {table} WHERE record_key IN ({changed})")
            if new or updated:
                names = ", ".join(columns)
                only_new = (
                    "WHERE NOT EXISTS (SELECT 1 FROM {table} w WHERE w.record_key = i.record_key)"
                    if unchanged
                    else ""
                )
                con.execute(
                    f"INSERT INTO {table} ({names}, record_key, import_id) "
                    f"SELECT {names}, record_key, ? FROM incoming i {only_new.format(table=table)}",
                    [import_id],
                )
        finally:
            # after an interrupted query the transaction is aborted and unregistering fails too;
            # the interruption is what must reach the caller (who rolls back and says so)
            with contextlib.suppress(duckdb.Error):
                con.unregister("incoming")
    con.execute("DELETE FROM quarantine WHERE kind = ? AND file_name = ?", [kind.name, staged.path.name])
    if staged.quarantine is not None and staged.quarantine.num_rows:
        con.register("rejected", staged.quarantine)
        try:
            con.execute(
                """INSERT INTO quarantine SELECT ?, ?, ?, "row", reasons, record FROM rejected""",
                [import_id, kind.name, staged.path.name],
            )
        finally:
            with contextlib.suppress(duckdb.Error):  # as above: an interruption must not be masked
                con.unregister("rejected")
    con.execute(
        "INSERT INTO import_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            import_id,
            kind.name,
            staged.path.name,
            staged.sha256,
            staged.rows_read,
            counts.new,
            counts.updated,
            counts.unchanged,
            staged.rejected,
            len(staged.warnings),
            now,
            user,
        ],
    )
    return counts
