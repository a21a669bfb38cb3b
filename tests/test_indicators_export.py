"""The indicator set as files through the real CLI: JSON (golden), tidy CSV, XLSX; and user errors."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import example_workspace, run_cli

GOLDEN = Path(__file__).parent / "golden" / "indicators-2013.json"


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return example_workspace(tmp_path_factory.mktemp("export"))


def test_json_matches_the_reviewed_golden_file(example):
    out = run_cli("indicators", "--year", "2013", "--out", "-", "-w", str(example))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    if os.environ.get("BOERNETAL_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert data == json.loads(GOLDEN.read_text("utf-8"))


def test_json_form_of_the_catalogue(example):
    data = json.loads(run_cli("indicators", "--year", "2013", "-o", "-", "-w", str(example)).stdout)
    assert data["year"] == 2013 and data["suppressed"] is False and data["min_cell"] == 3
    by_id = {i["id"]: i for i in data["indicators"]}
    total = by_id["notifications.total"]
    assert total["title"] == "Underretninger i alt" and total["unit"] == "count"
    assert {"year": 2013, "municipality": "all", "value": 46} in total["rows"]
    assert all(isinstance(r["value"], int) for r in total["rows"])
    # counts are whole numbers in JSON, also those summed from other counts
    for id in ("notifications.children", "placements.children_by_group", "cases.month_end"):
        assert by_id[id]["rows"] and all(type(r["value"]) is int for r in by_id[id]["rows"]), id
    month = by_id["notifications.by_month"]["rows"][0]
    assert set(month) == {"year", "municipality", "month", "value"} and isinstance(month["month"], int)
    assert all(isinstance(r["times"], str) for r in by_id["notifications.children_by_count"]["rows"])
    assert "notifications.with_first_action" not in by_id  # helpers are not exported
    assert data["findings"] and all("message" in f and "code" in f for f in data["findings"])


def test_csv_is_tidy(example, tmp_path):
    path = tmp_path / "tal.csv"
    out = run_cli("indicators", "--year", "2013", "--format", "csv", "--out", str(path), "-w", str(example))
    assert out.returncode == 0, out.stderr
    assert "nøgletal" in out.stderr and "Til intern brug" in out.stderr
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))
    total = [r for r in rows if r["id"] == "notifications.total" and r["year"] == "2013"]
    assert {r["municipality"]: r["value"] for r in total} == {"183": "33", "187": "13", "all": "46"}
    by_channel = [r for r in rows if r["id"] == "notifications.by_channel" and r["municipality"] == "all"]
    assert {r["channel"] for r in by_channel} == {"written", "phone", "meeting"}
    assert all(r["source"] == "" for r in by_channel)


def test_xlsx_one_sheet_per_family_numbers_as_numbers(example, tmp_path):
    path = tmp_path / "tal.xlsx"
    out = run_cli("indicators", "--year", "2013", "-f", "xlsx", "-o", str(path), "-w", str(example))
    assert out.returncode == 0, out.stderr
    book = openpyxl.load_workbook(path)
    assert {"Underretninger", "Anbringelser", "Sagstal", "Økonomi", "Befolkning", "Fund", "Om"} <= set(
        book.sheetnames
    )
    sheet = book["Underretninger"]
    header = [c.value for c in sheet[1]]
    assert "Kanal (channel)" in header and "Underretter (gruppe) (source_group)" in header
    value_col, id_col = header.index("Værdi"), header.index("Nøgletal (id)")
    muni_col, year_col = header.index("Kommunekode"), header.index("År")
    name_col, unit_col = header.index("Kommune"), header.index("Enhed")
    totals = {
        (row[muni_col].value, row[name_col].value, row[unit_col].value): row[value_col].value
        for row in sheet.iter_rows(min_row=2)
        if row[id_col].value == "notifications.total" and row[year_col].value == 2013
    }
    assert totals == {
        ("183", "Ishøj", "antal"): 33,
        ("187", "Vallensbæk", "antal"): 13,
        ("all", "Alle kommuner", "antal"): 46,
    }
    assert isinstance(totals["all", "Alle kommuner", "antal"], int | float)
    assert "Til intern brug" in " ".join(str(c.value) for row in book["Om"].iter_rows() for c in row)


def test_python_api_returns_the_same_set(example):
    from boernetal import Workspace
    from boernetal.engine import compute

    figures = compute(Workspace.open(example), 2013)
    assert figures.value("notifications.total", year=2013, municipality="all") == 46
    table = figures.table
    assert {"id", "year", "municipality", "value", "suppressed", "channel"} <= set(table.columns)
    assert len(table) == sum(len(i["rows"]) for i in json.loads(GOLDEN.read_text("utf-8"))["indicators"])


def test_user_errors_are_plain_words(example, tmp_path):
    low = run_cli("indicators", "--year", "2013", "--publish", "--min-cell", "2", "-w", str(example))
    assert low.returncode == 2 and "under 3" in low.stderr and "Traceback" not in low.stderr
    fmt = run_cli("indicators", "--year", "2013", "--format", "pdf", "-w", str(example))
    assert fmt.returncode == 2 and "json, csv, xlsx" in fmt.stderr
    empty_year = run_cli("indicators", "--year", "1999", "-w", str(example))
    assert empty_year.returncode == 2 and "ingen data for 1999" in empty_year.stderr
    nowhere = run_cli("indicators", "--year", "2013", "-w", str(tmp_path / "nothing"))
    assert nowhere.returncode == 2 and "arbejdsområde" in nowhere.stderr and "Traceback" not in nowhere.stderr


@pytest.fixture(scope="module")
def risky_teams(tmp_path_factory) -> Path:
    """A workspace whose team names (free text from the input) look like spreadsheet formulas."""
    from boernetal import init_workspace

    from helpers import SAMPLES, load_records

    folder = tmp_path_factory.mktemp("risky")
    ws = init_workspace(folder / "ws", municipalities=["183", "187"])
    teams = {"Børneteam": "=HYPERLINK(1)", "StraXen": "-Team"}
    load_records(
        ws,
        folder / "in",
        {
            "cases": [dict(row, team=teams[row["team"]]) for row in SAMPLES["cases"]],
            "staff": [dict(row, team="=HYPERLINK(1)") for row in SAMPLES["staff"]],
        },
    )
    return ws.path


def test_text_from_the_input_is_never_a_formula(risky_teams, tmp_path):
    """data-contract.md, output safety: CSV cells get a leading ', XLSX has string cells, JSON is verbatim."""
    run = {fmt: tmp_path / f"tal.{fmt}" for fmt in ("csv", "xlsx", "json")}
    for fmt, path in run.items():
        out = run_cli("indicators", "--year", "2013", "-f", fmt, "-o", str(path), "-w", str(risky_teams))
        assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(run["csv"].read_text("utf-8"))))
    teams = {r["team"] for r in rows if r["id"] == "cases.month_end"}
    assert {"'=HYPERLINK(1)", "'-Team", "all"} == teams
    data = json.loads(run["json"].read_text("utf-8"))
    (month_end,) = [i for i in data["indicators"] if i["id"] == "cases.month_end"]
    assert {r["team"] for r in month_end["rows"]} == {"=HYPERLINK(1)", "-Team", "all"}
    sheet = openpyxl.load_workbook(run["xlsx"])["Sagstal"]
    cells = [
        c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value
    ]
    assert cells and all(c.data_type == "s" for c in cells)  # text, not a formula ("f")


@given(st.lists(st.one_of(st.none(), st.text(max_size=6)), max_size=30))
def test_a_text_column_is_made_safe_as_each_cell_would_be(cells):
    from boernetal.engine.export import safe_column, safe_text

    column = pd.Series(cells, dtype=object)
    assert safe_column(column).tolist() == [safe_text(c) for c in cells]
    as_str = safe_column(column.astype("str")).tolist()
    assert [None if pd.isna(c) else c for c in as_str] == [safe_text(c) for c in cells]
