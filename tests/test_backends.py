"""One catalogue on every backend: the same indicators, rows and findings from the DuckDB file (with
the DuckDB executor and with the plain one), from a PostgreSQL server and from a Parquet export on
Spark — on the example extracts (whose figures the golden file holds) and on hand-made records about
children in two municipalities, complaints without one, and an investigation completed on
31 December.

PostgreSQL needs a server: ``BOERNETAL_TEST_POSTGRES`` is its URL (``.ci/run`` starts one with
``scripts/postgres``). Spark needs Java 17. Without them these tests are skipped with a message
saying so, except in CI, where a skip is a failure (conftest).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
from pathlib import Path

import ibis
import pandas as pd
import psycopg
import pytest

from boernetal import Workspace
from boernetal.engine import IndicatorSet, compute
from boernetal.engine.backends import spark_executor
from boernetal.engine.indicator_set import compute_with
from boernetal.errors import WorkspaceError
from boernetal.invest.case import CaseError, load_case
from boernetal.invest.follow_up import follow_up, to_dict
from boernetal.invest.prices import warehouse_prices
from boernetal.warehouse import parquet, postgres
from boernetal.warehouse.order import budget_lines
from boernetal.warehouse.status import status
from test_indicators_notifications import NOTIFICATIONS
from test_invest_follow_up import CASE

from helpers import run_cli

POSTGRES_ENV = "BOERNETAL_TEST_POSTGRES"
YEARS = (2013, 2012)


def same(one: IndicatorSet, other: IndicatorSet) -> None:
    """The two sets have the same indicators, rows, values (to 1e-9) and findings."""
    assert list(one.results) == list(other.results)
    for id in one.results:
        pd.testing.assert_frame_equal(
            one.results[id], other.results[id], check_exact=False, rtol=1e-9, obj=id
        )
    assert one.findings == other.findings
    assert one.years == other.years and one.municipalities == other.municipalities


@pytest.fixture(scope="module")
def on_duckdb(workspaces) -> list[dict[tuple[int, bool], IndicatorSet]]:
    """The reference: the DuckDB executor on each workspace's file, internal and published."""
    return [{(y, p): compute(ws, y, publish=p) for y in YEARS for p in (False, True)} for ws in workspaces]


def test_the_plain_executor_gives_what_the_duckdb_executor_gives(workspaces, on_duckdb):
    for ws, expected in zip(workspaces, on_duckdb, strict=True):
        for (year, publish), figures in expected.items():
            same(compute(ws, year, publish=publish, plain=True), figures)


# PostgreSQL ---------------------------------------------------------------------------------------


def unavailable(why: str) -> None:
    """Skip, with the reason: locally a developer may run the DuckDB part alone; in CI, fail."""
    if os.environ.get("CI"):
        pytest.fail(f"CI må ikke springe over: {why}")
    pytest.skip(why)


@pytest.fixture(scope="module")
def server() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        unavailable(f"ingen PostgreSQL-server: sæt {POSTGRES_ENV} (scripts/postgres start MAPPE giver en)")
    return str(url)


def fresh_schema(server: str) -> str:
    """The server's URL for a new, empty schema of its own."""
    name = f"t_{secrets.token_hex(4)}"
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {name}")
    separator = "&" if "?" in server else "?"
    return f"{server}{separator}options=-csearch_path%3D{name}"


def moved_to_postgres(ws: Workspace, url: str, folder: Path) -> Workspace:
    """A copy of ``ws`` whose warehouse is on the server: its tables made and its rows copied."""
    shutil.copytree(ws.path, folder, ignore=shutil.ignore_patterns("warehouse.duckdb*"))
    with psycopg.connect(url, autocommit=True) as con:
        postgres.create(con)
        with ws.warehouse(read_only=True) as wh:
            postgres.copy_from(wh.con, con)
    config = folder / "boernetal.toml"
    config.write_text(config.read_text("utf-8") + f'\n[warehouse]\nurl = "{url}"\n', encoding="utf-8")
    return Workspace.open(folder)


