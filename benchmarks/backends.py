"""The catalogue on each backend, on the national-size warehouse (benchmarks/national_warehouse.py):
every indicator for one year and the two before, on DuckDB (the DuckDB executor and the plain one),
on PostgreSQL (the warehouse copied to a server; --postgres URL or $BOERNETAL_TEST_POSTGRES) and on
Spark local[2] (the Parquet export). Prints seconds per backend and the ratio to DuckDB.

Targets on a 2-core machine: PostgreSQL ≤ 10 s, Spark local[2] ≤ 60 s.

Run: .venv/bin/python benchmarks/backends.py [--year 2023] [--keep DIR] [--repeat 3] [--scale 1]
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import tempfile
import time
from pathlib import Path

import ibis
import psycopg
from national_warehouse import build

from boernetal import Workspace
from boernetal.engine import compute
from boernetal.engine.backends import spark_executor
from boernetal.engine.indicator_set import compute_with
from boernetal.warehouse import parquet, postgres


def timed(run) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def on_postgres(ws: Workspace, server: str, folder: Path) -> Workspace:
    """A copy of ``ws`` whose warehouse is in a new schema on ``server``."""
    schema = f"bench_{secrets.token_hex(4)}"
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {schema}")
    url = f"{server}{'&' if '?' in server else '?'}options=-csearch_path%3D{schema}"
    with psycopg.connect(url, autocommit=True) as con:
        postgres.create(con)
        with ws.warehouse(read_only=True) as wh:
            started = time.perf_counter()
            postgres.copy_from(wh.con, con)
            print(f"  copied to PostgreSQL in {time.perf_counter() - started:.0f} s")
        con.execute("VACUUM ANALYZE")  # as after any bulk load: else autovacuum does it while we measure
    folder.mkdir()
    config = (ws.path / "boernetal.toml").read_text("utf-8") + f'\n[warehouse]\nurl = "{url}"\n'
    (folder / "boernetal.toml").write_text(config, encoding="utf-8")
    (folder / "secret.key").write_bytes(ws.key())
    return Workspace.open(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--keep", type=Path, help="Build (or reuse) the warehouse in this folder.")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", default=os.environ.get("BOERNETAL_TEST_POSTGRES"))
    parser.add_argument("--skip", default="", help="Comma-separated: plain, postgres, spark.")
    parser.add_argument("--scale", type=int, default=1, help="Times the national warehouse's records.")
    args = parser.parse_args()
    skip = set(args.skip.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp) / "national"
        ws = Workspace.open(folder) if (folder / "boernetal.toml").exists() else build(folder, args.scale)
        with ws.warehouse(read_only=True) as wh:
            rows = sum(wh.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in parquet.TABLES)
        print(f"  {rows:,} rows in the warehouse")
        compute(ws, args.year)  # compiled once, as after installing
        seconds: dict[str, float] = {}
        seconds["DuckDB"] = statistics.median(
            timed(lambda: compute(ws, args.year)) for _ in range(args.repeat)
        )
        if "plain" not in skip:
            seconds["DuckDB, plain executor"] = timed(lambda: compute(ws, args.year, plain=True))
        if args.postgres and "postgres" not in skip:
            moved = on_postgres(ws, args.postgres, Path(tmp) / "pg")
            seconds["PostgreSQL"] = statistics.median(
                timed(lambda: compute(moved, args.year)) for _ in range(args.repeat)
            )
        if "spark" not in skip:
            export = Path(tmp) / "parquet"
            with ws.warehouse(read_only=True) as wh:
                started = time.perf_counter()
                parquet.export(ibis.duckdb.from_connection(wh.con), "", export)
                print(f"  exported to Parquet in {time.perf_counter() - started:.0f} s")
            (export / parquet.CONFIG_FILE).write_text((ws.path / "boernetal.toml").read_text("utf-8"))
            with spark_executor(export, "local[2]") as (executor, config):
                seconds["Spark local[2], first run"] = timed(
                    lambda: compute_with(executor, config, args.year)
                )
                seconds["Spark local[2], second run"] = timed(
                    lambda: compute_with(executor, config, args.year)
                )
        base = seconds["DuckDB"]
        print(f"all indicators for {args.year - 2}–{args.year}, national warehouse × {args.scale}:")
        for name, value in seconds.items():
            print(f"  {name}: {value:.1f} s ({value / base:.1f}× DuckDB)")


if __name__ == "__main__":
    main()
