"""Ingest reads and stages a file in chunks (bounded memory): the chunks must not change what is
loaded or where a problem is said to be, and the scratch folder they pass through holds no CPR
number and is gone afterwards.

The chunk sizes are made small here so that a file of a few hundred rows is cut many times, at
every kind of place; the benchmark (``benchmarks/ingest.py``) measures memory on large files.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import zipfile

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boernetal import ingest_files
from boernetal.ingest import Scratches, read

from helpers import SAMPLES, fake_cpr, write_csv, write_xlsx

BASE = SAMPLES["notifications"][0]


def notifications(n: int) -> list[dict]:
    """``n`` notifications, each of its own child, on distinct days of 2013."""
    return [
        dict(
            BASE,
            notification_id=f"N{i:04d}",
            cpr=fake_cpr(dt.date(2001, 1, 1) + dt.timedelta(days=i), serial=i),
            received=dt.datetime(2013, 1, 1, 9, 0) + dt.timedelta(days=i % 365),
            first_action_at=dt.datetime(2013, 1, 1, 10, 0) + dt.timedelta(days=i % 365),
            team=f"Team {i % 7} – æøå",
        )
        for i in range(n)
    ]


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(read, "CHUNK_BYTES", 2048)
    monkeypatch.setattr(read, "CHUNK_ROWS", 7)


def loaded(ws) -> list[tuple]:
    with ws.warehouse() as wh:
        return wh.con.execute(
            "SELECT notification_id, received, team, count(DISTINCT child) OVER ()"
            " FROM notifications ORDER BY 1"
        ).fetchall()


def expected(rows: list[dict]) -> list[tuple]:
    return sorted((r["notification_id"], r["received"].date(), r["team"], len(rows)) for r in rows)


def test_a_file_cut_in_many_chunks_loads_every_row(ws, inputs, small_chunks):
    rows = notifications(400)
    path = write_csv(inputs / "notifications.csv", rows)
    assert path.stat().st_size > 20 * read.CHUNK_BYTES
    result = ingest_files(ws, "notifications", [path])
    assert result.loaded, [i.message for i in result.errors]
    assert loaded(ws) == expected(rows)


def test_problems_late_in_a_chunked_file_name_their_spreadsheet_row(ws, inputs, small_chunks):
    rows = notifications(300)
    rows[250]["received"] = "i går"
    rows[299]["municipality"] = "999"
    result = ingest_files(ws, "notifications", [write_csv(inputs / "notifications.csv", rows)])
    assert not result.loaded
    assert sorted((i.row, i.column) for i in result.errors) == [(252, "received"), (301, "municipality")]


def test_a_blank_line_late_in_the_file_rereads_it_exactly(ws, inputs, small_chunks):
    """The fast reader gives up at a blank line after many chunks; the exact reader starts over,
    and nothing read before counts twice."""
    rows = notifications(300)
    rows[280]["received"] = "i går"
    path = write_csv(inputs / "notifications.csv", rows)
    lines = path.read_bytes().split(b"\r\n")
    lines.insert(201, b"")  # a blank line after the 200th record: spreadsheet row 202
    path.write_bytes(b"\r\n".join(lines))
    result = ingest_files(ws, "notifications", [path])
    assert [(i.row, i.column) for i in result.errors] == [(283, "received")]
    assert [i.code for i in result.files[0].issues if not i.is_error] == ["blank_rows"]
    result = ingest_files(ws, "notifications", [path], allow_invalid=True)
    assert result.loaded
    assert loaded(ws) == expected([r for i, r in enumerate(rows) if i != 280])


def test_an_excel_file_in_chunks(ws, inputs, small_chunks):
    rows = notifications(60)
    result = ingest_files(ws, "notifications", [write_xlsx(inputs / "notifications.xlsx", rows)])
    assert result.loaded, [i.message for i in result.errors]
    assert loaded(ws) == expected(rows)


lines = st.lists(
    st.text(st.characters(codec="utf-8", exclude_characters='\r\n;"\x00'), min_size=1, max_size=40),
    min_size=3,
    max_size=3,
)


DANISH = "abcxyzæøåÆØÅéü -.,0123456789"


def records_of(path, chunk_bytes: int) -> list[list[str]]:
    original = read.CHUNK_BYTES
    read.CHUNK_BYTES = chunk_bytes
    try:
        raw = read.read_file(path, "notifications")
    finally:
        read.CHUNK_BYTES = original
    assert raw.rows.to_pylist() == list(range(2, raw.cells.num_rows + 2))
    return [[cell or "" for cell in row.values()] for row in raw.cells.to_pylist()]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(lines, min_size=1, max_size=60), st.integers(130, 600), st.sampled_from(["utf-8", "cp1252"]))
def test_any_cut_of_a_file_reads_the_same_records(tmp_path_factory, records, chunk_bytes, encoding):
    """Cutting a file into blocks of whole lines never splits a record or a character. (A line
    longer than a block is refused, ``line_too_long``: here no line is.)"""
    if encoding == "cp1252":  # as Danish text in Windows-1252 is: any byte may be a letter
        records = [["".join(DANISH[ord(c) % len(DANISH)] for c in cell) for cell in r] for r in records]
    path = tmp_path_factory.mktemp("cut") / "f.csv"
    path.write_bytes(("a;b;c\r\n" + "".join(";".join(r) + "\r\n" for r in records)).encode(encoding))
    whole = records_of(path, 1 << 20)
    assert records_of(path, chunk_bytes) == whole
    if encoding == "utf-8":
        assert whole == records


def test_the_scratch_folder_holds_no_cpr_number_and_is_removed(
    ws, inputs, tmp_path, monkeypatch, small_chunks
):
    """Rejected rows too (an impossible CPR number, one in free text) reach the scratch folder
    pseudonymised or masked; it is private while it lasts and gone when the import ends."""
    kept = tmp_path / "scratch-copy"
    seen_modes = []
    remove = Scratches.__exit__

    def copy_first(self, *exc):
        seen_modes.append(self.folder.stat().st_mode & 0o777)
        shutil.copytree(self.folder, kept)
        remove(self, *exc)

    monkeypatch.setattr(Scratches, "__exit__", copy_first)
    rows = notifications(50)
    numbers = [r["cpr"] for r in rows]
    rows[10]["cpr"] = "300213-4234"  # 30 February
    rows[20]["team"] = "Ring til mor, sag 121212-4444"
    rows[30]["cpr"] = rows[30]["cpr"].replace("-", "")
    rows[30]["received"] = "i går"
    numbers += ["300213-4234", "121212-4444"]
    result = ingest_files(
        ws, "notifications", [write_csv(inputs / "notifications.csv", rows)], allow_invalid=True
    )
    assert result.loaded and len(result.errors) == 3

    files = [p for p in kept.rglob("*") if p.is_file()]
    assert any(p.name.startswith("typed-") for p in files) and any(
        p.name.startswith("issues-") for p in files
    )
    forms = [form.encode() for n in numbers for form in (n, n.replace("-", ""))]
    for path in files:
        data = path.read_bytes()
        assert not [f for f in forms if f in data], path
        if path.suffix == ".parquet":  # compressed pages: the values themselves too
            text = repr(pq.read_table(path).to_pylist()).encode()
            assert not [f for f in forms if f in text], path
    assert seen_modes == [0o700]
    assert not list(ws.path.glob(".staging-*"))


def test_a_scratch_folder_left_by_a_killed_import_is_removed(ws, inputs):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    stale = ws.path / f"{Scratches.PREFIX}{int(dead.stdout)}"
    (stale / "1").mkdir(parents=True)
    (stale / "1" / "typed-000000.parquet").write_bytes(b"left over")
    alive = ws.path / f"{Scratches.PREFIX}{os.getppid()}"  # another import, still running
    alive.mkdir()
    assert ingest_files(
        ws, "notifications", [write_csv(inputs / "notifications.csv", notifications(3))]
    ).loaded
    assert not stale.exists() and alive.exists()


@pytest.mark.parametrize(
    ("limit", "value", "detail"),
    [
        ("XLSX_CELLS", 100, "rækker × "),
        ("XLSX_UNPACKED", 4096, "MB udpakket"),
        ("XLSX_STRINGS", 10, "MB udpakket"),
    ],
)
def test_an_excel_file_beyond_the_limits_is_refused_before_it_is_unpacked(
    ws, inputs, monkeypatch, limit, value, detail
):
    path = write_xlsx(inputs / "notifications.xlsx", notifications(30))
    with zipfile.ZipFile(path, "a") as book:  # as Excel writes them: the texts in one part
        book.writestr("xl/sharedStrings.xml", "<sst/>" + " " * 100)
    monkeypatch.setattr(read, limit, value)
    result = ingest_files(ws, "notifications", [path])
    assert not result.loaded
    (issue,) = result.errors
    assert issue.code == "xlsx_too_large" and detail in issue.detail
    assert "Excel-filen er for stor" in issue.title and "CSV" in issue.fix


def write_xlsx_shared(path, rows: list[dict]):
    """A workbook with its texts in one shared table, as Excel and LibreOffice write them
    (openpyxl writes each text in its cell)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("notifications")
    header = list(rows[0])
    sheet.write_row(0, 0, header)
    dates = book.add_format({"num_format": "dd-mm-yyyy hh:mm"})
    for r, row in enumerate(rows, start=1):
        for c, name in enumerate(header):
            value = row[name]
            if isinstance(value, dt.datetime):
                sheet.write_datetime(r, c, value, dates)
            elif value is not None:
                sheet.write(r, c, value)
    book.close()
    return path