def test_every_indicator_is_the_same_on_postgresql(workspaces, on_duckdb, server, tmp_path):
    for n, (ws, expected) in enumerate(zip(workspaces, on_duckdb, strict=True)):
        moved = moved_to_postgres(ws, fresh_schema(server), tmp_path / f"ws{n}")
        assert not moved.warehouse_path.exists()  # nothing read from a file
        for (year, publish), figures in expected.items():
            same(compute(moved, year, publish=publish), figures)  # the PostgreSQL executor
            same(compute(moved, year, publish=publish, plain=True), figures)


def test_status_and_the_report_on_postgresql(workspaces, server, tmp_path):
    ws = workspaces[0]  # the example extracts: every kind, budget lines in their file's order
    moved = moved_to_postgres(ws, fresh_schema(server), tmp_path / "ws")
    here, there = status(ws), status(moved)
    assert here.pop("workspace") != there.pop("workspace")
    assert here == there and here["kinds"]["budget"]["rows"] > 0
    lines = budget_lines(ws, 2013)
    assert lines and budget_lines(moved, 2013) == lines
    done = run_cli(
        "report", "-w", str(moved.path), "--year", "2013", "--format", "html", "-o", str(tmp_path / "r")
    )
    assert done.returncode == 0, done.stderr
    html = next((tmp_path / "r").glob("*.html")).read_text("utf-8")
    assert lines[0][3] in html


def test_business_case_follow_up_and_prices_on_postgresql(workspaces, server, tmp_path):
    (tmp_path / "case.toml").write_text(CASE, encoding="utf-8")
    for n, ws in enumerate(workspaces):
        moved = moved_to_postgres(ws, fresh_schema(server), tmp_path / f"ws{n}")
        case = load_case(tmp_path / "case.toml")
        here = to_dict(follow_up(ws, case, dt.date(2013, 12, 31)))
        there = to_dict(follow_up(moved, case, dt.date(2013, 12, 31)))
        spent = [(h.pop("spending"), h.pop("expected_spending")) for h in here["half_years"]]
        for h, (spending, expected) in zip(
            there["half_years"], spent, strict=True
        ):  # summed in another order
            assert h.pop("spending") == pytest.approx(spending, rel=1e-12)
            assert h.pop("expected_spending") == pytest.approx(expected, rel=1e-12)
        assert there == here
        assert any(h["children_placed"] for h in here["half_years"])
        for reference in (
            "warehouse:placements.foster_family.annual_cost",
            "warehouse:measures.family_treatment.annual_cost",
        ):
            try:
                price = warehouse_prices(ws)(reference)
            except CaseError as exc:
                price = str(exc)
            try:
                assert warehouse_prices(moved)(reference) == price
            except CaseError as exc:
                assert str(exc) == price


def test_a_schema_made_by_another_program_is_refused(server):
    url = fresh_schema(server)
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("CREATE TABLE notifications (id INTEGER)")
        with pytest.raises(WorkspaceError, match="ikke et Børnetal-lager"):
            postgres.create(con)
        assert postgres.tables(con) == {"notifications": {"id"}}  # left as it was


def test_the_indicators_command_on_postgresql(workspaces, server, tmp_path):
    moved = moved_to_postgres(workspaces[1], fresh_schema(server), tmp_path / "ws")
    out = tmp_path / "figures.json"
    done = run_cli("indicators", "-w", str(moved.path), "--year", "2013", "--format", "json", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert '"notifications.total"' in out.read_text("utf-8")


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql://nobody@127.0.0.1:1/none", "kan ikke nås"),
        ("postgresql://boernetal:hemmelig@127.0.0.1/db", "adgangskode"),
        ("mysql://x@127.0.0.1/db", "ikke er en PostgreSQL-adresse"),
    ],
)
def test_a_wrong_url_is_a_plain_error(ws, url, says):
    config = ws.path / "boernetal.toml"
    config.write_text(config.read_text("utf-8") + f'\n[warehouse]\nurl = "{url}"\n', encoding="utf-8")
    done = run_cli("indicators", "-w", str(ws.path), "--year", "2013")
    assert done.returncode != 0
    assert says in done.stderr + done.stdout
    assert "Traceback" not in done.stderr and "hemmelig" not in done.stderr + done.stdout


