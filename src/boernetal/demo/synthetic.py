"""Large synthetic input files, written by DuckDB in the Danish CSV style.

Deterministic: the same arguments give the same bytes. The CPR numbers are made up (birth dates
with arbitrary serials), as a benchmark or a crash test needs many distinct children.
"""

from __future__ import annotations

from pathlib import Path

from ..contract.categories import category
from ..contract.sql import literal, open_duckdb


def _pick(codes: list[str], seed_expr: str) -> str:
    """SQL choosing one of ``codes`` by a hash expression."""
    array = "[" + ", ".join(literal(c) for c in codes) + "]"
    return f"{array}[1 + (({seed_expr}) % {len(codes)})::BIGINT]"


def notifications(
    path: Path,
    rows: int,
    children: int,
    seed: int = 1,
    first_year: int = 2014,
    years: int = 10,
    municipalities: tuple[str, ...] = ("183", "187"),
) -> Path:
    """A notifications CSV (';', DD.MM.YYYY HH:MM) with ``rows`` rows about ``children`` children."""
    sources = list(category("source").codes)
    reasons = list(category("reason").codes)
    actions = list(category("first_action").codes)
    sql = f"""
        COPY (
            WITH base AS (
                SELECT i, hash(i, {seed}) % {children} AS c, hash(i, {seed}, 1) AS h FROM range({rows}) t(i)
            ),
            dated AS (
                -- Children are born from 8 years before the period to 5 years before its end, and
                -- are notified about at least a month after birth: all are 0-18 years old.
                SELECT i, c, h, birth,
                       greatest(DATE '{first_year}-01-01' + CAST(h % ({years} * 365) AS INTEGER),
                                birth + 30 + CAST(h % 365 AS INTEGER)) AS received,
                       CAST(h % 24 AS INTEGER) AS hour, CAST(h % 60 AS INTEGER) AS minute
                FROM (SELECT *, DATE '{first_year - 8}-01-01'
                               + CAST(hash(c, {seed}, 2) % (({years} + 3) * 365) AS INTEGER) AS birth
                      FROM base)
            )
            SELECT 'N' || lpad(i::VARCHAR, 9, '0') AS notification_id,
                   strftime(birth, '%d%m%y') || '-'
                       || CASE WHEN year(birth) >= 2000 THEN '4' ELSE '0' END
                       || lpad((hash(c, {seed}, 3) % 1000)::VARCHAR, 3, '0') AS cpr,
                   '' AS unborn,
                   {_pick(list(municipalities), "hash(c, 5)")} AS municipality,
                   strftime(received, '%d.%m.%Y') || ' ' || lpad(hour::VARCHAR, 2, '0') || ':'
                       || lpad(minute::VARCHAR, 2, '0') AS received,
                   {_pick(["written", "written", "phone", "meeting"], "h >> 8")} AS channel,
                   {_pick(sources, "h >> 12")} AS source,
                   {_pick(reasons, "h >> 16")} AS reason,
                   {_pick(actions, "h >> 20")} AS first_action,
                   strftime(received + CAST((h >> 24) % 20 AS INTEGER), '%d.%m.%Y') AS first_action_at,
                   {_pick(["StraXen", "Børneteam", "Ungeteam", "Specialteam"], "h >> 28")} AS team
            FROM dated ORDER BY i
        ) TO {literal(str(path))} (FORMAT csv, DELIMITER ';', HEADER true)"""
    con = open_duckdb()
    try:
        con.execute(sql)
    finally:
        con.close()
    return path