def test_an_excel_file_with_shared_texts_loads_as_one_without(ws, inputs, tmp_path, small_chunks):
    rows = notifications(40)
    rows[3]["team"] = "Ægte børn – “citat” & <tegn>"
    path = write_xlsx_shared(inputs / "notifications.xlsx", rows)
    with zipfile.ZipFile(path) as book:
        assert "xl/sharedStrings.xml" in book.namelist()
    result = ingest_files(ws, "notifications", [path])
    assert result.loaded, [i.message for i in result.errors]
    assert loaded(ws) == expected(rows)


XML_TEXT = st.text(st.characters(blacklist_categories=["Cs", "Cc"]) | st.sampled_from("\t\nx005F_æøå"))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(XML_TEXT, min_size=1, max_size=3), max_size=30))
def test_the_compact_shared_texts_are_openpyxl_own(items):
    """Each shared text read as openpyxl's own reader reads it: plain ones and rich text in runs."""
    from xml.sax.saxutils import escape

    from openpyxl.reader.strings import read_string_table

    def si(runs: list[str]) -> str:
        if len(runs) == 1:
            return f'<si><t xml:space="preserve">{escape(runs[0])}</t></si>'
        return "<si>" + "".join(f'<r><t xml:space="preserve">{escape(r)}</t></r>' for r in runs) + "</si>"

    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "".join(si(runs) for runs in items)
        + "</sst>"
    ).encode()
    import io

    compact = read.SharedStrings.read(io.BytesIO(xml))
    assert list(compact) == list(read_string_table(io.BytesIO(xml)))
    assert len(compact) == len(items)
    if items:
        assert compact[-1] == compact[len(items) - 1]
        with pytest.raises(IndexError):
            compact[len(items)]


