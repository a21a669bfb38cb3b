"""Reading input files as text cells: CSV as Danish exports really come, and XLSX.

The result is a table of text cells (``c0``, ``c1``, …; None = empty) with the row number each
record has in a spreadsheet (header = row 1). Types are not looked at here: parsing and checking
happen in the staging database, by the contract's rules.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv


class FileProblem(Exception):
    """The file as a whole cannot be read (``code`` as in messages.toml)."""

    def __init__(self, code: str, detail: str | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


@dataclass
class RawFile:
    path: Path
    sha256: str
    format: str  # "csv" or "xlsx"
    header: list[str]
    cells: pa.Table  # c0..cN, text or null
    rows: pa.Array  # spreadsheet row number of each record
    encoding: str | None = None
    delimiter: str | None = None
    blank_rows: int = 0


XLSX_MAGIC = b"PK\x03\x04"
HEAD_SIZE = 65536  # bytes read to find the encoding, the delimiter and the header


def read_file(path: Path, kind: str, cpr_columns: frozenset[str] = frozenset()) -> RawFile:
    """Read a CSV or XLSX file (recognised by content, not only by name).

    The file is not read into Python as a whole unless it must be (Excel, Windows-1252, or a CSV
    that only the exact reader can read): its hash is taken in chunks and pyarrow reads it itself,
    which spares a fresh process a copy of the whole file (0.1–0.3 s for 1 M rows). Not memory-
    mapped either: a mapped file that shrinks or a network drive that drops ends the process.

    As the file is opened more than once, a file that changes meanwhile (an extract still being
    written) is refused rather than loaded in part, or with the hash of other content.
    """
    try:
        with path.open("rb") as file:
            before = _version(path.stat())  # by path, as after reading: fstat may differ on a share
            head = file.read(HEAD_SIZE)
            file.seek(0)
            sha256 = hashlib.file_digest(file, "sha256").hexdigest()
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if not head:
        raise FileProblem("file_empty")
    if head.startswith(XLSX_MAGIC):
        raw = _read_xlsx(path, _read_bytes(path), sha256, kind, cpr_columns)
    elif path.suffix.lower() in {".xls", ".xlsb", ".ods", ".numbers"}:
        raise FileProblem("file_format", path.suffix)
    else:
        raw = _read_csv(path, head, sha256)
    try:
        unchanged = _version(path.stat()) == before
    except OSError:
        unchanged = False
    if not unchanged:
        raise FileProblem("file_changed")
    return raw


def _version(stat: os.stat_result) -> tuple[int, int, int]:
    """What changes when a file is written or replaced: its inode, size and modification time."""
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def _read_bytes(path: Path) -> bytes:
    """The whole file (it may have gone since it was first opened)."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, exc) from None


def _unreadable(path: Path, exc: OSError) -> FileProblem:
    """What a user is told when the file cannot be opened or read."""
    if isinstance(exc, FileNotFoundError):
        return FileProblem("file_missing")
    if path.is_dir():
        return FileProblem("file_unreadable", "det er en mappe, ikke en fil")
    return FileProblem("file_unreadable", os.strerror(exc.errno) if exc.errno else str(exc))


# --- CSV ------------------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 with or without BOM, else Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise FileProblem("file_encoding") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileProblem("file_encoding_utf16")
    if b"\x00" in data[:4096]:
        raise FileProblem("file_binary")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if _UTF8_LETTER.search(data):
            raise FileProblem("file_encoding_stray", _where(data, exc.start)) from None
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise FileProblem("file_encoding") from None


#: a letter outside ASCII written in UTF-8 (two bytes: Æ Ø Å æ ø å é ü …); Windows-1252 text has
#: them only where a capital letter such as Ã or Ø stands right before a sign such as ’ or ½
_UTF8_LETTER = re.compile(rb"[\xc3-\xc5][\x80-\xbf]")


