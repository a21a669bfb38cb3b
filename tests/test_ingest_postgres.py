"""Ingest into a warehouse on a PostgreSQL server (``init --warehouse-url``): the same all-or-nothing
import as into the DuckDB file, re-imports that change nothing, no CPR number on the server, and
an import killed at any moment leaves the server's warehouse as it was (or complete).

Needs ``BOERNETAL_TEST_POSTGRES`` (see test_backends); skipped without it, failed in CI.
"""

from __future__ import annotations

import csv
import json
import signal
import time

import psycopg
import pytest

from boernetal import Workspace
from boernetal.demo.synthetic import notifications
from boernetal.engine import compute
from test_backends import fresh_schema, server  # noqa: F401 — the server fixture
from test_crash_and_interrupt import start_ingest

from helpers import EXAMPLES, SAMPLES, run_cli, write_csv

ROWS = 30_000


def snapshot(url: str) -> dict[str, list[str]]:
    """Every table's rows on the server, sorted: equal snapshots mean an unchanged warehouse."""
    with psycopg.connect(url) as con:
        tables = [
            r[0] for r in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        ]
        return {t: sorted(map(repr, con.execute(f'SELECT * FROM "{t}"').fetchall())) for t in sorted(tables)}


@pytest.fixture
def on_server(server, tmp_path):  # noqa: F811
    url = fresh_schema(server)
    folder = tmp_path / "ws"
    done = run_cli("init", str(folder), "-m", "183", "-m", "187", "--warehouse-url", url)
    assert done.returncode == 0, done.stderr
    assert not (folder / "warehouse.duckdb").exists()
    return Workspace.open(folder), url


def test_an_import_on_the_server_gives_the_figures_of_the_file(on_server, tmp_path):
    ws, url = on_server
    assert run_cli("ingest", str(EXAMPLES), "-w", str(ws.path)).returncode == 0
    local = tmp_path / "local"
    assert run_cli("init", str(local), "-m", "183", "-m", "187").returncode == 0
    (local / "secret.key").write_bytes(ws.key())  # the same key: the same pseudonyms
    assert run_cli("ingest", str(EXAMPLES), "-w", str(local)).returncode == 0
    here, there = compute(Workspace.open(local), 2013), compute(ws, 2013)
    assert list(here.results) == list(there.results)
    for id in here.results:
        assert here.results[id].equals(there.results[id]), id
    before = snapshot(url)
    again = run_cli("ingest", str(EXAMPLES), "-w", str(ws.path))
    assert again.returncode == 0 and " 0 nye, 0 opdaterede" in again.stdout
    after = snapshot(url)
    assert {t: rows for t, rows in after.items() if t != "import_log"} == {
        t: rows for t, rows in before.items() if t != "import_log"
    }


def test_a_file_with_an_error_loads_nothing(on_server, tmp_path):
    ws, url = on_server
    good = write_csv(tmp_path / "notifications.csv", SAMPLES["notifications"])
    bad = [dict(SAMPLES["investigations"][0], decided="31-02-2013")]
    write_csv(tmp_path / "investigations.csv", bad)
    before = snapshot(url)
    done = run_cli("ingest", str(tmp_path), "-w", str(ws.path))
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert snapshot(url) == before
    assert good.exists()


def test_no_cpr_number_reaches_the_server(on_server):
    ws, url = on_server
    assert run_cli("ingest", str(EXAMPLES), "-w", str(ws.path)).returncode == 0
    numbers = set()
    for path in EXAMPLES.glob("*.csv"):
        with path.open(encoding="utf-8-sig") as fh:
            for row in csv.DictReader(fh, delimiter=";"):
                for column, value in row.items():
                    if column and "cpr" in column.lower() and value:
                        numbers |= {value, value.replace("-", "")}
    assert numbers
    text = json.dumps(snapshot(url), ensure_ascii=False)
    assert not [n for n in numbers if n in text]


def test_a_killed_import_leaves_the_server_as_before_or_complete(on_server, tmp_path):
    ws, url = on_server
    sample = write_csv(tmp_path / "sample.csv", SAMPLES["notifications"])
    assert run_cli("ingest", "-w", str(ws.path), "notifications", str(sample)).returncode == 0
    big = notifications(tmp_path / "notifications.csv", ROWS, 20_000)
    before = snapshot(url)
    started = time.monotonic()
    proc = start_ingest(ws.path, big)
    proc.communicate(timeout=600)
    seconds = time.monotonic() - started
    complete = snapshot(url)
    assert len(complete["notifications"]) == len(before["notifications"]) + ROWS
    with psycopg.connect(url, autocommit=True) as con:  # back to before, for the kills
        con.execute("DELETE FROM notifications WHERE import_id = (SELECT max(import_id) FROM import_log)")
        con.execute("DELETE FROM import_log WHERE import_id = (SELECT max(import_id) FROM import_log)")
    assert snapshot(url) == before
    interrupted = 0
    for fraction in (0.3, 0.6, 0.9):
        proc = start_ingest(ws.path, big)
        time.sleep(seconds * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = snapshot(url)
        if after == before:
            interrupted += 1
            continue
        assert len(after["notifications"]) == len(before["notifications"]) + ROWS, (
            f"partly loaded at {fraction}"
        )
        break
    assert interrupted >= 1, "no kill landed before the commit"


def test_init_on_a_server_that_cannot_be_used_writes_nothing(server, tmp_path):  # noqa: F811
    taken = fresh_schema(server)
    with psycopg.connect(taken, autocommit=True) as con:
        con.execute("CREATE TABLE placements (x INTEGER)")  # made by another program
    for url, says in (
        ("postgresql://nobody@127.0.0.1:1/boernetal", "kan ikke nås"),
        (taken, "ikke et Børnetal-lager"),
    ):
        done = run_cli("init", str(tmp_path / "ws"), "--warehouse-url", url)
        assert done.returncode == 2 and says in done.stderr and "Traceback" not in done.stderr
        assert not (tmp_path / "ws").exists()


def test_a_server_warehouse_of_an_earlier_version_gets_the_new_kinds_tables(on_server, tmp_path):
    from boernetal import ingest_files

    ws, url = on_server
    rows = SAMPLES["notifications"]
    assert ingest_files(ws, "notifications", [write_csv(tmp_path / "n.csv", rows)]).loaded
    with psycopg.connect(url) as con:
        con.execute("DROP TABLE births")
    figures = compute(ws, 2013)
    assert figures.results["births.total"].empty
    with psycopg.connect(url) as con:
        assert con.execute("SELECT count(*) FROM births").fetchone() == (0,)
