"""No CPR number in the warehouse, the error files, the quarantine or anything the CLI prints.

Known CPR numbers (some failing the modulus-11 check, with and without dash, as mother_cpr, in a
free-text field, with an impossible date) go in through the real command line; then every byte
and every text value that Børnetal wrote or printed is searched for them.
"""

from __future__ import annotations

import datetime as dt
import re

import duckdb

from helpers import SAMPLES, fake_cpr, run_cli, write_csv, write_xlsx

D = dt.date
# Synthetic numbers; 010105-4002 and 150708-4013 fail the modulus-11 check and must still load.
KNOWN = ["010105-4002", "150708-4013", "290204-4126", "311299-1235", "020280-1002"]
IMPOSSIBLE = "300213-4234"  # 30 February
IN_TEXT = "121212-4444"


def forms(cpr: str) -> list[str]:
    digits = cpr.replace("-", "")
    return [cpr, digits]


def test_no_cpr_number_anywhere(tmp_path):
    ws = tmp_path / "ws"
    assert run_cli("init", str(ws), "-m", "183", "-m", "187").returncode == 0
    inputs = tmp_path / "in"
    inputs.mkdir()
    base = SAMPLES["notifications"][0]
    rows = [
        dict(base, notification_id="N1", cpr=KNOWN[0]),
        dict(base, notification_id="N2", cpr=KNOWN[1].replace("-", "")),
        dict(
            base,
            notification_id="N3",
            cpr=KNOWN[2],
            received=dt.datetime(2013, 5, 1, 8, 0),
            first_action_at=dt.datetime(2013, 5, 1, 9, 0),
        ),
        dict(base, notification_id="N4", cpr=None, unborn=True, mother_cpr=KNOWN[4]),
    ]
    bad = [
        dict(base, notification_id="N5", cpr=IMPOSSIBLE),
        dict(base, notification_id="N6", cpr=KNOWN[3], team=f"Ring til mor, sag {IN_TEXT}"),
        dict(base, notification_id="N7", cpr=KNOWN[3], received="i går"),
    ]
    write_csv(inputs / "notifications.csv", rows)
    write_xlsx(inputs / "placements.xlsx", [dict(SAMPLES["placements"][0], cpr=KNOWN[3].replace("-", ""))])
    outputs = [run_cli("ingest", "-w", str(ws), str(inputs))]
    assert outputs[-1].returncode == 0, outputs[-1].stderr

    bad_file = write_csv(tmp_path / "more.csv", rows + bad)
    outputs.append(run_cli("ingest", "-w", str(ws), "notifications", str(bad_file)))
    assert outputs[-1].returncode == 1
    outputs.append(run_cli("ingest", "-w", str(ws), "--allow-invalid", "notifications", str(bad_file)))
    assert outputs[-1].returncode == 0
    outputs.append(run_cli("status", "-w", str(ws)))
    outputs.append(run_cli("status", "-w", str(ws), "--json"))

    # What was printed names the problems, masked.
    printed = "".join(o.stdout + o.stderr for o in outputs)
    assert "300213-xxxx" in printed and "121212-xxxx" in printed
    numbers = [f for cpr in [*KNOWN, IMPOSSIBLE, IN_TEXT] for f in forms(cpr)]
    for number in numbers:
        assert number not in printed, number

    # Every file in the workspace (warehouse, its WAL, error files), byte for byte.
    files = [p for p in ws.rglob("*") if p.is_file() and p.name != "secret.key"]
    assert any(p.parent.name == "errors" for p in files)
    for path in files:
        data = path.read_bytes()
        for number in numbers:
            assert number.encode() not in data, (number, path)
            assert number.encode("utf-16-le") not in data, (number, path)

    # Every text value in every table: compression could hide bytes, so look at the values too.
    con = duckdb.connect(str(ws / "warehouse.duckdb"), read_only=True)
    try:
        cells = []
        for table, column in con.sql(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE data_type IN ('VARCHAR', 'JSON') "
            "AND database_name = current_database() AND schema_name = 'main'"
        ).fetchall():
            cells += [v for (v,) in con.sql(f'SELECT "{column}"::VARCHAR FROM "{table}"').fetchall() if v]
        assert con.sql("SELECT count(*) FROM notifications").fetchall() == [(4,)]
        assert con.sql("SELECT count(*) FROM quarantine").fetchall() == [(3,)]
    finally:
        con.close()
    text = "\n".join(cells)
    for number in numbers:
        assert number not in text, number
    # Nothing that looks like a whole CPR number at all (DDMMYY followed by four digits).
    assert not re.search(r"(?<![0-9a-f])\d{6}-?\d{4}(?![0-9a-f])", text)


def test_pseudonyms_need_the_key(tmp_path):
    """Two workspaces (two keys) give the same child different pseudonyms; one key gives one."""
    from boernetal import ingest_files, init_workspace

    cpr = fake_cpr(D(2006, 6, 6), 7)
    pseudonyms = []
    for name in ("a", "b"):
        ws = init_workspace(tmp_path / name, municipalities=["183"])
        path = write_csv(tmp_path / f"{name}.csv", [dict(SAMPLES["investigations"][0], cpr=cpr)])
        ingest_files(ws, "investigations", [path])
        ingest_files(
            ws,
            "investigations",
            [
                write_csv(
                    tmp_path / f"{name}2.csv",
                    [dict(SAMPLES["investigations"][0], investigation_id="U9", cpr=cpr.replace("-", ""))],
                )
            ],
        )
        con = duckdb.connect(str(ws.warehouse_path), read_only=True)
        pseudonyms.append({r[0] for r in con.sql("SELECT child FROM investigations").fetchall()})
        con.close()
    assert len(pseudonyms[0]) == 1 and len(pseudonyms[1]) == 1
    assert pseudonyms[0] != pseudonyms[1]