def _where(data: bytes, offset: int) -> str:
    """Where a byte is, as a person finds it: the line, the character's place in it, the byte."""
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    place = len(data[start:offset].decode("utf-8", "replace")) + 1
    return f"linje {line}, tegn {place} (byten 0x{data[offset]:02X})"


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: the most frequent of ';', ',' and tab outside quotes."""
    end = text.find("\n")
    first = text if end < 0 else text[:end]
    unquoted = re.sub(r'"[^"]*"', "", first)
    counts = {d: unquoted.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(path: Path, start: bytes, sha256: str) -> RawFile:
    """A CSV file whose first ``HEAD_SIZE`` bytes are ``start``."""
    head, encoding = decode(_head(start))
    delimiter = sniff_delimiter(head)
    header = next(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter), [])
    if not any(h.strip() for h in header):
        raise FileProblem("no_header")
    if encoding != "cp1252":
        # pyarrow reads the file and checks UTF-8 itself, no decoding here (a byte-order mark is
        # part of the header line, which it skips)
        fast = _read_csv_fast(path, header, delimiter)
        if fast is not None:
            return RawFile(path, sha256, "csv", header, *fast, encoding, delimiter)
    text, encoding = decode(_read_bytes(path))
    if encoding == "cp1252":
        fast = _read_csv_fast(text.encode("utf-8"), header, delimiter)
        if fast is not None:
            return RawFile(path, sha256, "csv", header, *fast, encoding, delimiter)
    cells, rows, blank = _read_csv_exact(text, header, delimiter)
    return RawFile(path, sha256, "csv", header, cells, rows, encoding, delimiter, blank_rows=blank)


def _head(start: bytes) -> bytes:
    """The first lines of a file from its first ``HEAD_SIZE`` bytes, cut at a line end so that no
    character is split."""
    if len(start) < HEAD_SIZE:  # the whole file
        return start
    end = start.rfind(b"\n")
    if end < 0:  # no header of a contract is that long
        raise FileProblem("line_too_long", "linje 1")
    return start[: end + 1]


def _names(n: int) -> list[str]:
    return [f"c{i}" for i in range(n)]


def _text_table(columns: list[list[str | None]]) -> pa.Table:
    names = _names(len(columns))
    return pa.table({name: pa.array(col, type=pa.string()) for name, col in zip(names, columns, strict=True)})


def _read_csv_fast(
    source: Path | bytes, header: list[str], delimiter: str
) -> tuple[pa.Table, pa.Array] | None:
    """pyarrow's multi-threaded reader of a UTF-8 file (or its bytes); None when the file needs the
    exact reader.

    A blank line, a quoted line break or a row with the wrong number of fields makes pyarrow stop
    (row numbers would no longer be those a spreadsheet shows); the exact reader takes over.
    """
    names = _names(len(header))
    try:
        table = pa_csv.read_csv(
            str(source) if isinstance(source, Path) else pa.BufferReader(source),
            read_options=pa_csv.ReadOptions(column_names=names, skip_rows=1, block_size=1 << 20),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=True, null_values=[""]
            ),
        )
    except (pa.ArrowException, OSError):  # OSError: the file went away (the exact reader says so)
        return None
    return table, row_numbers(2, table.num_rows)


def row_numbers(first: int, count: int) -> pa.Array:
    """``count`` row numbers from ``first``, made from a NumPy range: ``pa.array`` of Python values
    or of a NumPy array would import pandas (pyarrow checks for pandas objects), which an import
    otherwise never needs (half a second on a cold start)."""
    numbers = np.arange(first, first + count, dtype=np.int32)
    return pa.Array.from_buffers(pa.int32(), count, [None, pa.py_buffer(numbers)])


def _read_csv_exact(text: str, header: list[str], delimiter: str) -> tuple[pa.Table, pa.Array, int]:
    """The standard library's reader: slower, but knows every record's row and field count."""
    reader = _records(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    next(reader, None)
    width = len(header)
    columns: list[list[str | None]] = [[] for _ in range(width)]
    rows: list[int] = []
    blank = 0
    ragged: list[tuple[int, int]] = []
    for number, record in enumerate(reader, start=2):
        if not record:
            blank += 1
            continue
        if len(record) > width and not any(f.strip() for f in record[width:]):
            record = record[:width]
        if len(record) != width:
            ragged.append((number, len(record)))
            continue
        rows.append(number)
        for i, value in enumerate(record):
            columns[i].append(value)
    if ragged:
        raise FileProblem(
            "wrong_field_count",
            "; ".join(f"række {n} har {k} felter" for n, k in ragged[:5])
            + f" (overskriften har {width})"
            + (f" og {len(ragged) - 5} rækker mere" if len(ragged) > 5 else ""),
        )
    table = _text_table(columns)
    return table, pa.array(rows, type=pa.int32()), blank


def _records(reader: Any) -> Iterator[list[str]]:
    """The reader's records; a field beyond the csv module's limit (a line that never ends) is a
    file problem naming the line, not the csv module's error."""
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field limit" in str(exc):
                raise FileProblem("line_too_long", f"linje {reader.line_num}") from None
            raise FileProblem("file_unreadable", f"linje {reader.line_num}: {exc}") from None
        yield record


# --- cells --------------------------------------------------------------------------------------


