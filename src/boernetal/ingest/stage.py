"""Staging: one input file read, parsed, checked and pseudonymised, away from the warehouse.

A file is staged a chunk at a time, so that memory stays bounded whatever its size. Each chunk is
parsed, pseudonymised and checked row by row in a private in-memory DuckDB database that never
spills to disk: raw CPR numbers exist only there, one chunk at a time. What leaves it goes to a
scratch folder of Parquet files (``scratch``): the typed records with CPR columns replaced by
keyed pseudonyms and every text of a rejected row masked, and the masked problems. The checks
that need the whole file (duplicate ids, overlapping periods) run over those, and so does the
selection of the records to load (``records.parquet``). The quarantine (rejected rows, masked)
and the problems come back as Python objects. The warehouse is never attached here.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from ..contract import KINDS, RecordKind, headers
from ..contract.categories import category
from ..contract.checks import select_problem
from ..contract.columns import Amount, Category, Column, Cpr, Derived, Integer, ParseContext, Text
from ..contract.cpr import pads
from ..contract.municipalities import lookup as municipality_lookup
from ..contract.sql import fetch_one, ident, literal, open_duckdb
from ..contract.values import install_macros
from . import issues
from .issues import ERROR, WARNING, HasIssues, Issue
from .read import Chunk, FileProblem, SourceFile, clean, open_file

Step = Callable[[str], None]


@dataclass
class StageSettings:
    """What staging needs from the workspace."""

    key: bytes
    mappings: dict[str, dict[str, str]] = field(default_factory=dict)
    municipalities: tuple[str, ...] = ()
    today: dt.date | None = None  # for "not in the future"; None = the real today


@dataclass
class StagedFile(HasIssues):
    kind: RecordKind
    path: Path
    sha256: str | None = None
    rows_read: int = 0
    issues: list[Issue] = field(default_factory=list)
    records: Path | None = None  # the Parquet file of the records to load (in the scratch folder)
    kept: int = 0  # rows in ``records``
    quarantine: pa.Table | None = None
    blank_cells: int = 0  # rows whose every contract column is empty

    @property
    def rejected(self) -> int:
        """Rows with at least one error (or every row, when the file as a whole was refused)."""
        rows = {i.row for i in self.errors}
        return self.rows_read if None in rows else len(rows)

    @property
    def loadable(self) -> bool:
        """False when the file as a whole cannot be used (unreadable, columns missing, …)."""
        return self.records is not None


def stage_file(
    path: Path,
    kind: RecordKind,
    settings: StageSettings,
    existing: Callable[[str], pa.Table],
    scratch: Path,
    step: Step | None = None,
) -> StagedFile:
    """Read and check one file of ``kind``. ``existing(sql)`` queries the warehouse for checks;
    ``scratch`` is the folder (not yet there) that holds the staged records afterwards."""
    step = step or (lambda _name: None)
    staged = StagedFile(kind, path)
    name = path.name
    step("læser")
    cpr_columns = frozenset(
        n for n, c in headers.names(kind).items() if c in {c.name for c in kind.cpr_columns}
    )
    try:
        source = open_file(path, kind.name, cpr_columns)
        staged.sha256 = source.sha256
        positions = _match_header(source, kind, staged)
        if staged.errors:
            return staged
        step("validerer")
        con = _staging_connection()
        try:
            ctx = ParseContext(
                comma_decimal=_decimal_styles(con, source, kind, positions),
                municipalities=settings.municipalities,
                today=settings.today,
            )
            _create_lookups(con, kind, settings)
            scratch.mkdir(mode=0o700)
            for number, chunk in enumerate(source.chunks()):
                if chunk.restart:
                    for part in scratch.glob("*.parquet"):
                        part.unlink()
                    staged.rows_read = staged.blank_cells = 0
                _stage_chunk(con, chunk, kind, positions, ctx, settings.key, staged, scratch, number)
            step("pseudonymiserer")
            if staged.rows_read == 0:
                staged.issues.append(Issue(name, "header_only", severity=WARNING))
            blank = source.blank_rows + staged.blank_cells
            if blank:
                staged.issues.append(Issue(name, "blank_rows", detail=str(blank), severity=WARNING))
        finally:
            con.close()
        step("kontrollerer")
        con = scratch_connection(scratch)
        try:
            _open_scratch(con, kind, scratch)
            _find_whole_file_issues(con, kind, ctx, existing, staged)
            repeated = fetch_one(con, "SELECT count(*) FROM repeated")[0] > 0
            records = _records_sql(kind, bool(staged.errors), repeated)
            target = literal(str(scratch / RECORDS))
            staged.kept = fetch_one(con, f"COPY ({records}) TO {target} {SCRATCH_FORMAT}")[0]
            staged.records = scratch / RECORDS
            if staged.errors:
                staged.quarantine = con.sql(_quarantine_sql(kind)).to_arrow_table()
        finally:
            con.close()
    except FileProblem as problem:
        staged.issues = [Issue(name, problem.code, detail=problem.detail)]
        staged.records = None
    return staged


#: the staged records to load, in the scratch folder
RECORDS = "records.parquet"
#: the scratch files are read once, soon: compressing them (pseudonyms are random bytes) costs more
#: time than the disk it saves (docs/ingest.md)
SCRATCH_FORMAT = "(FORMAT parquet, COMPRESSION uncompressed)"


def scratch_connection(scratch: Path) -> duckdb.DuckDBPyConnection:
    """A database for the work on a scratch folder: pseudonyms and masked text only, so that its
    work may spill to disk (into the folder)."""
    con = open_duckdb(memory_limit=MEMORY_LIMIT, temp_directory=str(scratch / "tmp"))
    con.execute("SET preserve_insertion_order = false")
    install_macros(con)
    return con


def _open_scratch(con: duckdb.DuckDBPyConnection, kind: RecordKind, scratch: Path) -> None:
    """View ``typed`` and table ``issues`` over the chunks' Parquet files (empty ones for a file
    without records)."""
    columns = ", ".join(f"{ident(name)} {sql_type}" for name, sql_type in kind.stored())
    shown = "".join(f", {col.raw} VARCHAR" for col in _shown_columns(kind))
    for table, ddl in (
        ("typed", f"_row INTEGER, {columns}, record_key VARCHAR{shown}"),
        (
            "issues",
            '_row INTEGER, "column" VARCHAR, value VARCHAR, code VARCHAR, detail VARCHAR, severity VARCHAR',
        ),
    ):
        con.execute(f"CREATE TABLE {table} ({ddl})")
        if any(scratch.glob(f"{table}-*.parquet")):
            files = literal(str(scratch / f"{table}-*.parquet"))
            if table == "typed":  # read where it lies: the records are not copied
                con.execute(f"DROP TABLE typed; CREATE VIEW typed AS SELECT * FROM read_parquet({files})")
            else:
                con.execute(f"INSERT INTO issues SELECT * FROM read_parquet({files})")


# --- chunks ---------------------------------------------------------------------------------------


def _shown_columns(kind: RecordKind) -> list[Column]:
    """Input columns whose text as read is kept, masked, for the quarantine (a text column's
    value is its text as read: it is stored, and masked on a rejected row)."""
    return [col for col in kind.input_columns if not isinstance(col, Text)]


def _stage_chunk(
    con: duckdb.DuckDBPyConnection,
    chunk: Chunk,
    kind: RecordKind,
    positions: dict[str, int],
    ctx: ParseContext,
    key: bytes,
    staged: StagedFile,
    scratch: Path,
    number: int,
) -> None:
    """Parse, pseudonymise and check the rows of one chunk; write them and their problems to the
    scratch folder with nothing unmasked that was read (CPR numbers exist only in memory)."""
    cells = _chunk_cells(chunk, kind, positions, staged)
    con.register("cells", cells)
    try:
        _pseudonymise(con, kind, key)
        con.execute(_typed_sql(kind, ctx))
    finally:
        con.unregister("cells")
    selects = [select_problem(col, p) for col in kind.input_columns for p in col.problems(ctx)]
    for check in kind.checks:
        if not check.existing:
            selects += check.violations(kind, ctx)
    con.execute(f"CREATE OR REPLACE TABLE chunk_issues AS {_issues_union(selects)}")
    issues_file = literal(str(scratch / f"issues-{number:06}.parquet"))
    con.execute(f"COPY chunk_issues TO {issues_file} {SCRATCH_FORMAT}")
    rejects = fetch_one(con, "SELECT count(*) FROM chunk_issues WHERE severity = 'error'")[0] > 0
    items = ["_row"]
    for name, sql_type in [*kind.stored(), ("record_key", "VARCHAR")]:
        column = ident(name)
        masked = f"CASE WHEN e._row IS NOT NULL THEN bt_mask({column}) ELSE {column} END"
        items.append(f"{masked} AS {column}" if sql_type == "VARCHAR" and rejects else column)
    # the text as read, masked, is kept for rejected rows only (their record in the quarantine)
    items += [
        f"CASE WHEN e._row IS NOT NULL THEN {col.display()} END AS {col.raw}"
        if rejects
        else f"NULL::VARCHAR AS {col.raw}"  # typed: every chunk's file has the same columns
        for col in _shown_columns(kind)
    ]
    errors = "(SELECT DISTINCT _row FROM chunk_issues WHERE severity = 'error')"
    con.execute(
        f"COPY (SELECT {', '.join(items)} FROM typed LEFT JOIN {errors} e USING (_row)) "
        f"TO {literal(str(scratch / f'typed-{number:06}.parquet'))} {SCRATCH_FORMAT}"
    )
    con.execute("DROP TABLE typed")
    con.execute("DROP TABLE IF EXISTS cpr_values")


def _chunk_cells(chunk: Chunk, kind: RecordKind, positions: dict[str, int], staged: StagedFile) -> pa.Table:
    """One cleaned text column per contract column (NULL = empty), blank rows left out."""
    n = chunk.cells.num_rows
    # pyarrow releases the GIL, so the columns are cleaned in parallel.
    with ThreadPoolExecutor() as pool:
        texts = pool.map(lambda i: clean(chunk.cells.column(f"c{i}")), positions.values())
        cleaned = dict(zip(positions, texts, strict=True))
    columns = {c.name: cleaned.get(c.name, pa.nulls(n, pa.string())) for c in kind.input_columns}
    cells = pa.table({"_row": chunk.rows, **columns})
    if n:
        present = functools.reduce(pc.or_, (pc.is_valid(col) for col in columns.values()))
        if not pc.all(present).as_py():  # filtering copies every column: only when a row is blank
            cells = cells.filter(present)
    staged.rows_read += cells.num_rows
    staged.blank_cells += n - cells.num_rows
    return cells


# --- header ---------------------------------------------------------------------------------------


def _match_header(raw: SourceFile, kind: RecordKind, staged: StagedFile) -> dict[str, int]:
    """Contract column -> position in the file; header problems are added to ``staged``.

    A header names a column by the contract's name or a Danish one (``contract.headers``). A header
    is text from the file too: it is shown masked and shortened, and a first row of values (a file
    without a header, whose first record could hold CPR numbers) is not shown.
    """
    name = raw.path.name
    columns = [headers.column_for(header, kind) for header in raw.header]
    keys = [header.strip().lower() for header in raw.header]
    if not any(columns) and any(_VALUE.fullmatch(key) for key in keys):
        staged.issues.append(Issue(name, "header_is_data", row=1))
        return {}
    shown = [issues.shown(header.strip(), 60) for header in raw.header]
    positions: dict[str, int] = {}
    unknown: dict[int, str | None] = {}  # position -> the contract column it resembles
    absent = {c.name for c in kind.input_columns} - set(columns)
    for i, column in enumerate(columns):
        if column is not None:
            if column in positions:
                staged.issues.append(Issue(name, "duplicate_column", row=1, column=column))
            positions[column] = i
        elif keys[i]:
            unknown[i] = headers.resembling(raw.header[i], kind, absent)
    missing = [c for c in kind.required if c not in positions]
    meant = {column: i for i, column in unknown.items() if column}
    for i, column in unknown.items():
        staged.issues.append(
            Issue(name, "unknown_column", row=1, column=shown[i], detail=column, severity=WARNING)
        )
    if missing:
        better = [
            k.name
            for k in KINDS.values()
            if k is not kind and all(c in {headers.column_for(h, k) for h in raw.header} for c in k.required)
        ]
        if better:
            staged.issues.append(Issue(name, "wrong_kind", row=1, column=kind.name, detail=better[0]))
        found = [text for text in shown if text]
        found_text = ", ".join(found[:20]) + (f" og {len(found) - 20} flere" if len(found) > 20 else "")
        staged.issues.extend(
            Issue(
                name,
                "missing_column",
                row=1,
                column=c,
                value=shown[meant[c]] if c in meant else None,
                detail=found_text or "(ingen)",
            )
            for c in missing
        )
    return positions


#: a header cell that is a value, not a name: a date, a number, a CPR number (no column's name is
#: digits and punctuation only)
_VALUE = re.compile(r"[\d\s.,:/+-]*\d[\d\s.,:/+-]*")


# --- staging database -----------------------------------------------------------------------------


#: memory for a staging database's work (a chunk in memory; the scratch file's pages beyond it
#: are written to its file, and a whole-file check's to its temporary folder)
MEMORY_LIMIT = "512MB"


def _staging_connection() -> duckdb.DuckDBPyConnection:
    con = open_duckdb(memory_limit=MEMORY_LIMIT)
    # Raw CPR numbers must never reach a disk: no spilling of intermediate results.
    con.execute("SET temp_directory = ''")
    con.execute("SET max_temp_directory_size = '0B'")
    # Row order is never relied on (rows carry their spreadsheet number): let DuckDB work in parallel.
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")  # the ingest's own progress is shown (Rich)
    install_macros(con)
    return con


def _decimal_styles(
    con: duckdb.DuckDBPyConnection, source: SourceFile, kind: RecordKind, positions: dict[str, int]
) -> dict[str, bool]:
    """Per amount column: True when its decimals are commas (the default), False for points; the
    whole file is looked at first (a kind with decimal amounts is read twice)."""
    amounts = [
        c
        for c in kind.input_columns
        if isinstance(c, Amount) and not isinstance(c, Integer) and c.name in positions
    ]
    if not amounts:
        return {}
    items = ", ".join(
        f"bool_or(bt_shows_decimal_point({ident(c.name)})), bool_or(bt_shows_decimal_comma({ident(c.name)}))"
        for c in amounts
    )
    flags = [False] * (2 * len(amounts))
    for chunk in source.chunks():
        if chunk.restart:
            flags = [False] * (2 * len(amounts))
        cells = pa.table({c.name: clean(chunk.cells.column(f"c{positions[c.name]}")) for c in amounts})
        con.register("cells", cells)
        try:
            found = fetch_one(con, f"SELECT {items} FROM cells")
        finally:
            con.unregister("cells")
        flags = [bool(a) or bool(b) for a, b in zip(flags, found, strict=True)]
    return {c.name: not (flags[2 * i] and not flags[2 * i + 1]) for i, c in enumerate(amounts)}


def _create_lookups(con: duckdb.DuckDBPyConnection, kind: RecordKind, settings: StageSettings) -> None:
    """Lookup tables (key -> code) for municipalities and each category the kind uses."""
    tables = {"municipality": municipality_lookup(), "country": municipality_lookup(country=True)}
    for col in kind.input_columns:
        if isinstance(col, Category):
            cat = category(col.category)
            table = {code.lower(): code for code in cat.codes}
            table.update({c.label.lower(): code for code, c in cat.codes.items()})
            table.update(
                {
                    label.strip().lower(): code
                    for label, code in settings.mappings.get(col.category, {}).items()
                }
            )
            tables[col.category] = table
    for name, table in tables.items():
        con.execute(
            f"CREATE TABLE {ident('lookup$' + name)} AS "
            "SELECT unnest($keys::VARCHAR[]) AS key, unnest($codes::VARCHAR[]) AS code",
            {"keys": list(table), "codes": list(table.values())},
        )


def _pseudonymise(con: duckdb.DuckDBPyConnection, kind: RecordKind, key: bytes) -> None:
    """Table ``cpr_values``: each distinct text of the file's CPR columns, parsed, with the keyed
    pseudonym of its number (see ``Cpr.VALUES_SQL``); none for a kind without CPR columns."""
    if not kind.cpr_columns:
        return
    texts = " UNION ALL ".join(f"SELECT {ident(c.name)} AS text FROM cells" for c in kind.cpr_columns)
    con.execute(f"CREATE TABLE cpr_texts AS SELECT DISTINCT text FROM ({texts}) WHERE text IS NOT NULL")
    inner, outer = pads(key)
    con.execute(Cpr.VALUES_SQL, {"inner": inner, "outer": outer})
    con.execute("DROP TABLE cpr_texts")


def _typed_sql(kind: RecordKind, ctx: ParseContext) -> str:
    """Table ``typed`` from ``cells``: parsed values, pseudonyms, derived columns and record key."""
    prepare, parse, joins = [], [], []
    for col in kind.input_columns:
        prepare += col.prepare(ctx)
        parse += col.parse(ctx)
        joins += col.joins(ctx)
    prepared = f"(SELECT c.*{''.join(', ' + item for item in prepare)} FROM cells c) c"
    parsed = f"SELECT c._row, {', '.join(parse)} FROM {prepared} {' '.join(joins)}"
    cprs = kind.cpr_columns
    hidden = f" EXCLUDE ({', '.join(col.pseudonym for col in cprs)})" if cprs else ""
    items = [f"p.*{hidden}"]
    for col in cprs:
        value = f"p.{col.pseudonym}"
        if col.only_when:
            value = f"CASE WHEN {col.only_when} THEN {value} END"
        items.append(f"{value} AS {ident(col.stored_as)}")
    items += [f"{c.expression} AS {ident(c.name)}" for c in kind.columns if isinstance(c, Derived)]
    key = f"concat_ws(chr(31), {', '.join(f'coalesce({ident(k)}::VARCHAR, chr(0))' for k in kind.key)})"
    return (
        f"CREATE TABLE typed AS SELECT *, {key} AS record_key "
        f"FROM (SELECT {', '.join(items)} FROM ({parsed}) p)"
    )


# --- problems -------------------------------------------------------------------------------------


def _issues_union(selects: list[str]) -> str:
    return " UNION ALL ".join(
        f'SELECT r::INTEGER AS _row, c::VARCHAR AS "column", v::VARCHAR AS value, k::VARCHAR AS code, '
        f"d::VARCHAR AS detail, s::VARCHAR AS severity FROM ({s}) AS t(r, c, v, k, d, s)"
        for s in selects
    )


def _find_whole_file_issues(
    con: duckdb.DuckDBPyConnection,
    kind: RecordKind,
    ctx: ParseContext,
    existing: Callable[[str], pa.Table],
    staged: StagedFile,
) -> None:
    """The checks that need every row (duplicate ids; overlaps, also with the warehouse's records),
    in the scratch database; then every problem of the file, in row and column order."""
    selects = []
    for check in kind.checks:
        if check.existing:
            con.register("existing_in", existing(check.existing.format(table=ident(kind.table))))
            con.execute("CREATE OR REPLACE TABLE existing AS SELECT * FROM existing_in")
            con.unregister("existing_in")
            selects += check.violations(kind, ctx)
    con.execute("CREATE TABLE repeated AS SELECT record_key FROM typed GROUP BY ALL HAVING count(*) > 1")
    content = ", ".join(ident(name) for name, _ in kind.stored())
    selects.append(f"""
        SELECT t._row, {literal(kind.key[0])}, bt_mask(replace(t.record_key, chr(31), ' / ')),
               'duplicate_key', d.rows, 'error'
        FROM typed t JOIN (
            SELECT record_key, string_agg(_row::VARCHAR, ', ' ORDER BY _row) AS rows FROM typed
            WHERE record_key IN (SELECT record_key FROM repeated)
            GROUP BY record_key HAVING count(DISTINCT ({content})) > 1) d USING (record_key)""")
    con.execute(f"INSERT INTO issues {_issues_union(selects)}")
    order = {c.name: i for i, c in enumerate(kind.columns)}
    found = con.sql("SELECT * FROM issues").fetchall()
    found.sort(key=lambda r: (r[0], order.get(r[1], 99), r[3]))
    staged.issues.extend(
        Issue(staged.path.name, code, row=row, column=column, value=value, detail=detail, severity=severity)
        for row, column, value, code, detail, severity in found
    )


def _records_sql(kind: RecordKind, errors: bool, repeated: bool) -> str:
    """Valid rows, a record key repeated with identical content taken once; in file order for a
    kind whose order means something (``RecordKind.ordered``: the warehouse keeps it)."""
    columns = ", ".join(ident(name) for name, _ in kind.stored())
    where = "WHERE _row NOT IN (SELECT _row FROM issues WHERE severity = 'error')" if errors else ""
    once = "QUALIFY row_number() OVER (PARTITION BY record_key ORDER BY _row) = 1" if repeated else ""
    if kind.ordered:  # numbered in file order, so that the warehouse can keep it
        return (
            f"SELECT {columns}, record_key, (row_number() OVER (ORDER BY _row) - 1)::INTEGER AS _position "
            f"FROM (SELECT * FROM typed {where} {once}) ORDER BY _row"
        )
    return f"SELECT {columns}, record_key FROM typed {where} {once}"


def _quarantine_sql(kind: RecordKind) -> str:
    """Rejected rows: their reasons and their content with every CPR number masked (a row rejected
    only by a whole-file check, such as a duplicate id, shows its values as parsed)."""
    shown = []
    for col in kind.input_columns:
        if isinstance(col, Text):
            value = col.display()
        elif isinstance(col, Cpr):
            value = col.raw
        else:
            value = f"coalesce({col.raw}, {col.value}::VARCHAR)"
        shown.append(f"{literal(col.name)}, {value}")
        if isinstance(col, Cpr):
            shown.append(f"{literal(col.stored_as)}, {ident(col.stored_as)}")
    return f"""
        SELECT i._row AS "row",
               to_json(list({{'column': i."column", 'code': i.code, 'value': i.value,
                              'detail': i.detail}} ORDER BY i."column")) AS reasons,
               any_value(json_object({", ".join(shown)})) AS record
        FROM issues i JOIN typed t USING (_row)
        WHERE i.severity = 'error' GROUP BY i._row ORDER BY i._row"""


__all__ = ["ERROR", "StageSettings", "StagedFile", "scratch_connection", "stage_file"]
