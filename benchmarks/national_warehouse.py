"""A synthetic national-size warehouse for the indicator benchmark, written straight into DuckDB.

98 municipalities with skewed sizes, 10 years (2014–2023): about 1.5 M notifications, 170 k
placement periods, 600 k measures, 1 M case periods, staff, complaints, budget lines, population
and expenditure. Deterministic (hash-based, no random state). Pseudonyms are 32-byte hashes of a
child number, as the warehouse stores them; no CPR number is involved.

Records are inserted year by year (in random order within a year), as a warehouse fed with each
year's extracts holds them: ten years of records arrive over ten years. A query for some years then
reads only their row groups (DuckDB skips the others by their min and max dates).

Run alone to build one: .venv/bin/python benchmarks/national_warehouse.py DIR [SCALE]
"""

from __future__ import annotations

import sys
from pathlib import Path

from boernetal import Workspace, init_workspace
from boernetal.contract.categories import category
from boernetal.contract.municipalities import municipalities
from boernetal.warehouse.municipalities import remember as municipalities_kept

FIRST_YEAR, YEARS = 2014, 10
NOTIFICATIONS, PLACEMENTS, MEASURES, CASES = 1_500_000, 200_000, 600_000, 1_000_000
CHILDREN = 400_000
TEAMS = ["StraXen", "Børneteam", "Ungeteam", "Specialteam"]


def pick(codes: list[str], h: str) -> str:
    array = "[" + ", ".join(f"'{c}'" for c in codes) + "]"
    return f"{array}[1 + (({h}) % {len(codes)})::BIGINT]"