def clean(column: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Cells as the contract reads them: trimmed of white space (no-break spaces too), empty = null.

    A column with nothing to trim and no empty cell is returned as it is: most are, and copying
    every text of a million-row file costs more than looking at the first and last byte of each.
    (No Python value is handed to pyarrow here: converting one imports pandas, see row_numbers.)
    """
    if pc.min(pc.binary_length(column)).as_py() != 0 and not _may_have_edge_space(column):
        return column
    trimmed = pc.utf8_trim_whitespace(column)
    filled = pc.cast(pc.binary_length(trimmed), pa.bool_())  # null stays null
    return pc.if_else(filled, trimmed, pa.nulls(len(trimmed), pa.string()))


#: bytes a text may start or end with when white space surrounds it: ASCII white space (tab to
#: carriage return, the separators 0x1c-0x1f, space), and any byte of a multi-byte character
_EDGE_SPACE = np.zeros(256, dtype=bool)
_EDGE_SPACE[[*range(0x09, 0x0E), *range(0x1C, 0x21), *range(0x80, 0x100)]] = True


def _may_have_edge_space(column: pa.Array | pa.ChunkedArray) -> bool:
    """Whether a text of the column may begin or end with white space (False only when none does)."""
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    for chunk in chunks:
        if chunk.type not in (pa.string(), pa.large_string()):
            return True
        _, offsets, data = chunk.buffers()
        if data is None:  # no text at all
            continue
        width = np.int32 if chunk.type == pa.string() else np.int64
        bounds = np.frombuffer(offsets, width, len(chunk) + 1, chunk.offset * np.dtype(width).itemsize)
        starts, ends = bounds[:-1], bounds[1:]
        filled = ends > starts  # an empty or null cell has no byte to look at
        text = np.frombuffer(data, np.uint8)
        if _EDGE_SPACE[text[starts[filled]]].any() or _EDGE_SPACE[text[ends[filled] - 1]].any():
            return True
    return False


# --- XLSX -----------------------------------------------------------------------------------------


def _read_xlsx(path: Path, data: bytes, sha256: str, kind: str, cpr_columns: frozenset[str]) -> RawFile:
    import openpyxl  # imported here: only XLSX files need it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise FileProblem("file_unreadable", f"ikke en gyldig Excel-fil ({type(exc).__name__})") from None
    try:
        sheets = {ws.title.strip().lower(): ws for ws in book.worksheets}
        sheet = sheets.get(kind, book.worksheets[0] if book.worksheets else None)
        if sheet is None:
            raise FileProblem("no_header")
        records = sheet.iter_rows()
        header_cells = next(records, ())
        header = [str(c.value).strip() if c.value is not None else "" for c in header_cells]
        if not any(header):
            raise FileProblem("no_header")
        cpr_positions = {i for i, h in enumerate(header) if h.strip().lower() in cpr_columns}
        width = len(header)
        columns: list[list[str | None]] = [[] for _ in range(width)]
        rows: list[int] = []
        blank = 0
        number = getattr(header_cells[0], "row", None) or 1
        for cells in records:
            number = next((c.row for c in cells if getattr(c, "row", None)), number + 1)
            values = [_xlsx_text(c, i in cpr_positions) for i, c in enumerate(cells)]
            if not any(v not in (None, "") for v in values):
                blank += 1
                continue
            if len(values) > width:
                if any(v not in (None, "") for v in values[width:]):
                    raise FileProblem(
                        "wrong_field_count", f"række {number} har værdier til højre for overskriften"
                    )
                values = values[:width]
            values += [None] * (width - len(values))
            rows.append(number)
            for i, value in enumerate(values):
                columns[i].append(value)
    finally:
        book.close()
    table = _text_table(columns)
    return RawFile(path, sha256, "xlsx", header, table, pa.array(rows, type=pa.int32()))


def _xlsx_text(cell: object, is_cpr: bool) -> str | None:
    """A cell as the text the contract's rules read: dates ISO, numbers with a decimal comma."""
    value = getattr(cell, "value", None)
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        fmt = (getattr(cell, "number_format", "") or "").lower()
        has_time = value.time() != dt.time(0) or "h" in fmt
        return value.strftime("%Y-%m-%d %H:%M:%S" if has_time else "%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, int | float):
        if float(value).is_integer():
            text = str(int(value))
            # A CPR number stored as a number has lost its leading zero.
            return text.zfill(10) if is_cpr and len(text) == 9 else text
        # A decimal comma, so that the column's style does not make 1,234 (=1.234) read as 1234.
        return format(Decimal(repr(value)), "f").replace(".", ",")
    return str(value)
