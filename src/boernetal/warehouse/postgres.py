"""The warehouse on a PostgreSQL server: the same tables as the DuckDB file, for a municipality whose
analysts and dashboard share one database.

A workspace points at it with ``[warehouse] url = "postgresql://user@host:5432/database"`` in
boernetal.toml. The password never stands in that file: PostgreSQL's own client reads it from the
environment variable ``PGPASSWORD`` or from ``~/.pgpass``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from types import TracebackType
from urllib.parse import urlsplit

import duckdb
import psycopg
import pyarrow as pa

from ..contract import KINDS
from ..contract.sql import ident
from ..errors import WorkspaceError
from .schema import SCHEMA_VERSION, schema_sql

#: the tables every warehouse has besides the record kinds'
BOOKKEEPING_TABLES = ("import_log", "quarantine", "meta")
SCHEMES = ("postgresql", "postgres")
NUL, EMPTY_PART = chr(0), chr(30)


def check_url(url: str, where: str = "boernetal.toml") -> str:
    """``url`` if it names a PostgreSQL database without a password; else a plain error."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or not parts.hostname or not parts.path.strip("/"):
        raise WorkspaceError(
            f"{where}: [warehouse] url er '{safe(url)}', som ikke er en PostgreSQL-adresse.",
            'Skriv den som url = "postgresql://bruger@server:5432/database".',
        )
    if parts.password is not None:
        raise WorkspaceError(
            f"{where}: [warehouse] url indeholder en adgangskode.",
            "Fjern adgangskoden fra filen og sæt den i miljøvariablen PGPASSWORD eller i ~/.pgpass.",
        )
    return url


def safe(url: str) -> str:
    """``url`` as it may be shown: a password in it replaced by ***."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


def connect(url: str) -> psycopg.Connection:
    """A connection to the server, or a Danish error saying what is wrong and how to fix it."""
    try:
        return psycopg.connect(url, connect_timeout=10, autocommit=True)
    except psycopg.OperationalError as exc:
        raise WorkspaceError(*explain(url, str(exc))) from None


def explain(url: str, detail: str) -> tuple[str, str]:
    """What the server (or its absence) said, in words a user can act on."""
    parts = urlsplit(url)
    where = f"PostgreSQL-serveren {parts.hostname}:{parts.port or 5432}"
    lowered = detail.lower()
    if "password" in lowered or "authentication" in lowered:
        return (
            f"{where} afviste brugeren '{parts.username or ''}': adgangskoden mangler eller er forkert.",
            "Sæt den rigtige adgangskode i miljøvariablen PGPASSWORD eller i ~/.pgpass.",
        )
    if "does not exist" in lowered and "database" in lowered:
        return (
            f"Databasen '{parts.path.strip('/')}' findes ikke på {where}.",
            "Ret [warehouse] url i boernetal.toml, eller bed jeres databaseadministrator oprette den.",
        )
    return (
        f"{where} kan ikke nås ({detail.strip().splitlines()[0] if detail.strip() else 'intet svar'}).",
        "Tjek at serveren kører, og at adressen og porten i [warehouse] url i boernetal.toml er rigtige.",
    )


def create(con: psycopg.Connection) -> None:
    """Make the warehouse's tables (those missing), in one transaction."""
    check_schema(con, allow_empty=True)
    with con.transaction():
        con.execute(schema_sql("postgres"))  # type: ignore[call-overload]


def tables(con: psycopg.Connection) -> dict[str, set[str]]:
    """The tables of the connection's schema, with their columns."""
    rows = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()"
    ).fetchall()
    found: dict[str, set[str]] = {}
    for table, column in rows:
        found.setdefault(table, set()).add(column)
    return found


