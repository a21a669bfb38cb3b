# ruff: noqa: E501 — the SQL of this module reads better unwrapped
"""The demo at national scale (``boernetal demo --profile national``): all 98 municipalities, sized
like Denmark's (``data/municipality-sizes.csv``, rounded), with the demo's proportions — about
0.1 notifications per child a year (100–150 k a year), 0.9 % of children placed, 7–8 % with an
open case — for the benchmarks. Not calibrated to the seed.

Written by DuckDB as ordinary Danish data-contract CSV files (deterministic: every value is a hash
of its row, no random state), so that the normal ingest path reads them. The CPR numbers are made
up from a birth date and a serial; they are no real person's.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from ..contract.categories import category
from ..contract.municipalities import resolve
from ..contract.sql import literal, open_duckdb
from . import seed

#: rates per child aged 0–17 and year, from the demo data set (Ishøj and Vallensbæk 2013)
RATES = {
    "notifications": 0.105,
    "investigations": 0.0107,
    "measures": 0.085,
    "complaints": 0.0052,
    "placement_starts": 0.0030,
    "case_starts": 0.040,
}
CHILD_SHARE = 0.21  # children 0–17 of all inhabitants


def sizes() -> dict[str, int]:
    """Municipality code -> inhabitants (rounded, approximately those of the 2020s)."""
    text = resources.files("boernetal.demo").joinpath("data/municipality-sizes.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines(), delimiter=";")
    return {str(resolve(r["name"])): int(r["inhabitants"]) for r in rows}


def weighted(weights: dict[str, float], h: str) -> str:
    """SQL choosing a code with the given weights by a hash expression ``h``."""
    total = sum(weights.values())
    cases, cumulative = [], 0.0
    for code, weight in weights.items():
        cumulative += weight / total
        cases.append(f"WHEN ({h}) % 1000000 < {int(cumulative * 1_000_000)} THEN {literal(code)}")
    return f"CASE {' '.join(cases)} ELSE {literal(list(weights)[-1])} END"


def demo_shares(records: dict[str, list[dict]], kind: str, column: str) -> dict[str, float]:
    counts: dict[str, float] = {}
    for row in records[kind]:
        value = row.get(column) or "unrecorded"
        counts[value] = counts.get(value, 0) + 1
    return counts


def cpr(birth: str, h: str) -> str:
    """A made-up CPR number for a birth date (SQL DATE) and a hash (serial and sex)."""
    century = f"CASE WHEN year({birth}) >= 2000 THEN '4' ELSE '1' END"
    return f"strftime({birth}, '%d%m%y') || '-' || {century} || lpad((({h}) % 1000)::VARCHAR, 3, '0')"


def date(expr: str) -> str:
    return f"strftime({expr}, '%d.%m.%Y')"


def generate(folder: Path, first: int, last: int, step: Callable[[str], None] = lambda _: None) -> list[Path]:
    """Write every kind's file for the years ``first``–``last`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    demo = seed.generate()  # its proportions: sources, reasons, actions, placement types, measures
    years = last - first + 1
    con = open_duckdb()
    try:
        values = ", ".join(f"({literal(c)}, {n}, {round(n * CHILD_SHARE)})" for c, n in sizes().items())
        con.execute(f"CREATE TABLE m AS SELECT * FROM (VALUES {values}) t(code, inhabitants, children)")
        con.execute(f"CREATE TABLE y AS SELECT range AS year FROM range({first}, {last + 1})")

        def copy(kind: str, select: str) -> Path:
            step(f"Skriver {kind} …")
            path = folder / f"{kind}.csv"
            con.execute(f"COPY ({select}) TO {literal(str(path))} (FORMAT csv, DELIMITER ';', HEADER true)")
            return path

        def per_year(rate: float, salt: int) -> str:
            """One row per (municipality, year, i): the municipality's children × rate a year."""
            return f"""SELECT m.code, y.year, i, CAST(hash(m.code, y.year, i, {salt}) >> 1 AS BIGINT) AS h
                       FROM m, y, LATERAL range(CAST(round(m.children * {rate}) AS BIGINT)) r(i)"""

        def with_child(rate: float, salt: int) -> str:
            """``per_year`` rows with a child aged 0–17 (birth date ``b``) and a day ``d`` in the year
            at least a month after the birth (a measure's start, a case's opening)."""
            return f"""SELECT *, greatest(make_date(year::BIGINT, 1 + (h >> 7) % 12, 1 + (h >> 11) % 28), b + 30) AS d
                       FROM (SELECT *, make_date(year::BIGINT - 1 - (h >> 13) % 17, 1 + (h >> 17) % 12, 1 + (h >> 19) % 28) AS b
                             FROM ({per_year(rate, salt)}))"""

        written = []
        sources = demo_shares(demo, "notifications", "source")
        reasons = demo_shares(demo, "notifications", "reason")
        actions = demo_shares(demo, "notifications", "first_action")
        channel = weighted({"written": 0.75, "phone": 0.21, "meeting": 0.04}, "h >> 3")
        # the child: one of (children × 7 %) per municipality and year, aged 0–17 (born in an earlier year)
        child = "CAST(hash(q.code, q.year, (q.h >> 5) % CAST(greatest(1, round(m.children * 0.07)) AS BIGINT)) >> 1 AS BIGINT)"
        notified = f"""SELECT *, make_date(year::BIGINT, 1 + (h >> 7) % 12, 1 + (h >> 11) % 28) AS r,
                              make_date(year::BIGINT - 1 - ch % 17, 1 + (ch >> 5) % 12, 1 + (ch >> 9) % 28) AS b
                       FROM (SELECT q.*, {child} AS ch
                             FROM ({per_year(RATES["notifications"], 1)}) q JOIN m USING (code))"""
        written.append(
            copy(
                "notifications",
                f"""SELECT 'U' || code || '-' || year || '-' || i AS notification_id,
                          CASE WHEN (h >> 13) % 50 = 0 THEN NULL ELSE {cpr("b", "ch")} END AS cpr,
                          CASE WHEN (h >> 13) % 50 = 0 THEN 'ja' END AS unborn,
                          code AS municipality,
                          {date("r")} || ' ' || lpad(((h >> 17) % 9 + 8)::VARCHAR, 2, '0') || ':00' AS received,
                          {channel} AS channel,
                          {weighted(sources, "h >> 19")} AS source,
                          {weighted({k: v for k, v in reasons.items() if k != "unrecorded"}, "h >> 23")} AS reason,
                          NULLIF({weighted(actions, "h >> 29")}, 'unrecorded') AS first_action,
                          CASE WHEN NULLIF({weighted(actions, "h >> 29")}, 'unrecorded') IS NULL THEN NULL
                               ELSE {date("r + CAST((h >> 31) % 16 AS INTEGER)")} END
                              AS first_action_at,
                          'Børneteam' AS team
                   FROM ({notified}) ORDER BY year, code, i""",
            )
        )
        written.append(
            copy(
                "investigations",
                f"""SELECT 'BU' || code || '-' || year || '-' || i AS investigation_id,
                          {cpr("b", "h >> 4")} AS cpr, code AS municipality, {date("d")} AS decided,
                          CASE WHEN d + 120 > DATE '{last}-12-31' THEN NULL ELSE {date("d + CAST(40 + (h >> 9) % 120 AS INTEGER)")} END
                              AS completed,
                          'Børneteam' AS team
                   FROM (SELECT *, make_date(year::BIGINT, 1 + (h >> 7) % 12, 1 + (h >> 11) % 28) AS d,
                                make_date(year::BIGINT - 1 - (h >> 13) % 17, 1 + (h >> 17) % 12, 1 + (h >> 19) % 28) AS b
                         FROM ({per_year(RATES["investigations"], 2)}))
                   ORDER BY year, code, i""",
            )
        )
        types = demo_shares(demo, "placements", "placement_type")
        costs = seed.spec()["placements"]["annual_cost"]
        cost = (
            "CASE "
            + " ".join(
                f"WHEN t = {literal(code)} THEN {costs[spec.group]}"
                for code, spec in category("placement_type").codes.items()
            )
            + " END"
        )
        span = (years + 5) * 365
        written.append(
            copy(
                "placements",
                f"""SELECT 'A' || code || '-' || i AS placement_id, {cpr("b", "h >> 4")} AS cpr, code AS municipality,
                          {date("s")} AS start,
                          CASE WHEN e > DATE '{last}-12-31' THEN NULL ELSE {date("e")} END AS "end",
                          t AS placement_type, CASE WHEN (h >> 21) % 100 < 15 THEN 'nej' ELSE 'ja' END AS consent,
                          {cost} AS annual_cost
                   FROM (SELECT *, s + CAST(180 + (h >> 13) % 2000 AS INTEGER) AS e
                         FROM (SELECT *, greatest(DATE '{first - 5}-01-01' + CAST((h >> 7) % {span} AS INTEGER), b + 60) AS s,
                                      {weighted(types, "h >> 23")} AS t
                               FROM (SELECT m.code, i, CAST(hash(m.code, i, 3) >> 1 AS BIGINT) AS h,
                                            DATE '{first - 22}-01-01' + CAST(hash(m.code, i, 4) % ({years + 20} * 365) AS INTEGER) AS b
                                     FROM m, LATERAL range(CAST(round(m.children * {RATES["placement_starts"]} * {years + 5}) AS BIGINT)) r(i))))
                   WHERE s <= DATE '{last}-12-31'
                   -- a made-up CPR number may repeat: one period per number, as periods of a child never overlap
                   QUALIFY row_number() OVER (PARTITION BY cpr ORDER BY code, i) = 1
                   ORDER BY code, i""",
            )
        )
        kinds = {k: v for k, v in demo_shares(demo, "measures", "measure_type").items()}
        written.append(
            copy(
                "measures",
                f"""SELECT 'F' || code || '-' || year || '-' || i AS measure_id, {cpr("b", "h >> 4")} AS cpr,
                          code AS municipality, {date("d")} AS start,
                          CASE WHEN d + 420 > DATE '{last}-12-31' THEN NULL ELSE {date("d + CAST(60 + (h >> 9) % 360 AS INTEGER)")} END
                              AS "end",
                          {weighted(kinds, "h >> 23")} AS measure_type, 70000 + (h >> 27) % 90000 AS annual_cost
                   FROM ({with_child(RATES["measures"], 5)})
                   ORDER BY year, code, i""",
            )
        )
        teams = {t: v["cases"] for t, v in seed.spec()["cases"]["teams"].items() if "/" not in t} | {
            "StraXen": 0.08
        }
        written.append(
            copy(
                "cases",
                f"""SELECT 'S' || code || '-' || year || '-' || i AS case_id, {cpr("b", "h >> 4")} AS cpr,
                          code AS municipality, {weighted(teams, "h >> 21")} AS team, NULL AS adviser_id,
                          {date("d")} AS opened,
                          CASE WHEN d + 400 > DATE '{last}-12-31' THEN NULL ELSE {date("d + CAST(30 + (h >> 9) % 700 AS INTEGER)")} END
                              AS closed
                   FROM ({with_child(RATES["case_starts"], 6)})
                   ORDER BY year, code, i""",
            )
        )
        fte = {t: v["fte"] for t, v in seed.spec()["cases"]["teams"].items() if "/" not in t} | {
            "StraXen": 0.9
        }
        advisers = " UNION ALL ".join(
            f"SELECT {literal(t)} AS team, range AS n FROM range(CAST(round({f} / 19.1 * (SELECT sum(children) FROM m) * 0.078 / 37.4) AS BIGINT))"
            for t, f in fte.items()
        )
        written.append(
            copy(
                "staff",
                f"""SELECT 'R' || row_number() OVER (ORDER BY team, n) AS adviser_id, team,
                          '01.01.{first - 1}' AS start, NULL AS "end", 1 AS fte FROM ({advisers}) ORDER BY adviser_id""",
            )
        )
        instances = {"social_board": 0.35, "appeals_board": 0.47, "court": 0.18}
        outcomes = {"upheld": 0.77, "changed": 0.04, "partly_changed": 0.13, "remitted": 0.06}
        written.append(
            copy(
                "complaints",
                f"""SELECT 'K' || code || '-' || year || '-' || i AS decision_id,
                          {date("make_date(year::BIGINT, 1 + (h >> 7) % 12, 1 + (h >> 11) % 28)")} AS decided,
                          {weighted(instances, "h >> 13")} AS instance, {weighted(outcomes, "h >> 17")} AS outcome,
                          CASE WHEN (h >> 21) % 25 = 0 THEN 'ja' END AS own_initiative,
                          'Anbringelse' AS subject, code AS municipality
                   FROM ({per_year(RATES["complaints"], 7)}) ORDER BY year, code, i""",
            )
        )
        written.append(
            copy(
                "population",
                """SELECT code AS municipality, year, age,
                          CASE WHEN age < 18 THEN CAST(round(children / 18.0) AS BIGINT)
                               ELSE CAST(round((inhabitants - children) / 82.0) AS BIGINT) END AS count
                   FROM m, y, range(0, 100) a(age) ORDER BY code, year, age""",
            )
        )
        areas = seed.spec()["expenditure_per_1000_2012"]
        written.append(
            copy(
                "expenditure",
                " UNION ALL ".join(
                    f"""SELECT code AS municipality, year, {literal(area)} AS area,
                              CAST(round(inhabitants / 1000.0 * {spec["mean"]} * (0.6 + hash(code, year, {literal(area)}) % 800 / 1000.0)) AS BIGINT) AS amount
                       FROM m, y"""
                    for area, spec in areas.items()
                )
                + " ORDER BY municipality, year, area",
            )
        )
        lines = [
            r
            for r in seed.budget()
            if r["municipality"] == "187"
            and not r["account"].lower().endswith("i alt")
            and r["account"] != r["group"]
        ]
        amounts = " UNION ALL ".join(
            f"SELECT {i} AS n, {literal(r['area'])} AS area, {literal(r['account'])} AS account, "
            f"{literal(r['group'] or None)} AS grp, {int(r['budget'].replace('.', ''))} AS budget, {int(r['actual'].replace('.', ''))} AS actual"
            for i, r in enumerate(lines)
        )
        written.append(
            copy(
                "budget",
                f"""SELECT code AS municipality, year, area, account, grp AS "group",
                          CAST(round(budget::DOUBLE * inhabitants / 14640.0) AS BIGINT) AS budget,
                          CAST(round(actual::DOUBLE * inhabitants / 14640.0 * (0.9 + hash(code, year, n) % 200 / 1000.0)) AS BIGINT) AS actual
                   FROM m, y, ({amounts}) ORDER BY code, year, n""",
            )
        )
        return written
    finally:
        con.close()
