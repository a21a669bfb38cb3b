"""A killed or interrupted ingest leaves the warehouse exactly as it was, and usable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from boernetal.demo.synthetic import notifications

from helpers import SAMPLES, run_cli, snapshot, write_csv

ROWS = 400_000


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    return notifications(tmp_path_factory.mktemp("big") / "notifications.csv", ROWS, 150_000)


def prepared_workspace(folder):
    """A workspace with a few notifications, as the tests below interrupt an ingest into."""
    ws = folder / "ws"
    assert run_cli("init", str(ws), "-m", "183", "-m", "187").returncode == 0
    sample = write_csv(folder / "sample.csv", SAMPLES["notifications"])
    assert run_cli("ingest", "-w", str(ws), "notifications", str(sample)).returncode == 0
    return ws


@pytest.fixture
def workspace(tmp_path):
    return prepared_workspace(tmp_path)


def start_ingest(ws, path):
    """The ingest as started from a terminal. Ctrl-C is set back to its default in the child: a
    test run started in the background (``pytest &``) ignores it, and a child would inherit that."""
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "boernetal", "ingest", "-w", str(ws), "notifications", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


@pytest.fixture(scope="module")
def ingest_seconds(tmp_path_factory, big_file):
    """How long a whole ingest of the big file into a workspace like the tests' takes here: the
    faster of two, as the first can be slowed by a cold disk cache, and a signal meant to land
    mid-ingest must not land after it (when it can no longer interrupt anything)."""
    seconds = []
    for _ in range(2):
        ws = prepared_workspace(tmp_path_factory.mktemp("timing"))
        started = time.monotonic()
        proc = start_ingest(ws, big_file)
        proc.communicate(timeout=300)
        assert proc.returncode == 0
        seconds.append(time.monotonic() - started)
    return min(seconds)


def complete_import_of_big_file(before, after):
    """True when ``after`` is ``before`` plus the whole big file in one import."""
    notifications = len(after["notifications"]) == len(before["notifications"]) + ROWS
    one_import = len(after["import_log"]) == len(before["import_log"]) + 1
    return notifications and one_import and set(before["notifications"]) <= set(after["notifications"])


def test_sigkill_leaves_the_warehouse_as_before_or_complete(workspace, big_file, ingest_seconds):
    """Killed at any moment, an ingest is all or nothing, and the warehouse opens fine."""
    warehouse = workspace / "warehouse.duckdb"
    before = snapshot(warehouse)
    interrupted = 0
    for fraction in (0.2, 0.4, 0.55, 0.7, 0.85, 0.95):
        proc = start_ingest(workspace, big_file)
        time.sleep(ingest_seconds * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = snapshot(warehouse)
        if after == before:
            interrupted += 1
            continue
        assert complete_import_of_big_file(before, after), (
            f"partly loaded by an ingest killed at {fraction:.0%}"
        )
        break  # committed before the kill: later kills would only repeat an unchanged import
    assert interrupted >= 2, "no kill landed before the commit; the file is too small for this machine"
    # The same file then imports cleanly.
    done = run_cli("ingest", "-w", str(workspace), "notifications", str(big_file), timeout=300)
    assert done.returncode == 0, done.stderr
    status = run_cli("status", "-w", str(workspace), "--json")
    import json

    assert json.loads(status.stdout)["kinds"]["notifications"]["rows"] == ROWS + len(SAMPLES["notifications"])


def test_ctrl_c_stops_cleanly(tmp_path, big_file, ingest_seconds):
    # halfway through; a little sooner, in a new workspace, if this ingest ran faster than the
    # timed ones (the other tests' load on the machine comes and goes); not so soon that the
    # signal lands before Python has started
    for attempt, fraction in enumerate((0.5, 0.4, 0.3)):
        (tmp_path / str(attempt)).mkdir()
        workspace = prepared_workspace(tmp_path / str(attempt))
        warehouse = workspace / "warehouse.duckdb"
        before = snapshot(warehouse)
        proc = start_ingest(workspace, big_file)
        time.sleep(ingest_seconds * fraction)
        if proc.poll() is None:
            break
        proc.communicate()
    else:
        pytest.fail("the ingest finished before it could be interrupted, even at 30 % of its time")
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "afbrudt" in err.lower() and "Traceback" not in err
    assert snapshot(warehouse) == before
