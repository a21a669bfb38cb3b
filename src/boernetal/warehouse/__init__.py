"""The warehouse: one DuckDB file per workspace holding the records, the import log and quarantine
(or the same tables on a PostgreSQL server: postgres.py)."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

import duckdb

from ..contract.sql import open_duckdb
from ..errors import WarehouseLockedError, WorkspaceError
from .schema import schema_sql


class Warehouse:
    """An open warehouse. Use as a context manager; writes go through ``transaction()``."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = path
        if read_only and not path.exists():
            raise WorkspaceError(f"Lageret {path} findes ikke.", "Opret arbejdsområdet med 'boernetal init'.")
        try:
            self.con = open_duckdb(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise WarehouseLockedError(
                    f"Lageret {path} er i brug af et andet program.",
                    "Vent til den anden indlæsning eller rapport er færdig, eller luk programmet "
                    "(fx en notebook eller DuckDB), der har lageret åbent, og prøv igen.",
                ) from None
            raise WorkspaceError(
                f"Lageret {path} kan ikke åbnes: {exc}", "Gendan warehouse.duckdb fra jeres sikkerhedskopi."
            ) from None
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
