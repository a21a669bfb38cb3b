"""Privacy and safety under attack (issue: privacy hardening): a CPR number in an id column, a
wrong or tampered key, the files a workspace makes. Each tried through the real command line."""

from __future__ import annotations

import os
import stat
import threading

import duckdb
import pytest

from boernetal.warehouse.keyprint import KEY as FINGERPRINT

from helpers import SAMPLES, run_cli, snapshot, write_csv

#: synthetic CPR numbers (1 January 2010, 5 May 2011)
BARE, DASHED = "0101104002", "050511-4013"


@pytest.fixture
def ws(tmp_path):
    folder = tmp_path / "ws"
    done = run_cli("init", str(folder), "-m", "183", "-m", "187")
    assert done.returncode == 0, done.stderr
    return folder


@pytest.mark.parametrize(
    ("kind", "column", "value"),
    [
        ("notifications", "notification_id", BARE),
        ("notifications", "notification_id", DASHED),
        ("investigations", "investigation_id", f"U-{BARE}"),
        ("cases", "adviser_id", DASHED),
        ("cases", "case_id", BARE),
    ],
)
def test_a_cpr_number_in_an_id_column_is_refused_and_never_stored(ws, tmp_path, kind, column, value):
    before = snapshot(ws / "warehouse.duckdb")
    path = write_csv(tmp_path / f"{kind}.csv", [dict(SAMPLES[kind][0], **{column: value})])
    done = run_cli("ingest", "-w", str(ws), kind, str(path))
    assert done.returncode == 1, done.stdout
    printed = done.stdout + done.stderr
    assert "CPR-nummer" in printed and column in printed
    digits = value.replace("-", "").removeprefix("U")
    assert digits not in printed.replace("-", "") and value not in printed
    assert snapshot(ws / "warehouse.duckdb") == before
    for error_file in (ws / "errors").glob("*.csv"):
        assert digits not in error_file.read_text("utf-8-sig").replace("-", "")


def test_an_id_without_a_date_in_it_is_still_an_id(ws, tmp_path):
    rows = [dict(SAMPLES["notifications"][0], notification_id=i) for i in ("4401104002", "N-0101")]
    rows[1]["cpr"] = "010105-4002"
    done = run_cli("ingest", "-w", str(ws), "notifications", str(write_csv(tmp_path / "n.csv", rows)))
    assert done.returncode == 0, done.stdout + done.stderr


def test_init_keeps_the_keys_fingerprint_and_the_warehouse_is_the_owners_only(ws):
    assert stat.S_IMODE((ws / "warehouse.duckdb").stat().st_mode) == 0o600
    assert stat.S_IMODE((ws / "secret.key").stat().st_mode) == 0o600
    con = duckdb.connect(str(ws / "warehouse.duckdb"), read_only=True)
    try:
        (fingerprint,) = con.execute("SELECT value FROM meta WHERE key = ?", [FINGERPRINT]).fetchall()[0]
    finally:
        con.close()
    assert len(fingerprint) == 32 and ws.joinpath("secret.key").read_bytes().hex()[:32] != fingerprint


def test_an_import_with_another_key_is_refused_and_changes_nothing(ws, tmp_path):
    path = write_csv(tmp_path / "n.csv", SAMPLES["notifications"])
    assert run_cli("ingest", "-w", str(ws), "notifications", str(path)).returncode == 0
    before = snapshot(ws / "warehouse.duckdb")
    key = ws / "secret.key"
    key.chmod(0o600)
    key.write_bytes(os.urandom(32))  # lost and replaced by a new one
    done = run_cli("ingest", "-w", str(ws), "notifications", str(path))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "ikke den nøgle" in done.stderr and "sikkerhedskopi" in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(ws / "warehouse.duckdb") == before


@pytest.mark.parametrize("replacement", ["folder", "fifo", "short", "long"])
def test_a_key_that_is_not_a_32_byte_file_is_refused_without_reading_it(ws, tmp_path, replacement):
    key = ws / "secret.key"
    key.unlink()
    if replacement == "folder":
        key.mkdir()
    elif replacement == "fifo":
        os.mkfifo(key)
    else:
        key.write_bytes(os.urandom(31 if replacement == "short" else 64))
    path = write_csv(tmp_path / "n.csv", SAMPLES["notifications"])
    if replacement == "fifo":  # a reader would wait for a writer forever: open one, in case
        threading.Thread(target=lambda: open(key, "wb").close(), daemon=True).start()
    done = run_cli("ingest", "-w", str(ws), "notifications", str(path), timeout=60)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Nøglefilen" in done.stderr and "beskadiget" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--year", "0", "--year 0"),
        ("--year", "-1", "--year -1"),
        ("--year", "99999", "--year 99999"),
        ("--min-cell", "1000000000000000000000", "--min-cell"),
    ],
)
def test_absurd_years_and_cell_sizes_are_plain_errors(tmp_path, option, value, said):
    from helpers import example_workspace

    ws = example_workspace(tmp_path / "ex")
    args = ["--year", "2013", option, value] if option != "--year" else [option, value]
    for command in (
        ["indicators", "--format", "json", "-o", str(tmp_path / "f.json")],
        ["report", "-o", str(tmp_path / "r")],
    ):
        done = run_cli(*command, "-w", str(ws), *args)
        assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
        assert said in done.stderr or "min-cell" in done.stderr, done.stderr
        assert not (tmp_path / "f.json").exists() and not (tmp_path / "r").exists()


@pytest.mark.parametrize("own", ["secret.key", "warehouse.duckdb", "boernetal.toml"])
def test_no_output_is_written_over_a_workspace_s_own_files(tmp_path, own):
    from helpers import example_workspace

    ws = example_workspace(tmp_path / "ex")
    before = (ws / own).read_bytes()
    for fmt in ("json", "xlsx"):
        done = run_cli("indicators", "-w", str(ws), "--year", "2013", "--format", fmt, "-o", str(ws / own))
        assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
        assert "overskrives aldrig" in done.stderr
    assert (ws / own).read_bytes() == before
    assert not list(ws.glob(".*.part"))


def test_a_new_workspace_may_take_the_key_of_an_old_one_before_its_first_import(ws, tmp_path):
    """Re-creating a workspace from the backup: init, then the old secret.key put back."""
    (ws / "secret.key").write_bytes(os.urandom(32))
    path = write_csv(tmp_path / "n.csv", SAMPLES["notifications"])
    done = run_cli("ingest", "-w", str(ws), "notifications", str(path))
    assert done.returncode == 0, done.stdout + done.stderr


def test_an_import_that_succeeded_is_reported_as_a_success_whatever_it_warns_about(ws, tmp_path):
    """25 unknown columns: 25 kinds of warning, more than the summary's examples."""
    rows = [dict(r, **{f"ekstra{i}": "x" for i in range(25)}) for r in SAMPLES["notifications"]]
    done = run_cli("ingest", "-w", str(ws), "notifications", str(write_csv(tmp_path / "n.csv", rows)))
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert all(f"ekstra{i}" in done.stdout + done.stderr for i in range(25))
