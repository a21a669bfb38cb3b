"""Privacy and safety under attack (issue: privacy hardening): a CPR number in an id column, a
wrong or tampered key, the files a workspace makes. Each tried through the real command line."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
import threading

import duckdb
import openpyxl
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


def _printed_and_written(done, ws) -> str:
    """Everything a command put in front of a person: its output and the error files."""
    files = [p.read_text("utf-8-sig") for p in (ws / "errors").glob("*.csv")]
    return done.stdout + done.stderr + "".join(files)


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_file_without_a_header_is_refused_without_showing_its_first_row(ws, tmp_path, form):
    rows = [[DASHED, "2013-01-05", "183", "school", "letter"], [BARE, "2013-02-01", "187", "police", "phone"]]
    path = tmp_path / f"notifications.{form}"
    if form == "csv":
        path.write_text("\n".join(";".join(r) for r in rows) + "\n", "utf-8")
    else:
        book = openpyxl.Workbook()
        for r in rows:
            book.active.append(r)
        book.save(path)
    before = snapshot(ws / "warehouse.duckdb")
    done = run_cli("ingest", "-w", str(ws), "notifications", str(path))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    shown = _printed_and_written(done, ws)
    assert "overskriftsrække" in shown
    assert not {DASHED[:6], BARE[:6], "2013-01-05", "school"} & set(shown.replace(";", " ").split()), shown
    assert DASHED[:6] not in shown and BARE[:6] not in shown
    assert snapshot(ws / "warehouse.duckdb") == before


def test_a_cpr_number_in_a_header_is_shown_masked(ws, tmp_path):
    row = dict(SAMPLES["notifications"][0], **{DASHED: "x", f"id {BARE}": "y"})
    done = run_cli("ingest", "-w", str(ws), "notifications", str(write_csv(tmp_path / "n.csv", [row])))
    assert done.returncode == 0, done.stderr
    shown = _printed_and_written(done, ws) + done.stdout
    assert "050511-xxxx" in done.stdout + done.stderr
    assert DASHED not in shown and BARE not in shown and "4013" not in shown.replace("2013", "")


def test_a_link_out_of_an_ingested_folder_is_not_followed(ws, tmp_path):
    secret = tmp_path / "elsewhere" / "private.csv"
    secret.parent.mkdir()
    secret.write_text("HEMMELIG;OPLYSNING\nfortroligt;indhold\n", "utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    write_csv(folder / "notifications.csv", SAMPLES["notifications"])
    (folder / "investigations.csv").symlink_to(secret)
    done = run_cli("ingest", "-w", str(ws), str(folder))
    assert done.returncode == 0, done.stderr
    shown = done.stdout + done.stderr
    assert "investigations.csv er ikke læst" in shown and "genvej" in shown
    assert "HEMMELIG" not in shown and "fortroligt" not in shown
    (folder / "notifications.csv").unlink()
    done = run_cli("ingest", "-w", str(ws), str(folder))
    assert done.returncode != 0 and "uden for mappen" in done.stderr and "HEMMELIG" not in done.stderr


HEADER = "notification_id;received;municipality;source;channel"


@pytest.mark.parametrize(
    "content",
    [
        "x" * 1_000_000,  # one line, no line break at all
        ";".join(f"kolonne{i}" for i in range(120_000)),  # a header that never ends
        HEADER + "\n" + "N1;2013-01-05;183;" + "y" * 1_000_000 + "\n",  # one field of a megabyte
        HEADER + "\n" + "N1;2013-01-05;183;school;" + "y" * 1_000_000 + ";z\n",  # and a field too many
    ],
    ids=["no-line-break", "endless-header", "megabyte-field", "megabyte-field-ragged"],
)
def test_a_line_of_a_megabyte_is_a_message(ws, tmp_path, content):
    before = snapshot(ws / "warehouse.duckdb")
    path = tmp_path / "notifications.csv"
    path.write_text(content, "utf-8")
    done = run_cli("ingest", "-w", str(ws), "notifications", str(path))
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-2000:]
    shown = _printed_and_written(done, ws)
    assert len(shown) < 20_000  # the value is not printed whole
    assert snapshot(ws / "warehouse.duckdb") == before


def test_a_stray_byte_in_utf_8_is_named_not_read_as_windows_1252(ws, tmp_path):
    text = HEADER + ";team\nN1;2013-01-05;183;school;letter;Børneteam\n"
    data = text.encode("utf-8") + b"N2;2013-01-06;183;school;letter;B\xf8rneteam\n"
    path = tmp_path / "notifications.csv"
    path.write_bytes(data)
    before = snapshot(ws / "warehouse.duckdb")
    done = run_cli("ingest", "-w", str(ws), "notifications", str(path))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "linje 3, tegn 34" in done.stderr and "0xF8" in done.stderr, done.stderr
    assert "BÃ¸rneteam" not in done.stdout + done.stderr
    assert snapshot(ws / "warehouse.duckdb") == before


def _file_size_limit(size: int):
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def test_a_disk_that_fills_during_an_import_leaves_the_warehouse_as_it_was(ws, tmp_path):
    """The warehouse may not grow beyond its size plus a little (Python ignores SIGXFSZ, so the
    write fails as it would on a full disk)."""
    rows = [dict(SAMPLES["notifications"][0], notification_id=f"N{i}") for i in range(60_000)]
    path = write_csv(tmp_path / "notifications.csv", rows)
    warehouse = ws / "warehouse.duckdb"
    before = snapshot(warehouse)
    done = subprocess.run(
        [sys.executable, "-m", "boernetal", "ingest", "-w", str(ws), "notifications", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
        preexec_fn=_file_size_limit(warehouse.stat().st_size + 300_000),
        timeout=120,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Disken er fuld" in done.stderr and "lageret er uændret" in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(warehouse) == before
    again = run_cli("ingest", "-w", str(ws), "notifications", str(path))
    assert again.returncode == 0, again.stderr  # with room, the same import works


def test_a_key_that_others_can_read_is_warned_about(ws, tmp_path):
    path = write_csv(tmp_path / "n.csv", SAMPLES["notifications"])
    (ws / "secret.key").chmod(0o644)
    done = run_cli("ingest", "-w", str(ws), "notifications", str(path))
    assert done.returncode == 0 and "kan læses af andre" in done.stderr and "chmod 600" in done.stderr
    (ws / "secret.key").chmod(0o600)
    done = run_cli("ingest", "-w", str(ws), "notifications", str(path))
    assert done.returncode == 0 and "kan læses af andre" not in done.stderr
