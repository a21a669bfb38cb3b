"""Column types of the data contract.

A column knows three things: the warehouse columns it is stored as, the SQL that parses it from the
staged text cells, and the problems a value can have. The SQL uses the macros of
``data/parsing.sql``. Parsing is two SELECT levels over the ``cells`` table: ``prepare`` items
(work shared by several parsed values, such as a normalised CPR number) and then ``parse`` items.
In the staging tables a column's text as read is ``"<name>$raw"``; its parsed value ``"<name>"``.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from .sql import ident, literal


@dataclass(frozen=True)
class Problem:
    """A per-row problem: rows where ``condition`` holds get error ``code`` (see messages.toml)."""

    code: str
    condition: str
    detail: str = "NULL"
    severity: str = "error"


@dataclass
class ParseContext:
    """What parsing needs beyond the column itself (filled in by the stager per file)."""

    comma_decimal: dict[str, bool] = field(default_factory=dict)
    municipalities: tuple[str, ...] = ()  # the workspace's own; empty = any
    today: dt.date | None = None  # for "not in the future"; None = the real today


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    sql_type: str = "VARCHAR"

    @property
    def raw(self) -> str:
        return ident(f"{self.name}$raw")

    @property
    def value(self) -> str:
        return ident(self.name)

    def cell(self, source: str = "c") -> str:
        return f"{source}.{ident(self.name)}"

    @property
    def _join(self) -> str:
        """The alias of the lookup table a column joins to parse its cells (see ``joins``)."""
        return ident(f"j${self.name}")

    def stored(self) -> list[tuple[str, str]]:
        """(warehouse column, SQL type) pairs."""
        return [(self.name, self.sql_type)]

    def prepare(self, ctx: ParseContext) -> list[str]:
        """SELECT items over ``cells`` computed once for use by ``parse`` (as ``c."<name>$…"``)."""
        return []

    def parse(self, ctx: ParseContext) -> list[str]:
        """SELECT items over the cells table ``c`` giving the raw copy and the parsed value(s)."""
        return [f"{self.cell()} AS {self.raw}", f"{self.parse_expr(self.cell(), ctx)} AS {self.value}"]

    def parse_expr(self, cell: str, ctx: ParseContext) -> str:
        return cell

    def joins(self, ctx: ParseContext) -> list[str]:
        return []

    def problems(self, ctx: ParseContext) -> list[Problem]:
        found = []
        if self.required:
            found.append(Problem("missing_value", f"{self.raw} IS NULL"))
        invalid = self.invalid_condition(ctx)
        if invalid:
            found.append(
                Problem(self.invalid_code, f"{self.raw} IS NOT NULL AND ({invalid})", self.invalid_detail())
            )
        return found

    def invalid_detail(self) -> str:
        """SQL for the ``detail`` of an invalid value (what the message needs beyond the value)."""
        return "NULL"

    invalid_code = "invalid_value"

    def invalid_condition(self, ctx: ParseContext) -> str | None:
        return None

    def display(self, expr: str | None = None) -> str:
        """SQL for the value as it may be shown in an error: CPR numbers masked."""
        return f"bt_mask({expr or self.raw})"


@dataclass(frozen=True)
class Text(Column):
    """Free text (team, subject, account …). Must not carry CPR numbers, dashed or not."""

    max_length: int = 10_000

    @property
    def raw(self) -> str:
        """Text is stored as read, so the value is its own raw copy (one column, not two)."""
        return self.value

    def parse(self, ctx: ParseContext) -> list[str]:
        return [f"{self.cell()} AS {self.value}"]

    def problems(self, ctx: ParseContext) -> list[Problem]:
        return [
            *super().problems(ctx),
            Problem(
                "text_too_long",
                f"length({self.raw}) > {self.max_length}",
                detail=f"length({self.raw})::VARCHAR",
            ),
            Problem("cpr_in_text", f"bt_has_cpr({self.raw}, true)"),
        ]


@dataclass(frozen=True)
class Id(Text):
    """A record id (``*_id``). A CPR number, bare or dashed, is refused as in any text: a case
    system that numbers cases or advisers by a person's CPR number must not put it here."""


