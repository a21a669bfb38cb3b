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
