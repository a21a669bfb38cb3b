"""The command line as a user meets it: exit codes, plain Danish errors, never a traceback."""

from __future__ import annotations

import json

import duckdb

from helpers import SAMPLES, run_cli, write_csv


def no_traceback(result):
    return "Traceback" not in result.stdout + result.stderr


def test_init_ingest_status(tmp_path):
    ws = tmp_path / "ws"
    created = run_cli("init", str(ws), "--organisation", "Familiecentret", "-m", "Ishøj", "-m", "187")
    assert created.returncode == 0 and "secret.key" in created.stdout
    assert (ws / "secret.key").stat().st_mode & 0o777 == 0o600
    folder = tmp_path / "udtraek"
    folder.mkdir()
    for kind in ("notifications", "placements", "population"):
        write_csv(folder / f"{kind}.csv", SAMPLES[kind])
    loaded = run_cli("ingest", "-w", str(ws), str(folder))
    assert loaded.returncode == 0, loaded.stderr
    assert "notifications.csv (notifications): 3 rækker læst – 3 nye" in loaded.stdout
    info = json.loads(run_cli("status", "-w", str(ws), "--json").stdout)
    assert info["municipalities"] == ["183", "187"]
    assert info["kinds"]["placements"]["rows"] == 2
    text = run_cli("status", "-w", str(ws))
    assert text.returncode == 0 and "notifications (underretninger)" in text.stdout


def test_workspace_from_environment_variable(tmp_path):
    ws = tmp_path / "ws"
    run_cli("init", str(ws))
    result = run_cli("status", env={"BOERNETAL_WORKSPACE": str(ws)}, cwd=tmp_path)
    assert result.returncode == 0 and "Lagerets indhold" in result.stdout


def test_outside_a_workspace(tmp_path):
    result = run_cli("status", cwd=tmp_path)
    assert result.returncode == 2 and no_traceback(result)
    assert "ikke et Børnetal-arbejdsområde" in result.stderr and "boernetal init" in result.stderr


def test_init_refuses_an_existing_workspace(tmp_path):
    ws = tmp_path / "ws"
    assert run_cli("init", str(ws)).returncode == 0
    key = (ws / "secret.key").read_bytes()
    again = run_cli("init", str(ws))
    assert again.returncode == 2 and "allerede" in again.stderr and no_traceback(again)
    assert (ws / "secret.key").read_bytes() == key


def test_bad_file_exit_code_and_message(tmp_path):
    ws = tmp_path / "ws"
    run_cli("init", str(ws), "-m", "183", "-m", "187")
    bad = write_csv(tmp_path / "n.csv", [dict(SAMPLES["notifications"][0], received="31.02.2013")])
    result = run_cli("ingest", "-w", str(ws), "notifications", str(bad))
    assert result.returncode == 1 and no_traceback(result)
    assert "række 2, kolonne received: '31.02.2013' i received er ikke en gyldig dato" in result.stderr
    assert "Intet er indlæst; lageret er uændret." in result.stderr
    assert "errors/" in result.stderr


def test_user_mistakes_get_plain_errors(tmp_path):
    ws = tmp_path / "ws"
    run_cli("init", str(ws))
    cases = [
        (("ingest", "-w", str(ws), "anbringelser", "x.csv"), "hverken en type af data eller en mappe"),
        (("ingest", "-w", str(ws), "notifications"), "Angiv mindst én fil"),
        (("ingest", "-w", str(ws), str(tmp_path)), "ingen filer at indlæse"),
    ]
    for args, text in cases:
        result = run_cli(*args, cwd=tmp_path)
        assert result.returncode == 2 and text in result.stderr and no_traceback(result), result.stderr
    missing = run_cli("ingest", "-w", str(ws), "notifications", str(tmp_path / "findes-ikke.csv"))
    assert missing.returncode == 1 and "Filen findes ikke" in missing.stderr and no_traceback(missing)


def test_locked_warehouse(tmp_path):
    ws = tmp_path / "ws"
    run_cli("init", str(ws))
    path = write_csv(tmp_path / "n.csv", SAMPLES["notifications"])
    holder = duckdb.connect(str(ws / "warehouse.duckdb"))
    try:
        result = run_cli("ingest", "-w", str(ws), "notifications", str(path))
        status = run_cli("status", "-w", str(ws))
    finally:
        holder.close()
    assert result.returncode == 2 and "i brug af et andet program" in result.stderr and no_traceback(result)
    assert status.returncode == 2 and no_traceback(status)


def test_broken_configuration_names_the_key(tmp_path):
    ws = tmp_path / "ws"
    run_cli("init", str(ws))
    config = ws / "boernetal.toml"
    for old, new, text in [
        ("min_cell = 3", "min_cell = 2", "min_cell er 2"),
        ("municipalities = []", 'municipalities = ["Atlantis"]', "'Atlantis', som ikke er en dansk kommune"),
        ('# "Skolen" = "school"', '"Skolen" = "skole"', "'skole' er ikke en kode i source"),
        ("min_cell = 3", "min_cell = ", "boernetal.toml kan ikke læses"),
    ]:
        original = config.read_text()
        config.write_text(original.replace(old, new, 1))
        result = run_cli("status", "-w", str(ws))
        assert result.returncode == 2 and text in result.stderr and no_traceback(result), result.stderr
        config.write_text(original)


def test_missing_key_is_explained(tmp_path):
    ws = tmp_path / "ws"
    run_cli("init", str(ws))
    (ws / "secret.key").unlink()
    path = write_csv(tmp_path / "n.csv", SAMPLES["notifications"])
    result = run_cli("ingest", "-w", str(ws), "notifications", str(path))
    assert result.returncode == 2 and "secret.key" in result.stderr and "sikkerhedskopi" in result.stderr


def test_no_duckdb_progress_bar_in_interactive_python(ws):
    """In interactive Python (a notebook, ``python -c``) DuckDB turns its own progress bar on; the
    warehouse and the staging database turn it off, as Børnetal shows its own progress."""
    import subprocess
    import sys

    script = (
        "import duckdb, pathlib\n"
        "from boernetal.warehouse import Warehouse\n"
        "from boernetal.ingest.stage import _staging_connection\n"
        "setting = \"SELECT current_setting('enable_progress_bar')\"\n"
        "print(duckdb.connect().sql(setting).fetchall()[0][0])\n"
        f"with Warehouse(pathlib.Path({str(ws.warehouse_path)!r}), read_only=True) as wh:\n"
        "    print(wh.con.sql(setting).fetchall()[0][0])\n"
        "print(_staging_connection().sql(setting).fetchall()[0][0])\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["True", "False", "False"]  # on by default here, off in Børnetal's
