"""Re-import changes nothing; changed records replace old ones; --allow-invalid quarantines; the log."""

from __future__ import annotations

import datetime as dt
import json

from boernetal import ingest_files, status

from helpers import SAMPLES, query, snapshot, write_csv


def test_reimporting_the_same_file_changes_no_record(ws, inputs):
    path = write_csv(inputs / "notifications.csv", SAMPLES["notifications"])
    assert ingest_files(ws, "notifications", [path]).loaded
    records = query(ws.warehouse_path, "SELECT * FROM notifications ORDER BY 1")
    again = ingest_files(ws, "notifications", [path])
    counts = again.files[0].counts
    assert (counts.new, counts.updated, counts.unchanged) == (0, 0, 3)
    assert query(ws.warehouse_path, "SELECT * FROM notifications ORDER BY 1") == records


def test_changed_content_replaces_the_old_version_and_counts_as_update(ws, inputs):
    assert ingest_files(ws, "notifications", [write_csv(inputs / "a.csv", SAMPLES["notifications"])]).loaded
    changed = [
        dict(SAMPLES["notifications"][0], reason="crime"),
        SAMPLES["notifications"][1],
        dict(SAMPLES["notifications"][2], notification_id="N4"),
    ]
    result = ingest_files(ws, "notifications", [write_csv(inputs / "b.csv", changed)])
    counts = result.files[0].counts
    assert (counts.new, counts.updated, counts.unchanged) == (1, 1, 1)
    assert query(ws.warehouse_path, "SELECT notification_id, reason FROM notifications ORDER BY 1") == [
        ("N1", "crime"),
        ("N2", "unknown"),
        ("N3", "violence"),
        ("N4", "violence"),
    ]


def test_natural_keys_identify_budget_lines(ws, inputs):
    assert ingest_files(ws, "budget", [write_csv(inputs / "b1.csv", SAMPLES["budget"])]).loaded
    revised = [dict(SAMPLES["budget"][0], actual=1_200_000)]
    counts = ingest_files(ws, "budget", [write_csv(inputs / "b2.csv", revised)]).files[0].counts
    assert (counts.new, counts.updated) == (0, 1)
    assert query(
        ws.warehouse_path, "SELECT count(*), sum(actual) FILTER (account = 'Plejefamilier') FROM budget"
    ) == [(3, 1_200_000.0)]


def test_identical_duplicate_rows_are_one_record(ws, inputs):
    rows = [SAMPLES["measures"][0], SAMPLES["measures"][0]]
    result = ingest_files(ws, "measures", [write_csv(inputs / "m.csv", rows)])
    assert result.loaded and result.files[0].duplicates == 1
    assert query(ws.warehouse_path, "SELECT count(*) FROM measures") == [(1,)]


def test_allow_invalid_loads_valid_rows_and_quarantines_the_rest(ws, inputs):
    rows = [
        SAMPLES["notifications"][0],
        dict(SAMPLES["notifications"][2], received="31.02.2013"),
        SAMPLES["notifications"][1],
    ]
    path = write_csv(inputs / "notifications.csv", rows)
    result = ingest_files(ws, "notifications", [path], allow_invalid=True)
    assert result.loaded
    assert result.files[0].rejected == 1 and result.files[0].counts.new == 2
    assert query(ws.warehouse_path, "SELECT notification_id FROM notifications ORDER BY 1") == [
        ("N1",),
        ("N2",),
    ]
    ((row, reasons, record),) = query(ws.warehouse_path, 'SELECT "row", reasons, record FROM quarantine')
    assert row == 3
    assert [r["code"] for r in json.loads(reasons)] == ["invalid_datetime"]
    record = json.loads(record)
    assert record["notification_id"] == "N3" and record["cpr"] == "150708-xxxx"
    info = status(ws)
    assert info["quarantined"] == {"notifications": 1} and info["quarantined_total"] == 1
    assert info["imports"][0]["rows_rejected"] == 1

    # The same file, fixed: its quarantine is emptied and the row loads.
    write_csv(inputs / "notifications.csv", SAMPLES["notifications"])
    assert ingest_files(ws, "notifications", [path], allow_invalid=True).loaded
    assert status(ws)["quarantined_total"] == 0
    assert query(ws.warehouse_path, "SELECT count(*) FROM notifications") == [(3,)]


def test_allow_invalid_still_refuses_a_file_that_cannot_be_used(ws, inputs):
    rows = [{k: v for k, v in SAMPLES["placements"][0].items() if k != "consent"}]
    before = snapshot(ws.warehouse_path)
    result = ingest_files(ws, "placements", [write_csv(inputs / "p.csv", rows)], allow_invalid=True)
    assert not result.loaded
    assert snapshot(ws.warehouse_path) == before