@dataclass(frozen=True)
class Cpr(Column):
    """A CPR number. Stored only as a keyed pseudonym (``stored_as``), never as the number.

    With ``derive`` the birth date and sex are stored too (``birth_date``, ``sex``). A file names
    the same child on many rows: each distinct text is parsed and pseudonymised once, in the table
    ``cpr_values`` (see ``VALUES_SQL``), and the rows join it.
    """

    stored_as: str = "child"
    derive: bool = True
    only_when: str | None = None  # SQL condition on the row; otherwise no pseudonym is stored

    #: Table ``cpr_values`` from ``cpr_texts`` (the distinct texts of a file's CPR columns): each
    #: text's normalised number, birth date, sex and pseudonym (only of a number with a real date;
    #: computed once per number, however it was written). ``$inner``/``$outer``: the key's pads.
    VALUES_SQL = """
        CREATE TABLE cpr_values AS
        WITH parsed AS MATERIALIZED (
            SELECT text, bt_cpr_norm(text) AS norm FROM cpr_texts
        ), numbers AS MATERIALIZED (
            SELECT norm, bt_cpr_birth(norm) AS birth FROM (SELECT DISTINCT norm FROM parsed)
            WHERE norm IS NOT NULL
        )
        SELECT p.text, p.norm, n.birth,
               CASE WHEN p.norm IS NOT NULL THEN bt_cpr_sex(p.norm) END AS sex,
               CASE WHEN n.birth IS NOT NULL THEN bt_pseudonym(n.norm, $inner, $outer) END AS pseudonym
        FROM parsed p LEFT JOIN numbers n USING (norm)"""

    @property
    def norm(self) -> str:
        return ident(f"{self.name}$norm")

    @property
    def birth(self) -> str:
        return ident(f"{self.name}$birth")

    @property
    def pseudonym(self) -> str:
        """The row's pseudonym in the staging tables (stored as ``stored_as``; only on the rows
        where ``only_when`` holds, if it is given)."""
        return ident(f"{self.name}$pseudonym")

    def stored(self) -> list[tuple[str, str]]:
        cols = [(self.stored_as, "BLOB")]
        if self.derive:
            cols += [("birth_date", "DATE"), ("sex", "VARCHAR")]
        return cols

    def joins(self, ctx: ParseContext) -> list[str]:
        return [f"LEFT JOIN cpr_values AS {self._join} ON {self._join}.text = {self.cell()}"]

    def parse(self, ctx: ParseContext) -> list[str]:
        found = self._join
        items = [
            f"{self.cell()} AS {self.raw}",
            f"{found}.norm AS {self.norm}",
            f"{found}.birth AS {self.birth}",
            f"{found}.pseudonym AS {self.pseudonym}",
        ]
        if self.derive:
            items += [f"{found}.birth AS birth_date", f"{found}.sex AS sex"]
        return items

    def problems(self, ctx: ParseContext) -> list[Problem]:
        return [
            *super().problems(ctx),
            Problem("invalid_cpr", f"{self.raw} IS NOT NULL AND {self.norm} IS NULL"),
            Problem("cpr_impossible_date", f"{self.norm} IS NOT NULL AND {self.birth} IS NULL"),
        ]

    def display(self, expr: str | None = None) -> str:
        return f"bt_mask_cpr({expr or self.raw})"


@dataclass(frozen=True)
class Municipality(Column):
    """A municipality as code (183) or name (Ishøj); stored as the 3-digit code.

    ``restricted``: must be one of the workspace's municipalities when the workspace lists them.
    """

    restricted: bool = True
    #: the whole country (000, Hele landet) is a place too: national figures and population
    country: bool = False

    def joins(self, ctx: ParseContext) -> list[str]:
        cell = self.cell()
        key = (
            f"CASE WHEN regexp_full_match({cell}, '\\d{{1,3}}') THEN lpad({cell}, 3, '0') "
            f"ELSE bt_name_key({cell}) END"
        )
        table = ident("lookup$country" if self.country else "lookup$municipality")
        return [f"LEFT JOIN {table} AS {self._join} ON {self._join}.key = {key}"]

    def parse_expr(self, cell: str, ctx: ParseContext) -> str:
        return f"{self._join}.code"

    invalid_code = "unknown_municipality"

    def invalid_condition(self, ctx: ParseContext) -> str:
        return f"{self.value} IS NULL"

    def problems(self, ctx: ParseContext) -> list[Problem]:
        found = super().problems(ctx)
        if self.restricted and ctx.municipalities:
            allowed = ", ".join(literal(m) for m in ctx.municipalities)
            found.append(
                Problem(
                    "municipality_not_in_workspace",
                    f"{self.value} IS NOT NULL AND {self.value} NOT IN ({allowed})",
                    detail=literal(", ".join(ctx.municipalities)),
                )
            )
        return found


@dataclass(frozen=True)
class Date(Column):
    sql_type: str = "DATE"
    invalid_code = "invalid_date"

    def parse_expr(self, cell: str, ctx: ParseContext) -> str:
        return f"bt_date({cell})"

    def invalid_condition(self, ctx: ParseContext) -> str:
        return f"{self.value} IS NULL"


@dataclass(frozen=True)
class DateTime(Column):
    """A date, or a date with a time of day: stored as the date and, when given, the time of day."""

    sql_type: str = "DATE"
    invalid_code = "invalid_datetime"

    @property
    def time_name(self) -> str:
        """``received`` -> ``received_time``; ``first_action_at`` -> ``first_action_time``."""
        return f"{self.name.removesuffix('_at')}_time"

    @property
    def time(self) -> str:
        return ident(self.time_name)

    def stored(self) -> list[tuple[str, str]]:
        return [(self.name, "DATE"), (self.time_name, "TIME")]

    @property
    def parts(self) -> str:
        return ident(f"{self.name}$parts")

    @property
    def ok(self) -> str:
        return ident(f"{self.name}$ok")

    def prepare(self, ctx: ParseContext) -> list[str]:
        return [f"bt_dt_parts({self.cell()}) AS {self.parts}"]

    def parse(self, ctx: ParseContext) -> list[str]:
        parts = f"c.{self.parts}"
        return [
            f"{self.cell()} AS {self.raw}",
            f"bt_date_only({parts}.date) AS {self.value}",
            f"bt_parts_time({parts}) AS {self.time}",
            f"bt_parts_ok({parts}) AS {self.ok}",
        ]

    def invalid_condition(self, ctx: ParseContext) -> str:
        return f"NOT {self.ok}"


