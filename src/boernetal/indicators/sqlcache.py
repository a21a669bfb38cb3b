"""Compiled SQL, kept between runs: building and compiling an Ibis expression costs 20–60 ms in
Python, the query itself often less. The definitions stay Ibis; this only remembers what they
compiled to.

The cache is a JSON file per *fingerprint* — a hash of Børnetal's own source and the versions of
Ibis, sqlglot and DuckDB — so any change to a definition, the warehouse schema or the compiler
starts a fresh file. A key names everything else the SQL depends on (indicator, years,
municipalities, peer groups). The small in-memory tables a scope uses (calendar, municipality
scopes) have names derived from their content and are registered on the connection before a
cached query runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable, Mapping
from functools import cache
from importlib import metadata
from pathlib import Path

import duckdb
import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa

ENV_VAR = "BOERNETAL_CACHE_DIR"


@cache
def fingerprint() -> str:
    """Børnetal's source and the compiler's versions: a change to any starts a new cache."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    for name in ("ibis-framework", "sqlglot", "duckdb"):
        digest.update(f"{name}={metadata.version(name)}".encode())
    return digest.hexdigest()[:16]


def default_folder() -> Path:
    base = os.environ.get(ENV_VAR) or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / ("" if os.environ.get(ENV_VAR) else "boernetal")


class SqlCache:
    """SQL by key, read from and saved to one file; safe to use from several threads."""

    def __init__(self, folder: Path | None = None) -> None:
        self.path = (folder or default_folder()) / f"sql-{fingerprint()}.json"
        self._lock = threading.Lock()
        self._changed = False
        try:
            self._sql: dict[str, str] = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            self._sql = {}

    def sql(self, key: str, build: Callable[[], ir.Expr]) -> str:
        with self._lock:
            known = self._sql.get(key)
        if known is not None:
            return known
        compiled = str(ibis.to_sql(build(), dialect="duckdb"))
        with self._lock:
            self._sql[key] = compiled
            self._changed = True
        return compiled

    def save(self) -> None:
        """Write the file if something was added (atomically; a cache that can't be written is skipped)."""
        if not self._changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_suffix(f".{os.getpid()}.part")
            partial.write_text(json.dumps(self._sql, ensure_ascii=False), encoding="utf-8")
            partial.replace(self.path)
        except OSError:
            return
        self._changed = False


def run(con: duckdb.DuckDBPyConnection, sql: str, tables: Mapping[str, pa.Table]) -> pd.DataFrame:
    """Run compiled SQL on a connection with the scope's small tables registered by name."""
    for name, table in tables.items():
        con.register(name, table)
    return con.sql(sql).fetch_arrow_table().to_pandas()