def test_import_log_records_every_import(ws, inputs):
    path = write_csv(inputs / "measures.csv", SAMPLES["measures"])
    ingest_files(ws, "measures", [path])
    ingest_files(ws, "measures", [path])
    log = query(
        ws.warehouse_path,
        "SELECT import_id, kind, file_name, sha256, rows_read, rows_new, "
        "rows_unchanged, imported_at, imported_by FROM import_log ORDER BY 1",
    )
    import hashlib

    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    assert [r[:7] for r in log] == [
        (1, "measures", "measures.csv", sha, 1, 1, 0),
        (2, "measures", "measures.csv", sha, 1, 0, 1),
    ]
    assert all(isinstance(r[7], dt.datetime) and r[8] for r in log)


def test_status_summarises_the_warehouse(ws, inputs):
    for kind in ("notifications", "placements", "population"):
        ingest_files(ws, kind, [write_csv(inputs / f"{kind}.csv", SAMPLES[kind])])
    info = status(ws)
    assert info["kinds"]["notifications"] == {
        "rows": 3,
        "first_year": 2013,
        "last_year": 2013,
        "municipalities": ["183", "187"],
    }
    assert info["kinds"]["placements"]["first_year"] == 2012
    assert info["kinds"]["population"]["municipalities"] == ["165", "183"]
    assert info["kinds"]["staff"] == {"rows": 0, "first_year": None, "last_year": None, "municipalities": []}
    assert [i["kind"] for i in info["imports"]] == ["population", "placements", "notifications"]


def budget_lines(*accounts: str, changed: str = "") -> list[dict]:
    line = SAMPLES["budget"][0]
    return [
        dict(line, account=a, actual=line["actual"] + (1 if a == changed else 0), group="Familiepleje")
        for a in accounts
    ]


def stored_budget(ws) -> list[tuple]:
    return query(ws.warehouse_path, "SELECT account, import_id FROM budget ORDER BY rowid")


def import_budget(ws, inputs, lines) -> tuple[int, int, int]:
    """The budget file imported (again): its records new, updated and unchanged."""
    counts = ingest_files(ws, "budget", [write_csv(inputs / "budget.csv", lines)]).files[0].counts
    return counts.new, counts.updated, counts.unchanged


def test_budget_lines_keep_the_order_of_the_file_when_corrected_added_or_moved(ws, inputs):
    """The report lists budget lines as the file does: a re-imported file with a corrected line, a
    new line in the middle, or its lines moved is stored in its new order; lines that did not change
    keep the import that wrote them."""
    first = write_csv(inputs / "budget.csv", budget_lines("Anbringelser", "Plejefamilier", "Opholdssteder"))
    assert ingest_files(ws, "budget", [first]).loaded
    assert stored_budget(ws) == [("Anbringelser", 1), ("Plejefamilier", 1), ("Opholdssteder", 1)]

    corrected = budget_lines(
        "Anbringelser", "Netværkspleje", "Plejefamilier", "Opholdssteder", changed="Anbringelser"
    )
    assert import_budget(ws, inputs, corrected) == (1, 1, 2)
    assert stored_budget(ws) == [
        ("Anbringelser", 2),
        ("Netværkspleje", 2),
        ("Plejefamilier", 1),
        ("Opholdssteder", 1),
    ]

    moved = budget_lines(
        "Opholdssteder", "Anbringelser", "Netværkspleje", "Plejefamilier", changed="Anbringelser"
    )
    assert import_budget(ws, inputs, moved) == (0, 0, 4)
    assert stored_budget(ws) == [
        ("Opholdssteder", 1),
        ("Anbringelser", 2),
        ("Netværkspleje", 2),
        ("Plejefamilier", 1),
    ]
    assert query(ws.warehouse_path, "SELECT count(*) FROM budget") == [(4,)]


def test_a_warehouse_of_an_earlier_version_gets_the_new_kinds_tables(ws, inputs):
    """A warehouse made before a record kind existed (here: without births) is read as before: the
    new kind's table is added, empty, the first time it is opened; nothing else changes."""
    import duckdb

    from boernetal.engine import compute

    assert ingest_files(ws, "notifications", [write_csv(inputs / "n.csv", SAMPLES["notifications"])]).loaded
    con = duckdb.connect(str(ws.warehouse_path))
    con.execute("DROP TABLE births")
    con.close()
    before = snapshot(ws.warehouse_path)
    figures = compute(ws, 2013)
    assert figures.results["births.total"].empty and not figures.results["notifications.total"].empty
    assert query(ws.warehouse_path, "SELECT count(*) FROM births") == [(0,)]
    assert snapshot(ws.warehouse_path) == {**before, "births": []}