def check_schema(con: psycopg.Connection, allow_empty: bool = False) -> None:
    """The database holds Børnetal's warehouse (or, with ``allow_empty``, nothing of its names);
    a table made by another program with one of its names is an error, not something to change."""
    found = tables(con)
    expected = {
        kind.table: {name for name, _ in kind.stored()} | {"record_key", "import_id"}
        for kind in KINDS.values()
    }
    ours = set(expected) | set(BOOKKEEPING_TABLES)
    if allow_empty and not ours & set(found):
        return
    missing = sorted(ours - set(found))
    wrong = sorted(t for t, columns in expected.items() if t in found and not columns <= found[t])
    version = None
    if "meta" in found and "value" in found["meta"]:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = row[0] if row else None
    if missing and not wrong and version == SCHEMA_VERSION and set(missing) <= set(expected):
        # a warehouse of an earlier version: the tables of the kinds added since are made (empty)
        with con.transaction():
            con.execute(schema_sql("postgres"))  # type: ignore[call-overload]
        missing = []
    if missing or wrong or version != SCHEMA_VERSION:
        named = ", ".join(wrong or missing) or "meta"
        raise WorkspaceError(
            f"Databasen er ikke et Børnetal-lager (tabellerne {named} mangler eller har andre kolonner).",
            "Peg [warehouse] url på en tom database (eller et skema) til Børnetal alene, og kør "
            "'boernetal init' igen; Børnetal ændrer ikke tabeller, som et andet program har lavet.",
        )


def copy_from(source: duckdb.DuckDBPyConnection, target: psycopg.Connection) -> dict[str, int]:
    """Every table of a DuckDB warehouse written to an empty PostgreSQL warehouse in one transaction
    (a workspace moving to a server); the rows copied per table."""
    check_schema(target)
    names = [*(kind.table for kind in KINDS.values()), *BOOKKEEPING_TABLES]
    copied: dict[str, int] = {}
    with target.transaction():
        for name in names:
            (count,) = target.execute(f"SELECT count(*) FROM {ident(name)}").fetchone()  # type: ignore[misc]
            if count and name != "meta":
                raise WorkspaceError(
                    "PostgreSQL-lageret har allerede data.",
                    "Flyt kun et arbejdsområde til en tom database.",
                )
        target.execute("DELETE FROM meta")
        for name in names:
            copied[name] = copy_table(source, target, name)
    return copied


def copy_table(source: duckdb.DuckDBPyConnection, target: psycopg.Connection, name: str) -> int:
    """One table's rows, in their order, through PostgreSQL's COPY."""
    reading = source.cursor()
    try:
        reading.execute(f"SELECT * FROM {ident(name)} ORDER BY rowid")  # budget lines keep their order
        names = [c[0] for c in reading.description or ()]
        types = dict(
            target.execute(  # type: ignore[arg-type]
                "SELECT column_name, udt_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = %s",
                [name],
            ).fetchall()
        )
        batches = iter(lambda: reading.fetchmany(10_000), [])
        return copy_rows(target, name, names, batches, [types[c] for c in names])  # bytes as bytea
    finally:
        reading.close()


def copy_rows(
    con: psycopg.Connection,
    table: str,
    names: list[str],
    batches: Iterable[Iterable[Sequence[object]]],
    types: list[str] | None = None,
) -> int:
    """Rows into ``table`` through PostgreSQL's COPY, record keys as the server stores them; the
    rows written."""
    key = names.index("record_key") if "record_key" in names else None
    count = 0
    columns = ", ".join(ident(c) for c in names)
    with con.cursor() as cursor, cursor.copy(f"COPY {ident(table)} ({columns}) FROM STDIN") as copy:
        if types:
            copy.set_types(types)
        for rows in batches:
            for row in rows:
                if key is not None:
                    row = (*row[:key], server_key(row[key]), *row[key + 1 :])  # type: ignore[arg-type]
                copy.write_row(row)
                count += 1
    return count


def server_key(record_key: str) -> str:
    """A record key as PostgreSQL stores it: the key marks an empty part with the character 0,
    which PostgreSQL's text can't hold; it stands as the character 30 (record separator) there."""
    return record_key.replace(NUL, EMPTY_PART)


@contextmanager
def opened(url: str) -> Iterator[psycopg.Connection]:
    """A checked connection to the warehouse at ``url``, closed after use."""
    con = connect(check_url(url))
    try:
        check_schema(con)
        yield con
    finally:
        con.close()


