"""The warehouse: one DuckDB file per workspace holding the records, the import log and quarantine
(or the same tables on a PostgreSQL server: postgres.py)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import TracebackType

import duckdb

from ..contract import KINDS
from ..contract.sql import open_duckdb
from ..errors import WarehouseLockedError, WorkspaceError
from .schema import schema_sql


class Warehouse:
    """An open warehouse. Use as a context manager; writes go through ``transaction()``."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = path
        self.writing: Path | None = None
        if read_only and not path.exists():
            raise WorkspaceError(f"Lageret {path} findes ikke.", "Opret arbejdsområdet med 'boernetal init'.")
        if read_only:
            if writer_at_work(path):
                raise WarehouseLockedError(
                    f"Lageret {path} opdateres lige nu af en indlæsning.",
                    "Prøv igen, når indlæsningen er færdig.",
                )
            self.con = opened(path, read_only=True)
            if missing_kinds(self.con):  # a warehouse of an earlier version: its new kinds' tables
                self.con.close()
                upgrade(path)
                self.con = opened(path, read_only=True)
        else:
            self.writing = claim_writing(path)
            try:
                self.con = opened(path, read_only=False, wait=WAIT_FOR_READERS)
            except BaseException:
                self.writing.unlink(missing_ok=True)
                raise
        # Parallel inserts are allowed: records have no meaningful order, except those of an
        # ordered kind (budget), which ingest inserts with an ORDER BY that DuckDB then keeps.
        self.con.execute("SET preserve_insertion_order = false")
        if not read_only:
            self.con.execute(schema_sql())

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()
        if self.writing is not None:
            self.writing.unlink(missing_ok=True)
            self.writing = None


def missing_kinds(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The record kinds whose tables the warehouse does not have yet (added by a later version)."""
    found = {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    return [kind.table for kind in KINDS.values() if kind.table not in found]


def upgrade(path: Path) -> None:
    """Add the tables of record kinds that came with a later version of Børnetal (empty: nothing is
    changed in the others), by opening the file for writing once."""
    try:
        Warehouse(path, read_only=False).close()
    except WarehouseLockedError:
        raise WarehouseLockedError(
            f"Lageret {path} er fra en tidligere version af Børnetal og skal have nye tabeller, "
            "men det er åbent i et andet program.",
            "Luk ledelsesinformationen (boernetal serve) og andre programmer, der har lageret åbent, "
            "og prøv igen; eller kør en indlæsning, som tilføjer tabellerne.",
        ) from None


#: how long a writer waits for readers (the dashboard's short requests) to let go of the file
WAIT_FOR_READERS = 30.0
LOCKED = (
    "Vent til den anden indlæsning eller rapport er færdig, eller luk programmet "
    "(fx en notebook eller DuckDB), der har lageret åbent, og prøv igen."
)


def opened(path: Path, read_only: bool, wait: float = 0.0) -> duckdb.DuckDBPyConnection:
    """The DuckDB file opened; a writer waits up to ``wait`` seconds for readers to close it."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return open_duckdb(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                hint = "Gendan warehouse.duckdb fra jeres sikkerhedskopi."
                raise WorkspaceError(f"Lageret {path} kan ikke åbnes: {exc}", hint) from None
            if time.monotonic() >= deadline:
                raise WarehouseLockedError(f"Lageret {path} er i brug af et andet program.", LOCKED) from None
            time.sleep(0.1)


def writing_flag(path: Path) -> Path:
    """The file that says a writer is at work on the warehouse (its process id in it): readers
    that see it stay away until it is gone, so the writer gets the file between their requests."""
    return path.with_name(path.name + ".writing")


def writer_at_work(path: Path) -> bool:
    flag = writing_flag(path)
    try:
        pid = int(flag.read_text().strip() or 0)
    except (OSError, ValueError):
        return False
    return pid != os.getpid() and running(pid)


def claim_writing(path: Path) -> Path:
    """Raise the flag for this process; another live writer's flag means the warehouse is busy
    (a flag left by a killed process is taken over)."""
    flag = writing_flag(path)
    if writer_at_work(path):
        raise WarehouseLockedError(f"Lageret {path} er i brug af en anden indlæsning.", LOCKED)
    flag.write_text(str(os.getpid()))
    return flag


def running(pid: int) -> bool:
    """The process is alive (possibly another user's)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
