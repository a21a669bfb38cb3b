"""Staging: one input file read, parsed, checked and pseudonymised, away from the warehouse.

Staging runs in a private in-memory DuckDB database that never spills to disk. Raw CPR numbers
exist only there. What leaves it is a table of typed records whose CPR columns are replaced by
keyed pseudonyms (``records``), the masked problems (``issues``) and, for ``--allow-invalid``, the
masked rejected rows (``quarantine``). The warehouse is never attached here.
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

from ..contract import KINDS, RecordKind
from ..contract.categories import category
from ..contract.checks import select_problem
from ..contract.columns import Amount, Category, Cpr, Derived, Integer, ParseContext
from ..contract.cpr import pads
from ..contract.municipalities import lookup as municipality_lookup
from ..contract.sql import fetch_one, ident, literal
from ..contract.values import install_macros
from . import issues
from .issues import ERROR, WARNING, HasIssues, Issue
from .read import FileProblem, RawFile, clean, read_file

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
    records: pa.Table | None = None
    quarantine: pa.Table | None = None

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
    step: Step | None = None,
) -> StagedFile:
    """Read and check one file of ``kind``. ``existing(sql)`` queries the warehouse for checks."""
    step = step or (lambda _name: None)
    staged = StagedFile(kind, path)
    name = path.name
    step("læser")
    cpr_columns = frozenset(c.name for c in kind.cpr_columns)
    try:
        raw = read_file(path, kind.name, cpr_columns)
    except FileProblem as problem:
        staged.issues.append(Issue(name, problem.code, detail=problem.detail))
        return staged
    staged.sha256 = raw.sha256
    positions = _match_header(raw, kind, staged)
    if staged.errors:
        return staged
    step("validerer")
    con = _staging_connection()
    try:
        _load_cells(con, raw, kind, positions, staged)
        if staged.rows_read == 0:
            staged.issues.append(Issue(name, "header_only", severity=WARNING))
        ctx = ParseContext(
            comma_decimal=_decimal_styles(con, kind),
            municipalities=settings.municipalities,
            today=settings.today,
        )
        _create_lookups(con, kind, settings)
        step("pseudonymiserer")
        _pseudonymise(con, kind, settings.key)
        con.execute(_typed_sql(kind, ctx))
        con.unregister("cells")
        step("kontrollerer")
        _find_issues(con, kind, ctx, existing, staged)
        repeated = fetch_one(con, "SELECT count(*) FROM repeated")[0] > 0
        staged.records = con.sql(_records_sql(kind, bool(staged.errors), repeated)).to_arrow_table()
        if staged.errors:
            staged.quarantine = con.sql(_quarantine_sql(kind)).to_arrow_table()
    finally:
        con.close()
    return staged


# --- header ---------------------------------------------------------------------------------------


def _match_header(raw: RawFile, kind: RecordKind, staged: StagedFile) -> dict[str, int]:
    """Contract column -> position in the file; header problems are added to ``staged``.

    A header is text from the file too: it is shown masked and shortened, and a first row of
    values (a file without a header, whose first record could hold CPR numbers) is not shown.
    """
    name = raw.path.name
    known = {c.name for c in kind.input_columns}
    keys = [header.strip().lower() for header in raw.header]
    if not known.intersection(keys) and any(_VALUE.fullmatch(key) for key in keys):
        staged.issues.append(Issue(name, "header_is_data", row=1))
        return {}
    shown = [issues.shown(header.strip(), 60) for header in raw.header]
    positions: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key in known:
            if key in positions:
                staged.issues.append(Issue(name, "duplicate_column", row=1, column=key))
            positions[key] = i
        elif key:
            staged.issues.append(Issue(name, "unknown_column", row=1, column=shown[i], severity=WARNING))
    missing = [c for c in kind.required if c not in positions]
    if missing:
        better = [k.name for k in KINDS.values() if k is not kind and all(c in keys for c in k.required)]
        if better:
            staged.issues.append(Issue(name, "wrong_kind", row=1, column=kind.name, detail=better[0]))
        found = [text for text in shown if text]
        found_text = ", ".join(found[:20]) + (f" og {len(found) - 20} flere" if len(found) > 20 else "")
        staged.issues.extend(
            Issue(name, "missing_column", row=1, column=c, detail=found_text or "(ingen)") for c in missing
        )
    return positions


#: a header cell that is a value, not a name: a date, a number, a CPR number (no column's name is
#: digits and punctuation only)
_VALUE = re.compile(r"[\d\s.,:/+-]*\d[\d\s.,:/+-]*")


# --- staging database -----------------------------------------------------------------------------


def _staging_connection() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    # Raw CPR numbers must never reach a disk: no spilling of intermediate results.
    con.execute("SET temp_directory = ''")
    con.execute("SET max_temp_directory_size = '0B'")
    # Row order is never relied on (rows carry their spreadsheet number): let DuckDB work in parallel.
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")  # the ingest's own progress is shown (Rich)
    install_macros(con)
    return con


def _load_cells(
    con: duckdb.DuckDBPyConnection,
    raw: RawFile,
    kind: RecordKind,
    positions: dict[str, int],
    staged: StagedFile,
) -> None:
    """View ``cells``: one cleaned text column per contract column (NULL = empty), blank rows left out."""
    n = raw.cells.num_rows
    # pyarrow releases the GIL, so the columns are cleaned in parallel.
    with ThreadPoolExecutor() as pool:
        texts = pool.map(lambda i: clean(raw.cells.column(f"c{i}")), positions.values())
        cleaned = dict(zip(positions, texts, strict=True))
    columns = {c.name: cleaned.get(c.name, pa.nulls(n, pa.string())) for c in kind.input_columns}
    cells = pa.table({"_row": raw.rows, **columns})
    if n:
        present = functools.reduce(pc.or_, (pc.is_valid(col) for col in columns.values()))
        if not pc.all(present).as_py():  # filtering copies every column: only when a row is blank
            cells = cells.filter(present)
    raw.cells = raw.cells.slice(0, 0)  # the text lives on in ``cells`` only
    con.register("cells", cells)
    staged.rows_read = cells.num_rows
    skipped = raw.blank_rows + n - staged.rows_read
    if skipped:
        staged.issues.append(Issue(raw.path.name, "blank_rows", detail=str(skipped), severity=WARNING))


def _decimal_styles(con: duckdb.DuckDBPyConnection, kind: RecordKind) -> dict[str, bool]:
    """Per amount column: True when its decimals are commas (the default), False for points."""
    amounts = [c for c in kind.input_columns if isinstance(c, Amount) and not isinstance(c, Integer)]
    if not amounts:
        return {}
    items = ", ".join(
        f"bool_or(bt_shows_decimal_point({ident(c.name)})), bool_or(bt_shows_decimal_comma({ident(c.name)}))"
        for c in amounts
    )
    flags = fetch_one(con, f"SELECT {items} FROM cells")
    return {c.name: not (bool(flags[2 * i]) and not flags[2 * i + 1]) for i, c in enumerate(amounts)}


def _create_lookups(con: duckdb.DuckDBPyConnection, kind: RecordKind, settings: StageSettings) -> None:
    """Lookup tables (key -> code) for municipalities and each category the kind uses."""
    tables = {"municipality": municipality_lookup()}
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


def _find_issues(
    con: duckdb.DuckDBPyConnection,
    kind: RecordKind,
    ctx: ParseContext,
    existing: Callable[[str], pa.Table],
    staged: StagedFile,
) -> None:
    selects = [select_problem(col, p) for col in kind.input_columns for p in col.problems(ctx)]
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
    union = " UNION ALL ".join(
        f"SELECT r::INTEGER, c::VARCHAR, v::VARCHAR, k::VARCHAR, d::VARCHAR, s::VARCHAR "
        f"FROM ({s}) AS t(r, c, v, k, d, s)"
        for s in selects
    )
    con.execute(
        'CREATE TABLE issues (_row INTEGER, "column" VARCHAR, value VARCHAR, code VARCHAR, '
        "detail VARCHAR, severity VARCHAR)"
    )
    con.execute(f"INSERT INTO issues {union}")
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
    order = "ORDER BY _row" if kind.ordered else ""
    return f"SELECT {columns}, record_key FROM typed {where} {once} {order}"


def _quarantine_sql(kind: RecordKind) -> str:
    """Rejected rows: their reasons and their content with every CPR number masked."""
    shown = []
    for col in kind.input_columns:
        shown.append(f"{literal(col.name)}, {col.display()}")
        if isinstance(col, Cpr):
            shown.append(f"{literal(col.stored_as)}, {ident(col.stored_as)}")
    return f"""
        SELECT i._row AS "row",
               to_json(list({{'column': i."column", 'code': i.code, 'value': i.value,
                              'detail': i.detail}} ORDER BY i."column")) AS reasons,
               any_value(json_object({", ".join(shown)})) AS record
        FROM issues i JOIN typed t USING (_row)
        WHERE i.severity = 'error' GROUP BY i._row ORDER BY i._row"""


__all__ = ["ERROR", "StageSettings", "StagedFile", "stage_file"]
