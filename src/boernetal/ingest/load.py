"""Merging staged records into the warehouse: new, updated, unchanged; quarantine; import log.

Runs inside the caller's transaction on the warehouse connection.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ..contract.sql import fetch_one, ident, literal, open_duckdb
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
    if staged.records is not None and staged.kept:
        columns = [ident(name) for name, _ in kind.stored()]
        differs = " OR ".join(f"i.{c} IS DISTINCT FROM w.{c}" for c in columns)
        _receive(con, staged.records)
        try:
            new, updated, unchanged = fetch_one(
                con,
                f"""SELECT count(*) FILTER (WHERE w.record_key IS NULL),
                           count(*) FILTER (WHERE w.record_key IS NOT NULL AND ({differs})),
                           count(*) FILTER (WHERE w.record_key IS NOT NULL AND NOT ({differs}))
                    FROM incoming i LEFT JOIN {table} w USING (record_key)""",
            )
            counts = LoadCounts(new, updated, unchanged)
            if kind.ordered:
                _store_in_file_order(con, table, columns, differs, import_id)
            else:
                _store_changes(con, table, columns, differs, import_id, counts)
        finally:
            # after an interrupted query the transaction is aborted and dropping fails too;
            # the interruption is what must reach the caller (who rolls back and says so)
            with contextlib.suppress(duckdb.Error):
                _drop(con, "incoming")
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


def _receive(con: duckdb.DuckDBPyConnection, records: Path) -> None:
    """``incoming`` on the warehouse's connection: the staged records of a Parquet file (a DuckDB
    warehouse reads it where it lies; a server gets it a batch at a time, into a temporary table
    of the session)."""
    source = f"read_parquet({literal(str(records))})"
    if isinstance(con, duckdb.DuckDBPyConnection):
        con.execute(f"CREATE TEMP VIEW incoming AS SELECT * FROM {source}")
        return
    with open_duckdb() as reader:
        con.register("incoming", reader.sql(f"SELECT * FROM {source}").to_arrow_reader(BATCH_ROWS))


def _drop(con: duckdb.DuckDBPyConnection, table: str) -> None:
    if isinstance(con, duckdb.DuckDBPyConnection):
        con.execute(f"DROP VIEW IF EXISTS {ident(table)}")
    else:
        con.unregister(table)


#: records sent to the warehouse at a time
BATCH_ROWS = 100_000


def _store_changes(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: list[str],
    differs: str,
    import_id: int,
    counts: LoadCounts,
) -> None:
    """A changed record replaces the old version, a new one is added; unchanged ones are left."""
    if counts.updated:
        changed = f"SELECT i.record_key FROM incoming i JOIN {table} w USING (record_key) WHERE {differs}"
        con.execute(f"DELETE FROM {table} WHERE record_key IN ({changed})")
    if counts.new or counts.updated:
        names = ", ".join(columns)
        only_new = (
            f"WHERE NOT EXISTS (SELECT 1 FROM {table} w WHERE w.record_key = i.record_key)"
            if counts.unchanged
            else ""
        )
        con.execute(
            f"INSERT INTO {table} ({names}, record_key, import_id) "
            f"SELECT {names}, record_key, ? FROM incoming i {only_new}",
            [import_id],
        )


def _store_in_file_order(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[str], differs: str, import_id: int
) -> None:
    """The file's records written again, in the file's order (``RecordKind.ordered``: the report
    lists budget lines as the file does, also after a line was corrected, added or moved); an
    unchanged record keeps the import that wrote it."""
    names = ", ".join(columns)
    con.execute(
        f"""CREATE TEMP TABLE in_file_order AS
            SELECT {", ".join(f"i.{c}" for c in columns)}, i.record_key, i._position,
                   CASE WHEN w.record_key IS NULL OR ({differs}) THEN ? ELSE w.import_id END AS import_id
            FROM incoming i LEFT JOIN {table} w USING (record_key)""",
        [import_id],
    )
    try:
        con.execute(f"DELETE FROM {table} WHERE record_key IN (SELECT record_key FROM incoming)")
        con.execute(
            f"INSERT INTO {table} ({names}, record_key, import_id) "
            f"SELECT {names}, record_key, import_id FROM in_file_order ORDER BY _position"
        )
    finally:
        with contextlib.suppress(duckdb.Error):  # an interrupted transaction: as in load
            con.execute("DROP TABLE in_file_order")