#: Arrow's types as PostgreSQL names them, for the tables ingest hands the warehouse
ARROW_TO_POSTGRES = (
    (pa.types.is_binary, "BYTEA"),
    (pa.types.is_large_binary, "BYTEA"),
    (pa.types.is_boolean, "BOOLEAN"),
    (pa.types.is_date, "DATE"),
    (pa.types.is_time, "TIME"),
    (pa.types.is_timestamp, "TIMESTAMP"),
    (pa.types.is_integer, "BIGINT"),
    (pa.types.is_floating, "DOUBLE PRECISION"),
    (pa.types.is_decimal, "NUMERIC"),
)
#: columns that hold JSON (the quarantine's reasons and masked record)
JSON_COLUMNS = ("reasons", "record")
#: PostgreSQL's types as Arrow holds them, for what the warehouse hands ingest's checks
POSTGRES_TO_ARROW = {
    "bytea": pa.binary(),
    "bool": pa.bool_(),
    "date": pa.date32(),
    "time": pa.time64("us"),
    "timestamp": pa.timestamp("us"),
    "int2": pa.int16(),
    "int4": pa.int32(),
    "int8": pa.int64(),
    "float8": pa.float64(),
    "float4": pa.float32(),
    "numeric": pa.float64(),
}


def postgres_type(name: str, type: pa.DataType) -> str:
    if name in JSON_COLUMNS:
        return "JSON"
    return next((sql for test, sql in ARROW_TO_POSTGRES if test(type)), "TEXT")


class Result:
    """Rows a query gave, read the ways ingest reads DuckDB's results."""

    def __init__(self, cursor: psycopg.Cursor) -> None:
        self.cursor = cursor

    def fetchall(self) -> list[tuple]:
        return self.cursor.fetchall() if self.cursor.description else []

    def fetchone(self) -> tuple | None:
        return self.cursor.fetchone()

    def to_arrow_table(self) -> pa.Table:
        names = [c.name for c in self.cursor.description or ()]
        types = [
            POSTGRES_TO_ARROW.get(
                getattr(self.cursor.adapters.types.get(c.type_code), "name", ""), pa.string()
            )
            for c in self.cursor.description or ()
        ]
        rows = self.fetchall()
        columns = [
            pa.array([local_key(r[i]) if names[i] == "record_key" else r[i] for r in rows], type=t)
            for i, t in enumerate(types)
        ]
        return pa.table(columns, names=names) if names else pa.table({})


class ServerConnection:
    """A connection to the server that speaks as ingest speaks to DuckDB: ``execute`` and ``sql``
    with ``?`` parameters, and ``register``/``unregister`` for an Arrow table (a temporary table,
    filled by COPY). Parameters are bound by the client, as DuckDB binds them."""

    def __init__(self, con: psycopg.Connection) -> None:
        self.raw = con

    def execute(self, query: str, params: Sequence[object] | None = None) -> Result:
        cursor = psycopg.ClientCursor(self.raw)
        cursor.execute(placeholders(query), list(params) if params is not None else None)
        return Result(cursor)

    def sql(self, query: str, params: Sequence[object] | None = None) -> Result:
        return self.execute(query, params)

    def register(self, name: str, table: pa.Table | pa.RecordBatchReader) -> None:
        """A temporary table of the session from an Arrow table, or a stream of batches (copied a
        batch at a time)."""
        columns = ", ".join(f"{ident(f.name)} {postgres_type(f.name, f.type)}" for f in table.schema)
        self.raw.execute(f"CREATE TEMP TABLE {ident(name)} ({columns})")
        parts = table.to_batches() if isinstance(table, pa.Table) else table
        batches = (zip(*(c.to_pylist() for c in batch.columns), strict=True) for batch in parts)
        copy_rows(self.raw, name, table.schema.names, batches)
        self.raw.execute(f"ANALYZE {ident(name)}")  # the planner's row counts: no guessing

    def unregister(self, name: str) -> None:
        self.raw.execute(f"DROP TABLE IF EXISTS {ident(name)}")

    def close(self) -> None:
        self.raw.close()


def placeholders(query: str) -> str:
    """DuckDB's ``?`` parameters as psycopg's ``%s`` (a literal ``%`` doubled)."""
    return re.sub(r"\?", "%s", query.replace("%", "%%"))


def local_key(record_key: str | None) -> str | None:
    """A record key as ingest compares it (the reverse of server_key)."""
    return None if record_key is None else record_key.replace(EMPTY_PART, NUL)


class ServerWarehouse:
    """The warehouse on a server, opened as ingest opens the DuckDB file (``.con``, a context
    manager); opening it for writing makes the tables that are missing."""

    def __init__(self, url: str, read_only: bool = False) -> None:
        con = connect(check_url(url))
        try:
            if read_only:
                check_schema(con)
            else:
                create(con)
        except BaseException:
            con.close()
            raise
        self.con = ServerConnection(con)

    def __enter__(self) -> ServerWarehouse:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.con.close()