@dataclass(frozen=True)
class Bool(Column):
    sql_type: str = "BOOLEAN"
    default: bool | None = False
    invalid_code = "invalid_bool"

    def parse_expr(self, cell: str, ctx: ParseContext) -> str:
        return f"coalesce(bt_bool({cell}), {literal(self.default)})"

    def invalid_condition(self, ctx: ParseContext) -> str:
        return f"bt_bool({self.raw}) IS NULL"


@dataclass(frozen=True)
class Amount(Column):
    """A number in Danish or English style (kr., FTE …); see ``bt_amount``.

    Optional bounds give an ``out_of_range`` problem; ``default`` fills an empty cell.
    """

    sql_type: str = "DOUBLE"
    default: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    invalid_code = "invalid_amount"

    def parse_expr(self, cell: str, ctx: ParseContext) -> str:
        parsed = f"bt_amount({cell}, {literal(ctx.comma_decimal.get(self.name, True))})"
        return parsed if self.default is None else f"coalesce({parsed}, {literal(self.default)})"

    def invalid_condition(self, ctx: ParseContext) -> str:
        if self.default is None:
            return f"{self.value} IS NULL"
        return f"bt_amount({self.raw}, {literal(ctx.comma_decimal.get(self.name, True))}) IS NULL"

    def problems(self, ctx: ParseContext) -> list[Problem]:
        found = super().problems(ctx)
        bounds = []
        if self.minimum is not None:
            bounds.append(f"{self.value} {'<=' if self.exclusive_minimum else '<'} {self.minimum}")
        if self.maximum is not None:
            bounds.append(f"{self.value} > {self.maximum}")
        if bounds:
            low = "større end" if self.exclusive_minimum else "mindst"
            rule = f"{low} {self.minimum}" if self.minimum is not None else ""
            if self.maximum is not None:
                rule += f"{' og ' if rule else ''}højst {self.maximum}"
            found.append(
                Problem(
                    "out_of_range",
                    f"{self.raw} IS NOT NULL AND {self.value} IS NOT NULL AND ({' OR '.join(bounds)})",
                    detail=literal(rule),
                )
            )
        return found


@dataclass(frozen=True)
class Integer(Amount):
    sql_type: str = "INTEGER"
    invalid_code = "invalid_integer"

    def parse_expr(self, cell: str, ctx: ParseContext) -> str:
        return f"bt_integer({cell})"

    def invalid_condition(self, ctx: ParseContext) -> str:
        return f"{self.value} IS NULL"


@dataclass(frozen=True)
class SchoolYear(Column):
    """A school year (skoleår) written as 2012/13 or 2012/2013, stored as the calendar year it ends
    in (2013): school health counts by school year, and a school year belongs to the report of the
    year it ends in. A bare year is refused, as ambiguous."""

    sql_type: str = "INTEGER"
    invalid_code = "invalid_school_year"

    def parse_expr(self, cell: str, ctx: ParseContext) -> str:
        return f"bt_school_year({cell})"

    def invalid_condition(self, ctx: ParseContext) -> str:
        return f"{self.value} IS NULL"


@dataclass(frozen=True)
class Category(Column):
    """A code from the category registry (``category``), or a label mapped to one in the workspace."""

    category: str = ""
    default: str | None = None

    def joins(self, ctx: ParseContext) -> list[str]:
        table = ident(f"lookup${self.category}")
        return [f"LEFT JOIN {table} AS {self._join} ON {self._join}.key = lower({self.cell()})"]

    def parse_expr(self, cell: str, ctx: ParseContext) -> str:
        code = f"{self._join}.code"
        if self.default is None:
            return code
        return f"CASE WHEN {cell} IS NULL THEN {literal(self.default)} ELSE {code} END"

    invalid_code = "unknown_code"

    def invalid_condition(self, ctx: ParseContext) -> str:
        return f"{self.value} IS NULL"

    def invalid_detail(self) -> str:
        return literal(self.category)


@dataclass(frozen=True)
class Derived(Column):
    """A stored column computed from other parsed columns of the row (``expression``), not read."""

    expression: str = "NULL"

    def parse(self, ctx: ParseContext) -> list[str]:
        return []

    def problems(self, ctx: ParseContext) -> list[Problem]:
        return []


@cache
def column_names() -> dict[str, str]:
    """The contract's columns by their Danish headings (data/column_names.toml)."""
    text = resources.files("boernetal.contract").joinpath("data/column_names.toml").read_text("utf-8")
    return tomllib.loads(text)
