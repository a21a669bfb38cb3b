"""Files as municipalities really export them: delimiters, encodings, line ends, Excel workbooks."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from boernetal import ingest_files
from boernetal.ingest.read import FileProblem, clean, read_file, sniff_delimiter

from helpers import CHILD_A, SAMPLES, query, write_csv, write_text, write_xlsx

HEADER = "measure_id;cpr;municipality;start;end;measure_type;annual_cost;team"


def measures_text(delimiter=";", newline="\r\n", rows=None):
    rows = rows or [
        ["M1", CHILD_A, "183", "01.02.2013", "", "therapy", "12.500,50"],
        ["M2", CHILD_A, "Ishøj", "2013-03-01", "31-12-2013", "consultancy", "1.000"],
    ]
    header = ["measure_id", "cpr", "municipality", "start", "end", "measure_type", "annual_cost"]
    return newline.join(delimiter.join(r) for r in [header, *rows]) + newline


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_delimiter_is_sniffed(delimiter):
    assert sniff_delimiter(measures_text(delimiter)) == delimiter


def test_quoted_delimiters_do_not_fool_the_sniffer():
    assert sniff_delimiter('"a,b,c";"d,e"\r\n1;2') == ";"


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", False), ("utf-8", True), ("cp1252", False)], ids=["utf8", "bom", "cp1252"]
)
@pytest.mark.parametrize("newline", ["\r\n", "\n"], ids=["crlf", "lf"])
def test_encodings_and_line_ends(ws, inputs, encoding, bom, newline):
    rows = [dict(SAMPLES["cases"][0], team="Børneteam – Østerhøj")]
    path = write_csv(inputs / "cases.csv", rows, encoding=encoding, bom=bom, newline=newline)
    raw = read_file(path, "cases")
    assert raw.encoding == ("utf-8-sig" if bom else encoding)
    assert ingest_files(ws, "cases", [path]).loaded
    assert query(ws.warehouse_path, "SELECT team FROM cases") == [("Børneteam – Østerhøj",)]


def test_comma_separated_with_point_decimals(ws, inputs):
    text = measures_text(
        ",",
        rows=[
            ["M1", CHILD_A, "183", "2013-02-01", "", "therapy", "12500.5"],
            ["M2", CHILD_A, "183", "2013-03-01", "", "therapy", '"1,000"'],
        ],
    )
    assert ingest_files(ws, "measures", [write_text(inputs / "m.csv", text)]).loaded
    assert query(ws.warehouse_path, "SELECT annual_cost FROM measures ORDER BY 1") == [(1000.0,), (12500.5,)]


def test_danish_amounts_in_a_danish_column(ws, inputs):
    assert ingest_files(ws, "measures", [write_text(inputs / "m.csv", measures_text())]).loaded
    assert query(ws.warehouse_path, "SELECT measure_id, annual_cost FROM measures ORDER BY 1") == [
        ("M1", 12500.5),
        ("M2", 1000.0),
    ]


def test_header_names_ignore_case_and_spaces(ws, inputs):
    text = measures_text().replace("measure_id;cpr", " Measure_ID ;CPR ", 1)
    assert ingest_files(ws, "measures", [write_text(inputs / "m.csv", text)]).loaded


def test_blank_lines_keep_spreadsheet_row_numbers(ws, inputs):
    rows = [
        ["M1", CHILD_A, "183", "01.02.2013", "", "therapy", ""],
        [],
        ["M2", CHILD_A, "183", "31.02.2013", "", "therapy", ""],
    ]
    text = "\r\n".join(";".join(r) for r in [HEADER.split(";")[:7], *rows]) + "\r\n\r\n"
    result = ingest_files(ws, "measures", [write_text(inputs / "m.csv", text)])
    assert [(i.code, i.row, i.column) for i in result.errors] == [("invalid_date", 4, "start")]


def test_rows_of_empty_fields_are_skipped_with_a_warning(ws, inputs):
    text = measures_text(rows=[["M1", CHILD_A, "183", "01.02.2013", "", "therapy", ""], [""] * 7, [" "] * 7])
    result = ingest_files(ws, "measures", [write_text(inputs / "m.csv", text)])
    assert result.loaded and result.files[0].rows_read == 1
    assert [(w.code, w.detail) for w in result.files[0].warnings] == [("blank_rows", "2")]


def test_quoted_line_break_in_a_value(ws, inputs):
    text = (
        "decision_id;decided;instance;outcome;subject\r\n"
        'K1;01.04.2013;appeals_board;upheld;"Anbringelse;\r\nanden linje"\r\n'
        "K2;01.04.2013;appeals_board;nope;x\r\n"
    )
    result = ingest_files(ws, "complaints", [write_text(inputs / "k.csv", text)], allow_invalid=True)
    assert [(i.code, i.row) for i in result.errors] == [("unknown_code", 3)]
    assert query(ws.warehouse_path, "SELECT subject FROM complaints") == [("Anbringelse;\r\nanden linje",)]


def test_xlsx_with_native_cells(ws, inputs):
    rows = [
        dict(
            SAMPLES["placements"][0],
            cpr=int(CHILD_A.replace("-", "")),
            municipality=183,
            annual_cost=350000.5,
            start=dt.datetime(2012, 1, 1),
        )
    ]
    path = write_xlsx(inputs / "p.xlsx", rows)
    assert ingest_files(ws, "placements", [path]).loaded
    assert query(ws.warehouse_path, "SELECT municipality, start, annual_cost, consent FROM placements") == [
        ("183", dt.date(2012, 1, 1), 350000.5, True)
    ]


def test_xlsx_cpr_number_that_lost_its_leading_zero(ws, inputs):
    cpr = "0101054002"
    rows = [dict(SAMPLES["investigations"][0], cpr=int(cpr))]
    assert ingest_files(ws, "investigations", [write_xlsx(inputs / "u.xlsx", rows)]).loaded
    assert query(ws.warehouse_path, "SELECT birth_date FROM investigations") == [(dt.date(2005, 1, 1),)]


def test_xlsx_sheet_named_after_the_kind_is_used(ws, inputs):
    book = openpyxl.Workbook()
    book.active.title = "Forside"
    book.active.append(["Udtræk fra fagsystemet"])
    sheet = book.create_sheet("Measures")
    header = list(SAMPLES["measures"][0])
    sheet.append(header)
    sheet.append([SAMPLES["measures"][0][h] if h != "annual_cost" else 120000 for h in header])
    book.save(inputs / "udtraek.xlsx")
    assert ingest_files(ws, "measures", [inputs / "udtraek.xlsx"]).loaded


def test_xlsx_rows_are_numbered_as_excel_shows_them(ws, inputs):
    rows = [SAMPLES["measures"][0], dict(SAMPLES["measures"][0], measure_id="M2", start="igår")]
    result = ingest_files(ws, "measures", [write_xlsx(inputs / "m.xlsx", rows)])
    assert [(i.code, i.row, i.value) for i in result.errors] == [("invalid_date", 3, "igår")]


def test_an_excel_file_with_a_csv_name_is_read_as_excel(ws, inputs):
    path = write_xlsx(inputs / "m.xlsx", SAMPLES["measures"])
    renamed = path.rename(inputs / "measures.csv")
    assert ingest_files(ws, "measures", [renamed]).loaded


def test_not_a_spreadsheet(inputs):
    path = inputs / "m.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 old excel")
    with pytest.raises(FileProblem) as problem:
        read_file(path, "measures")
    assert problem.value.code == "file_format"


def test_windows_1252_after_a_long_ascii_start(ws, inputs):
    """The header is sniffed from the first lines; a non-UTF-8 byte far below still means Windows-1252."""
    rows = [dict(SAMPLES["cases"][0], case_id=f"S{i}", team="Boerneteam") for i in range(3000)]
    rows.append(dict(SAMPLES["cases"][0], case_id="S-last", team="Børneteam Øst"))
    path = write_csv(inputs / "cases.csv", rows, encoding="cp1252")
    assert path.stat().st_size > 100_000
    assert ingest_files(ws, "cases", [path]).loaded
    assert query(ws.warehouse_path, "SELECT team FROM cases WHERE case_id = 'S-last'") == [("Børneteam Øst",)]


# --- cells ----------------------------------------------------------------------------------------

#: letters, Danish ones, and white space of several kinds (ASCII, no-break, em, ideographic, …)
cell_texts = st.none() | st.text(alphabet="ab1 æøÅ\t\r\n\x1c\x85\xa0\u1680\u2003\u202f\u3000", max_size=6)


def full_clean(texts: list[str | None]) -> list[str | None]:
    """The rule without the shortcut: every text trimmed, empty ones null."""
    trimmed = pc.utf8_trim_whitespace(pa.array(texts, pa.string()))
    return [t or None for t in trimmed.to_pylist()]


@given(st.lists(cell_texts, max_size=30), st.integers(0, 5), st.integers(1, 3))
def test_cleaning_a_column_trims_every_cell(texts, skip, chunks):
    """The shortcut for columns with nothing to trim never leaves a cell untrimmed, also in
    sliced arrays and arrays of several chunks."""
    array = pa.array(texts, pa.string()).slice(min(skip, len(texts)))
    size = max(1, len(array) // chunks)
    column = pa.chunked_array([array.slice(i, size) for i in range(0, len(array), size)], pa.string())
    expected = full_clean(array.to_pylist())
    assert clean(array).to_pylist() == expected
    assert clean(column).to_pylist() == expected


def test_a_column_with_nothing_to_trim_is_not_copied():
    column = pa.array(["a", None, "Ishøj", "b c"], pa.string())
    assert clean(column) is column
    assert clean(pa.array(["a", " b"])).to_pylist() == ["a", "b"]
