"""Compiled SQL, kept between runs: building and compiling an Ibis expression costs 20–60 ms in
Python, the query itself often less. The definitions stay Ibis; this only remembers what they
compiled to.

The cache is a JSON file per *fingerprint* — a hash of Børnetal's own source and the versions of
Ibis, sqlglot and DuckDB — so any change to a definition, the warehouse schema or the compiler
starts a fresh file. A key names everything else the SQL depends on.

An indicator's SQL holds no years, municipalities or peer groups: it reads them from the small
tables a scope provides (calendar, days, month-ends, municipality scopes, peer groups), named from
their content. The cache keeps the SQL with each such name replaced by a placeholder for what
the table is (``"@calendar@"``), and puts the names of the asking scope's tables back in. So the
SQL compiled for one workspace and year serves every other: only the first run after installing
or upgrading Børnetal compiles.
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
from typing import Any

import duckdb
import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from ibis.backends import BaseBackend

from ..cache import ENV_VAR, default_folder

__all__ = ["ENV_VAR", "SqlCache", "default_folder", "fingerprint", "placeholder", "query", "run"]


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


class SqlCache:
    """SQL by key, read from and saved to one file; safe to use from several threads."""

    def __init__(self, folder: Path | None = None) -> None:
        self.path = (folder or default_folder()) / f"sql-{fingerprint()}.json"
        self._lock = threading.Lock()
        self._changed = False
        try:
            self._entries: dict[str, Any] = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            self._entries = {}
        if not isinstance(self._entries, dict):
            self._entries = {}

    def get(self, key: str, names: Mapping[str, str] | None = None) -> str | None:
        """The SQL kept under ``key``, reading the small tables registered under ``names`` (what
        the table is -> its name); None if it is not kept or reads one ``names`` does not give."""
        with self._lock:
            entry = self._entries.get(key)
        if not isinstance(entry, dict) or not isinstance(entry.get("sql"), str):
            return None
        names = names or {}
        compiled = entry["sql"]
        for role in entry.get("tables", []):
            if role not in names:
                return None
            compiled = compiled.replace(placeholder(role), f'"{names[role]}"')
        return compiled

    def put(self, key: str, expr: ir.Expr, names: Mapping[str, str] | None = None) -> str:
        """Compile ``expr``, keep its SQL with the small tables it reads (``names``: what the table
        is -> its name) as placeholders, and return it."""
        compiled = compile_sql(expr)
        template, roles = compiled, []
        for role, name in (names or {}).items():
            if f'"{name}"' in template:
                template = template.replace(f'"{name}"', placeholder(role))
                roles.append(role)
        with self._lock:
            self._entries[key] = {"sql": template, "tables": roles}
            self._changed = True
        return compiled

    def fact(self, key: str) -> object:
        """A fact about a definition kept under ``key`` (None if none is)."""
        with self._lock:
            entry = self._entries.get(key)
        return entry.get("fact") if isinstance(entry, dict) else None

    def remember(self, key: str, fact: object) -> None:
        """Keep a fact about a definition (JSON-able) until the definitions change."""
        with self._lock:
            self._entries[key] = {"fact": fact}
            self._changed = True

    def seconds(self, key: str) -> float | None:
        """How long the query kept under ``key`` took when last timed (to start the longest first)."""
        with self._lock:
            entry = self._entries.get(key)
        seconds = entry.get("seconds") if isinstance(entry, dict) else None
        return float(seconds) if isinstance(seconds, (int, float)) else None

    def took(self, key: str, seconds: float) -> None:
        """Remember how long the query under ``key`` took; only a real change rewrites the file."""
        with self._lock:
            entry = self._entries.get(key)
            if not isinstance(entry, dict):
                return
            known = entry.get("seconds")
            if not isinstance(known, (int, float)) or not known / 2 <= seconds <= known * 2:
                entry["seconds"] = round(seconds, 4)
                self._changed = True

    def sql(self, key: str, build: Callable[[], ir.Expr], names: Mapping[str, str] | None = None) -> str:
        """The SQL for the expression ``build()`` makes, compiled on first use; ``names`` as for ``get``."""
        known = self.get(key, names)
        return known if known is not None else self.put(key, build(), names)

    def save(self) -> None:
        """Write the file if something was added (atomically; a cache that can't be written is skipped)."""
        if not self._changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_suffix(f".{os.getpid()}.part")
            partial.write_text(json.dumps(self._entries, ensure_ascii=False), encoding="utf-8")
            partial.replace(self.path)
        except OSError:
            return
        self._changed = False


def compile_sql(expr: ir.Expr) -> str:
    """DuckDB SQL for ``expr``. Ibis's fusing of nested selects into one is left out: it is three
    quarters of the compile time, and DuckDB's optimizer flattens the nesting itself (the queries
    take the same time). Only the main thread compiles (see engine.run_indicators), so the option
    is set and put back here."""
    fuse = ibis.options.sql.fuse_selects
    ibis.options.sql.fuse_selects = False
    try:
        return str(ibis.to_sql(expr, dialect="duckdb"))
    finally:
        ibis.options.sql.fuse_selects = fuse


def placeholder(role: str) -> str:
    """What stands in the kept SQL for the name of a small table (a quoted identifier)."""
    return f'"@{role}@"'


def run(con: duckdb.DuckDBPyConnection, sql: str, tables: Mapping[str, pa.Table]) -> pd.DataFrame:
    """Run compiled SQL on a connection with the scope's small tables registered by name."""
    for name, table in tables.items():
        con.register(name, table)
    return as_frame(con.sql(sql).to_arrow_table())


def as_frame(rows: pa.Table) -> pd.DataFrame:
    """``rows`` as pandas, whole-number sums as ``int64``: DuckDB sums integers into a 128-bit
    integer, which Arrow holds as a decimal and pandas would make a Python ``Decimal`` of, one
    object per value (7 ms for the 17,820 month-end counts, against 0.1 ms for the cast)."""
    for i, field in enumerate(rows.schema):
        if pa.types.is_decimal(field.type) and field.type.scale == 0:
            rows = rows.set_column(i, field.name, pc.cast(rows.column(i), pa.int64()))
    return rows.to_pandas()


def query(
    backend: BaseBackend,
    sql: SqlCache | None,
    key: str,
    build: Callable[[], ir.Table],
    names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The rows of the expression ``build()`` makes, its SQL compiled once and kept under ``key``
    (without a cache, compiled every time). ``names``: the small tables it may read, registered
    (a prepared scope's ``names``)."""
    if sql is None:
        return backend.to_pandas(build())
    return run(backend.con, sql.sql(key, build, names), {})  # type: ignore[attr-defined]