def build(folder: Path, scale: int = 1) -> Workspace:
    """A workspace in ``folder`` (no municipalities listed: all 98 are its own); ``scale`` times
    the records and children of the national warehouse (for how the cost grows)."""
    ws = init_workspace(folder)
    notifications, placements, measures, cases, children = (
        n * scale for n in (NOTIFICATIONS, PLACEMENTS, MEASURES, CASES, CHILDREN)
    )
    codes = sorted(municipalities())
    # Municipality of a child: skewed, so that a few are large (like København) and most small.
    muni = f"{pick(codes, 'CAST(pow((hash(c, 77) % 1000) / 1000.0, 2) * 98 AS BIGINT)')}"
    child = "unhex(sha256(c::VARCHAR))::BLOB"
    birth = f"DATE '{FIRST_YEAR - 17}-01-01' + CAST(hash(c, 2) % ({YEARS + 16} * 365) AS INTEGER)"
    sources = list(category("source").codes)
    reasons = list(category("reason").codes)
    actions = list(category("first_action").codes)
    types = list(category("placement_type").codes)
    measure_types = list(category("measure_type").codes)
    span = YEARS * 365
    with ws.warehouse() as wh:
        con = wh.con
        con.execute(f"""
            INSERT INTO notifications
            SELECT 'N' || i, {child}, b, CASE WHEN hash(c, 3) % 2 = 0 THEN 'girl' ELSE 'boy' END, NULL, false,
                   {muni}, r, make_time(CAST(h % 24 AS BIGINT), CAST(h % 60 AS BIGINT), 0),
                   {pick(["written", "written", "phone", "meeting"], "h >> 8")},
                   {pick(sources, "h >> 12")}, {pick(reasons, "h >> 16")}, {pick(actions, "h >> 20")},
                   r + CAST((h >> 24) % 20 AS INTEGER), NULL, {pick(TEAMS, "h >> 28")}, 'N' || i, 1
            FROM (SELECT i, c, h, b,
                         greatest(DATE '{FIRST_YEAR}-01-01' + CAST(h % {span} AS INTEGER), b + 30) AS r
                  FROM (SELECT i, hash(i, 1) % {children} AS c, hash(i, 9) AS h
                        FROM range({notifications}) t(i)),
                       LATERAL (SELECT {birth} AS b))
            WHERE r <= DATE '{FIRST_YEAR + YEARS - 1}-12-31'
            ORDER BY year(r)
        """)
        # Placement periods: each child's periods follow one another (start after the last end).
        con.execute(f"""
            INSERT INTO placements
            SELECT 'P' || i, {child}, {birth}, 'boy', {muni}, s, e,
                   {pick(types, "h >> 4")}, (h >> 9) % 6 <> 0, 300000 + (h % 900) * 1000, 'P' || i, 1
            FROM (SELECT i, c, h, first + CAST(k * 500 + h % 300 AS INTEGER) AS s,
                         CASE WHEN (h >> 3) % 5 = 0 THEN NULL
                              ELSE first + CAST(k * 500 + h % 300 + 30 + h % 400 AS INTEGER)
                         END AS e
                  FROM (SELECT i, i // 3 AS c, i % 3 AS k, hash(i, 4) AS h,
                               DATE '{FIRST_YEAR - 3}-01-01'
                                   + CAST(hash(i // 3, 13) % {span} AS INTEGER) AS first
                        FROM range({placements}) t(i)))
            WHERE NOT (e IS NULL AND (i % 3) < 2)
            ORDER BY year(s)
        """)
        con.execute(f"""
            INSERT INTO measures
            SELECT 'M' || i, {child}, {birth}, 'girl', {muni}, s, s + CAST(60 + h % 700 AS INTEGER),
                   {pick(measure_types, "h >> 5")}, 50000 + (h % 300) * 1000, 'M' || i, 1
            FROM (SELECT i, hash(i, 5) % {children} AS c, hash(i, 6) AS h,
                         DATE '{FIRST_YEAR}-01-01' + CAST(hash(i, 7) % {span} AS INTEGER) AS s
                  FROM range({measures}) t(i))
            ORDER BY year(s)
        """)
        con.execute(f"""
            INSERT INTO cases
            SELECT 'S' || i, {child}, {birth}, 'boy', {muni}, {pick(TEAMS, "h >> 3")}, 'R' || (h % 3000), o,
                   CASE WHEN h % 7 = 0 THEN NULL ELSE o + CAST(30 + h % 900 AS INTEGER) END, 'S' || i, 1
            FROM (SELECT i, hash(i, 8) % {children} AS c, hash(i, 10) AS h,
                         DATE '{FIRST_YEAR - 1}-01-01' + CAST(hash(i, 11) % {span} AS INTEGER) AS o
                  FROM range({cases}) t(i))
            ORDER BY year(o)
        """)
        con.execute(f"""
            INSERT INTO staff
            SELECT 'R' || i, {pick(TEAMS, "i")}, DATE '{FIRST_YEAR - 2}-01-01', NULL,
                   CASE WHEN i % 4 = 0 THEN 0.8 ELSE 1 END, 'R' || i || '|start', 1
            FROM range(3000) t(i)
        """)
        con.execute(f"""
            INSERT INTO complaints
            SELECT 'K' || i, DATE '{FIRST_YEAR}-01-01' + CAST(h % {span} AS INTEGER),
                   {pick(list(category("instance").codes), "h >> 3")},
                   {pick(list(category("outcome").codes), "h >> 6")},
                   h % 15 = 0, NULL, {pick(codes, "h >> 9")}, 'K' || i, 1
            FROM (SELECT i, hash(i, 12) AS h FROM range(40000) t(i))
        """)
        codes_sql = "[" + ", ".join(f"'{c}'" for c in codes) + "]"
        con.execute(f"""
            INSERT INTO population
            SELECT m, y, a, NULL, 200 + CAST(hash(m, a) % 3000 AS INTEGER),
                   m || '|' || y || '|' || a || '|', 1
            FROM unnest({codes_sql}) t(m), range({FIRST_YEAR}, {FIRST_YEAR + YEARS}) y(y), range(0, 100) a(a)
        """)
        con.execute(f"""
            INSERT INTO expenditure
            SELECT m, y, area, 1e6 + hash(m, y, area) % 1e8, m || '|' || y || '|' || area, 1
            FROM unnest({codes_sql}) t(m), range({FIRST_YEAR}, {FIRST_YEAR + YEARS}) y(y),
                 unnest(['preventive', 'placements', 'respite_care', 'institutions_disability']) a(area)
        """)
        con.execute(f"""
            INSERT INTO budget
            SELECT m, y, area, 'Konto ' || k, 'Gruppe ' || (k % 3), 1e6 * k, 1e6 * k + hash(m, y, k) % 1e5,
                   false, m || '|' || y || '|' || area || '|' || k, 1
            FROM unnest({codes_sql}) t(m), range({FIRST_YEAR}, {FIRST_YEAR + YEARS}) y(y),
                 unnest(['placements', 'preventive']) a(area), range(1, 10) k(k)
        """)
        municipalities_kept(con)  # as an import does
    return ws


if __name__ == "__main__":
    build(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1)