def test_a_database_that_does_not_exist_is_named(ws, server):
    url = server.rsplit("/", 1)[0] + "/findes_ikke"
    config = ws.path / "boernetal.toml"
    config.write_text(config.read_text("utf-8") + f'\n[warehouse]\nurl = "{url}"\n', encoding="utf-8")
    done = run_cli("indicators", "-w", str(ws.path), "--year", "2013")
    assert done.returncode != 0 and "findes_ikke" in done.stderr and "findes ikke" in done.stderr


# Spark ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spark_ready() -> None:
    if shutil.which("java") is None:
        unavailable("Spark kræver Java 17 (Debian: openjdk-17-jre-headless), som ikke er installeret")
    os.environ.setdefault("BOERNETAL_SPARK_MASTER", "local[2]")


def test_every_indicator_is_the_same_on_spark(workspaces, on_duckdb, spark_ready, tmp_path):
    """Spark spends about a second on any query, however small: the year of the report, internal
    for both workspaces and published for one, are what is compared here."""
    for n, (ws, expected) in enumerate(zip(workspaces, on_duckdb, strict=True)):
        folder = tmp_path / f"export{n}"
        done = run_cli("export", "parquet", str(folder), "-w", str(ws.path))
        assert done.returncode == 0, done.stderr
        assert (folder / "notifications").is_dir() and any((folder / "notifications").glob("year=*"))
        with spark_executor(folder) as (executor, config):
            for publish in (False, True) if n else (False,):
                same(compute_with(executor, config, 2013, publish=publish), expected[2013, publish])


def test_the_export_holds_pseudonyms_only(workspaces, tmp_path):
    folder = tmp_path / "export"
    with workspaces[1].warehouse(read_only=True) as wh:
        parquet.export(ibis.duckdb.from_connection(wh.con), "", folder)
    con = ibis.duckdb.connect()
    for table in parquet.TABLES:
        rows = con.read_parquet(f"{folder / table}/**/*.parquet", hive_partitioning=False)
        assert "cpr" not in rows.columns and "record" not in rows.columns
    text = b"".join(p.read_bytes() for p in folder.rglob("*.parquet"))
    for row in NOTIFICATIONS:
        if row.get("cpr"):
            assert row["cpr"].encode() not in text and row["cpr"].replace("-", "").encode() not in text


def test_an_export_never_overwrites_and_a_folder_that_is_no_export_is_named(workspaces, tmp_path):
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "mine.txt").write_text("x")
    done = run_cli("export", "parquet", str(folder), "-w", str(workspaces[1].path))
    assert done.returncode != 0 and "findes allerede" in done.stderr
    assert [p.name for p in folder.iterdir()] == ["mine.txt"]
    done = run_cli("indicators", "--backend", "spark", "--data", str(folder), "--year", "2013")
    assert done.returncode != 0 and "ikke en Børnetal-eksport" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_indicators_command_on_spark(workspaces, spark_ready, tmp_path):
    folder = tmp_path / "export"
    assert run_cli("export", "parquet", str(folder), "-w", str(workspaces[1].path)).returncode == 0
    out = tmp_path / "figures.csv"
    done = run_cli(
        "indicators", "--backend", "spark", "--data", str(folder), "--year", "2013", "-o", str(out),
        "--format", "csv", timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    expected = tmp_path / "expected.csv"
    done = run_cli(
        "indicators", "-w", str(workspaces[1].path), "--year", "2013", "-o", str(expected), "--format", "csv"
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text("utf-8-sig") == expected.read_text("utf-8-sig")
