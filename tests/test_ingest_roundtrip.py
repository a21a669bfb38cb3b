"""Every record kind, in both CSV styles and as XLSX, lands in the warehouse with the right values."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import subprocess
import sys

import pytest

from boernetal import ingest_directory, ingest_files
from boernetal.contract import KINDS

from helpers import CHILD_A, CHILD_B, MOTHER, SAMPLES, fake_cpr, query, write_csv, write_xlsx

STYLES = ["danish", "english", "xlsx"]


def write(folder, kind, style, rows=None):
    rows = rows or SAMPLES[kind]
    if style == "xlsx":
        return write_xlsx(folder / f"{kind}.xlsx", rows)
    return write_csv(folder / f"{kind}.csv", rows, style=style)


def pseudonym(ws, cpr):
    return hmac.new(ws.key(), cpr.replace("-", "").encode(), hashlib.sha256).digest()


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_loads_completely(ws, inputs, kind, style):
    path = write(inputs, kind, style)
    result = ingest_files(ws, kind, [path])
    assert result.loaded, [i.message for i in result.errors]
    (file,) = result.files
    assert file.rows_read == len(SAMPLES[kind])
    assert file.counts.new == len(SAMPLES[kind])
    assert query(ws.warehouse_path, f'SELECT count(*) FROM "{kind}"') == [(len(SAMPLES[kind]),)]


@pytest.mark.parametrize("style", STYLES)
def test_notification_values(ws, inputs, style):
    ingest_files(ws, "notifications", [write(inputs, "notifications", style)])
    rows = query(
        ws.warehouse_path,
        """
        SELECT notification_id, child, birth_date, sex, mother, unborn, municipality, received,
               received_time, channel, source, reason, first_action, first_action_at, first_action_time, team
        FROM notifications ORDER BY notification_id""",
    )
    n1, n2, n3 = rows
    assert n1 == (
        "N1",
        pseudonym(ws, CHILD_A),
        dt.date(2005, 1, 1),
        "boy",
        None,
        False,
        "183",
        dt.date(2013, 2, 1),
        dt.time(9, 15),
        "written",
        "school",
        "physical_neglect",
        "meeting_with_parents",
        dt.date(2013, 2, 1),
        dt.time(14, 0),
        "StraXen",
    )
    # An unborn child: no child, the mother's pseudonym, reason defaulting to 'unknown'.
    assert n2 == (
        "N2",
        None,
        None,
        None,
        pseudonym(ws, MOTHER),
        True,
        "187",
        dt.date(2013, 3, 4),
        None,
        "phone",
        "health_visitor",
        "unknown",
        None,
        None,
        None,
        "Børneteam",
    )
    assert n3[1] == pseudonym(ws, CHILD_B) and n3[3] == "girl" and n3[13] == dt.date(2014, 1, 2)


@pytest.mark.parametrize("style", STYLES)
def test_amounts_booleans_and_derived_columns(ws, inputs, style):
    for kind in ("placements", "staff", "budget", "expenditure", "complaints"):
        assert ingest_files(ws, kind, [write(inputs, kind, style)]).loaded
    w = ws.warehouse_path
    assert query(w, 'SELECT placement_id, consent, annual_cost, "end" FROM placements ORDER BY 1') == [
        ("P1", True, 350000.5, dt.date(2013, 6, 30)),
        ("P2", False, 1200000.0, None),
    ]
    assert query(w, "SELECT team, fte FROM staff ORDER BY start") == [
        ("Børneteam", 0.8),
        ("Specialteam", 1.0),
    ]
    assert query(w, 'SELECT account, "group", budget, actual, is_subtotal FROM budget ORDER BY account') == [
        ("Familiepleje i alt", "Familiepleje", 1234567.89, 1100000.0, True),
        ("Plejefamilier", "Familiepleje", 1234567.89, 1100000.0, False),
        ("Refusion", None, -50000.0, -61234.5, False),
    ]
    assert query(w, "SELECT municipality, amount FROM expenditure ORDER BY 1") == [
        ("165", 52000000.25),
        ("183", 7300000.0),
    ]
    assert query(w, "SELECT decision_id, own_initiative, municipality FROM complaints ORDER BY 1") == [
        ("K1", False, "183"),
        ("K2", True, None),
    ]


def test_budget_lines_are_stored_in_the_order_of_the_file(ws, inputs):
    """The report lists a municipality's accounts as its budget file does: a large file's lines
    too, stored in parallel (line numbers shuffled, so no sort by account can pass this)."""
    numbers = sorted(range(20_000), key=lambda n: (n * 7919) % 20_000)
    line = SAMPLES["budget"][0]
    rows = [dict(line, account=f"Konto {n:05d}", group=f"Gruppe {n % 7}") for n in numbers]
    assert ingest_files(ws, "budget", [write(inputs, "budget", "danish", rows)]).loaded
    stored = query(ws.warehouse_path, "SELECT account FROM budget ORDER BY rowid")
    assert [account for (account,) in stored] == [row["account"] for row in rows]


def test_population_outside_the_workspace_is_allowed(ws, inputs):
    assert ingest_files(ws, "population", [write(inputs, "population", "danish")]).loaded
    assert query(ws.warehouse_path, "SELECT DISTINCT municipality FROM population ORDER BY 1") == [
        ("165",),
        ("183",),
    ]


def test_directory_loads_every_kind_in_one_go(ws, inputs):
    for kind in KINDS:
        write(inputs, kind, "danish" if kind != "budget" else "xlsx")
    (inputs / "notes.txt").write_text("not data")
    result = ingest_directory(ws, inputs)
    assert result.loaded
    assert [f.kind for f in result.files] == list(KINDS)
    assert [p.name for p in result.ignored] == ["notes.txt"]
    for kind in KINDS:
        assert query(ws.warehouse_path, f'SELECT count(*) FROM "{kind}"') == [(len(SAMPLES[kind]),)]


def test_label_mappings_from_the_workspace(ws, inputs):
    config = ws.path / "boernetal.toml"
    config.write_text(
        config.read_text().replace(
            "[mapping.source]\n", '[mapping.source]\n"Skolen" = "school"\n"Politiet" = "police"\n'
        )
    )
    rows = [
        dict(SAMPLES["notifications"][0], source="Skolen"),
        dict(SAMPLES["notifications"][2], source="politiet"),
    ]
    from boernetal import Workspace

    result = ingest_files(Workspace.open(ws.path), "notifications", [write_csv(inputs / "n.csv", rows)])
    assert result.loaded, [i.message for i in result.errors]
    assert query(ws.warehouse_path, "SELECT source FROM notifications ORDER BY 1") == [
        ("police",),
        ("school",),
    ]


def test_an_import_of_csv_files_does_not_load_pandas(ws, inputs):
    """pyarrow imports pandas when it converts a Python value, and loading pandas takes half a
    second in a fresh process: an import of CSV files (of every kind) never needs it."""
    for kind in KINDS:
        write(inputs, kind, "danish")
    script = (
        "import sys, boernetal\n"
        f"result = boernetal.ingest_directory(boernetal.Workspace.open({str(ws.path)!r}), {str(inputs)!r})\n"
        "assert result.loaded, [i.message for i in result.errors]\n"
        "print(len(result.files), 'pandas' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [str(len(KINDS)), "False"]


def test_pseudonyms_are_stored_uncompressed_and_the_rest_as_duckdb_chooses(ws, inputs):
    """A pseudonym is random bytes: trying to compress it only costs time (docs/decisions.md)."""
    rows = [
        dict(
            SAMPLES["notifications"][0],
            notification_id=f"N{i}",
            cpr=fake_cpr(dt.date(2000, 1, 1) + dt.timedelta(days=i % 1500), i),
        )
        for i in range(1, 3000)
    ]
    assert ingest_files(ws, "notifications", [write_csv(inputs / "notifications.csv", rows)]).loaded
    storage = query(
        ws.warehouse_path,
        """SELECT column_name, list(DISTINCT compression ORDER BY compression)
           FROM pragma_storage_info('notifications') WHERE segment_type <> 'VALIDITY'
           GROUP BY ALL""",
    )
    chosen = dict(storage)
    assert "Uncompressed" in chosen["child"] and set(chosen["child"]) <= {"Uncompressed", "Constant"}
    assert "Uncompressed" not in chosen["notification_id"]
    assert len({c for column, cs in chosen.items() if column not in ("child", "mother") for c in cs}) > 1
