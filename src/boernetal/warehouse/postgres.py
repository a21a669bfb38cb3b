"""The warehouse on a PostgreSQL server: the same tables as the DuckDB file, for a municipality whose
analysts and dashboard share one database.

A workspace points at it with ``[warehouse] url = "postgresql://user@host:5432/database"`` in
boernetal.toml. The password never stands in that file: PostgreSQL's own client reads it from the
environment variable ``PGPASSWORD`` or from ``~/.pgpass``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import duckdb
import psycopg

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
        count = 0
        columns = ", ".join(ident(c) for c in names)
        with target.cursor() as cursor, cursor.copy(f"COPY {ident(name)} ({columns}) FROM STDIN") as copy:
            copy.set_types([types[c] for c in names])  # bytes as bytea, not text
            key = names.index("record_key") if "record_key" in names else None
            while rows := reading.fetchmany(10_000):
                for row in rows:
                    if key is not None:
                        row = (*row[:key], server_key(row[key]), *row[key + 1 :])
                    copy.write_row(row)
                count += len(rows)
    finally:
        reading.close()
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