def test_the_shared_texts_take_about_their_own_size_in_memory():
    """openpyxl's own table of short texts takes about seven times its XML; the compact one less
    than the XML itself, the parse included."""
    import io
    import tracemalloc

    from openpyxl.reader.strings import read_string_table

    xml = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "".join(f"<si><t>N{i:07d}</t></si>" for i in range(200_000))
        + "</sst>"
    ).encode()
    peaks = []
    for reader in (read.SharedStrings.read, read_string_table):
        tracemalloc.start()
        try:
            table = reader(io.BytesIO(xml))
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
        assert table[123_456] == "N0123456"
        del table
    compact, openpyxl_own = peaks
    assert compact < len(xml) and compact * 4 < openpyxl_own, (compact, openpyxl_own, len(xml))


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_wide_file_is_cut_in_smaller_chunks(monkeypatch, tmp_path, suffix):
    """The chunk is bounded in cells, not rows: a header of many columns makes fewer rows (the
    exact CSV reader and Excel; pyarrow's blocks are bounded in bytes)."""
    monkeypatch.setattr(read, "CHUNK_CELLS", 400)
    header = [f"k{i}" for i in range(100)]
    records = [[f"r{r}c{c}" for c in range(100)] for r in range(25)]
    path = tmp_path / f"notifications.{suffix}"
    if suffix == "csv":
        path.write_text("".join(";".join(r) + "\r\n" for r in [header, *records]), encoding="utf-8")
    else:
        write_xlsx(path, [dict(zip(header, r, strict=True)) for r in records])
    source = read.open_file(path, "notifications", frozenset())
    chunks = list(read._read_csv_exact(source) if suffix == "csv" else source.chunks())
    assert [c.cells.num_rows for c in chunks] == [4] * 6 + [1]
    assert [r for c in chunks for r in c.rows.to_pylist()] == list(range(2, 27))
    assert chunks[-1].cells.to_pylist()[0]["c99"] == "r24c99"
