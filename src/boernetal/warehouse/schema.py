"""The warehouse's tables, made from the record kinds of the contract.

Every record table has the kind's stored columns plus ``record_key`` (its id or natural key) and
``import_id`` (the import that wrote the current version).
No table has a column that could hold a CPR number.
"""

from __future__ import annotations

from typing import Literal

from ..contract import KINDS
from ..contract.sql import ident

SCHEMA_VERSION = "1"

BOOKKEEPING = """
CREATE TABLE IF NOT EXISTS import_log (
    import_id INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR,
    rows_read INTEGER NOT NULL,
    rows_new INTEGER NOT NULL,
    rows_updated INTEGER NOT NULL,
    rows_unchanged INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    imported_by VARCHAR NOT NULL
);
-- Rows rejected by an import with --allow-invalid, masked. A later import of a file with the same
-- name and kind replaces that file's quarantined rows.
CREATE TABLE IF NOT EXISTS quarantine (
    import_id INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    "row" INTEGER,
    reasons JSON NOT NULL,
    record JSON
);
CREATE TABLE IF NOT EXISTS meta (key VARCHAR NOT NULL, value VARCHAR);
"""


#: how columns of a type are stored, where DuckDB's own choice costs more than it gives: the only
#: BLOBs are the pseudonyms, HMACs, random bytes that no compression shrinks (stored uncompressed,
#: the file is 10 % larger, and storing a first import of 1 M notifications takes 1.06 s instead
#: of 1.6 s, a third of which went on trying to compress them)
STORAGE = {"BLOB": "USING COMPRESSION uncompressed"}


#: DuckDB's names of the column types where PostgreSQL has others
POSTGRES_TYPES = {"BLOB": "BYTEA", "DOUBLE": "DOUBLE PRECISION"}

Dialect = Literal["duckdb", "postgres"]


def record_table_sql(kind_name: str, dialect: Dialect = "duckdb") -> str:
    kind = KINDS[kind_name]
    if dialect == "postgres":
        columns = [f"{ident(name)} {POSTGRES_TYPES.get(t, t)}" for name, t in kind.stored()]
    else:
        columns = [
            " ".join(filter(None, (ident(name), sql_type, STORAGE.get(sql_type))))
            for name, sql_type in kind.stored()
        ]
    columns += ["record_key VARCHAR NOT NULL", "import_id INTEGER NOT NULL"]
    return f"CREATE TABLE IF NOT EXISTS {ident(kind.table)} (\n    " + ",\n    ".join(columns) + "\n);"


def schema_sql(dialect: Dialect = "duckdb") -> str:
    """The warehouse's tables; the same on a PostgreSQL server but for two type names."""
    tables = "\n".join(record_table_sql(name, dialect) for name in KINDS)
    version = (
        f"INSERT INTO meta SELECT 'schema_version', '{SCHEMA_VERSION}' "
        "WHERE NOT EXISTS (SELECT 1 FROM meta WHERE key = 'schema_version');"
    )
    return f"{tables}\n{BOOKKEEPING}\n{version}"
