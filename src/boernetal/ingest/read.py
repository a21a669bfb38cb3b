"""Reading input files as text cells, a chunk at a time: CSV as Danish exports really come, and XLSX.

The result is chunks of text cells (``c0``, ``c1``, …; None = empty) with the row number each
record has in a spreadsheet (header = row 1). Types are not looked at here: parsing and checking
happen in the staging database, by the contract's rules. A file is never held whole: memory stays
bounded whatever its size (``CHUNK_BYTES``, ``CHUNK_ROWS``, ``CHUNK_CELLS``; an Excel file's shared
texts are held compactly, ``SharedStrings``, and limited with its size, ``XLSX_*``).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import hashlib
import io
import os
import re
import zipfile
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, overload

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from ..contract.headers import normalised


class FileProblem(Exception):
    """The file as a whole cannot be read (``code`` as in messages.toml)."""

    def __init__(self, code: str, detail: str | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


@dataclass
class Chunk:
    """Consecutive records of a file. ``restart``: every chunk before this one is void, the file
    is being read again from its start (by the exact reader, after the fast one gave up)."""

    cells: pa.Table  # c0..cN, text or null
    rows: pa.Array  # spreadsheet row number of each record
    restart: bool = False


@dataclass
class SourceFile:
    """An input file opened for reading: what is known of it before its records are read."""

    path: Path
    sha256: str
    format: str  # "csv" or "xlsx"
    header: list[str]
    read: Callable[[SourceFile], Iterator[Chunk]] = field(repr=False)
    encoding: str | None = None
    delimiter: str | None = None
    blank_rows: int = 0  # counted as the chunks are read
    version: tuple[int, int, int] = (0, 0, 0)

    def chunks(self) -> Iterator[Chunk]:
        """The records, a chunk at a time; at the end, the file must be as it was when opened."""
        self.blank_rows = 0
        yield from self.read(self)
        try:
            unchanged = _version(self.path.stat()) == self.version
        except OSError:
            unchanged = False
        if not unchanged:
            raise FileProblem("file_changed")


XLSX_MAGIC = b"PK\x03\x04"
HEAD_SIZE = 65536  # bytes read to find the encoding, the delimiter and the header
CHUNK_BYTES = 32 << 20  # CSV text read and staged at a time
CHUNK_ROWS = 200_000  # records at a time from the exact reader and from Excel,
CHUNK_CELLS = 4_000_000  # and at most this many cells (fewer records for a wide header)


def chunk_rows(width: int) -> int:
    """Records per chunk for a header of ``width`` columns: a wide one must not make a chunk big."""
    return max(1, min(CHUNK_ROWS, CHUNK_CELLS // max(width, 1)))


def open_file(path: Path, kind: str, cpr_columns: frozenset[str] = frozenset()) -> SourceFile:
    """Open a CSV or XLSX file (recognised by content, not only by name) and read its header.

    Its hash is taken in chunks and pyarrow reads it itself, a block at a time. Not memory-mapped:
    a mapped file that shrinks or a network drive that drops ends the process. As the file is
    opened more than once, a file that changes meanwhile (an extract still being written) is
    refused at the end of ``chunks`` rather than loaded in part, or with the hash of other content.
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
        source = _open_xlsx(path, sha256, kind, cpr_columns)
    elif path.suffix.lower() in {".xls", ".xlsb", ".ods", ".numbers"}:
        raise FileProblem("file_format", path.suffix)
    else:
        source = _open_csv(path, head, sha256)
    source.version = before
    return source


@dataclass
class RawFile:
    """A whole file read at once (for tests and small files; ingest reads chunks)."""

    path: Path
    sha256: str
    format: str
    header: list[str]
    cells: pa.Table
    rows: pa.Array
    encoding: str | None = None
    delimiter: str | None = None
    blank_rows: int = 0


def read_file(path: Path, kind: str, cpr_columns: frozenset[str] = frozenset()) -> RawFile:
    """The whole file: its chunks put together."""
    source = open_file(path, kind, cpr_columns)
    chunks: list[Chunk] = []
    for chunk in source.chunks():
        chunks = [chunk] if chunk.restart else [*chunks, chunk]
    width = len(source.header)
    cells = pa.concat_tables([c.cells for c in chunks]) if chunks else _text_table([[] for _ in range(width)])
    rows = pa.concat_arrays([c.rows for c in chunks]) if chunks else pa.array([], pa.int32())
    return RawFile(
        path,
        source.sha256,
        source.format,
        source.header,
        cells,
        rows,
        source.encoding,
        source.delimiter,
        source.blank_rows,
    )


def _version(stat: os.stat_result) -> tuple[int, int, int]:
    """What changes when a file is written or replaced: its inode, size and modification time."""
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def _unreadable(path: Path, exc: OSError) -> FileProblem:
    """What a user is told when the file cannot be opened or read."""
    if isinstance(exc, FileNotFoundError):
        return FileProblem("file_missing")
    if path.is_dir():
        return FileProblem("file_unreadable", "det er en mappe, ikke en fil")
    return FileProblem("file_unreadable", os.strerror(exc.errno) if exc.errno else str(exc))


# --- CSV ------------------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding) of the start of a file: UTF-8 with or without BOM, else Windows-1252."""
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


def encoding_of(path: Path, start: str) -> str:
    """The encoding of a whole file whose first lines decode as ``start`` ('utf-8', 'utf-8-sig'
    or 'cp1252'), read a block at a time: a byte that is not UTF-8 far below a UTF-8 start makes
    it Windows-1252, unless the file has UTF-8 letters (then it is a stray byte, and an error)."""
    if start == "cp1252":
        return start
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset, letters, tail = 0, False, b""
    with path.open("rb") as file:
        while block := file.read(CHUNK_BYTES):
            letters = letters or bool(_UTF8_LETTER.search(tail + block))
            tail = block[-1:]
            pending = decoder.getstate()[0]
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                bad = offset - len(pending) + exc.start
                if letters or _UTF8_LETTER.search(block[exc.start :]) or _has_letter_after(file):
                    file.seek(max(0, bad - 4096))
                    window = file.read(8192)
                    raise FileProblem(
                        "file_encoding_stray", _where_in_file(path, bad, window, max(0, bad - 4096))
                    ) from None
                return "cp1252"
            offset += len(block)
    return start


def _has_letter_after(file: io.BufferedReader) -> bool:
    """Whether the rest of a file has a UTF-8 letter outside ASCII."""
    tail = b""
    while block := file.read(CHUNK_BYTES):
        if _UTF8_LETTER.search(tail + block):
            return True
        tail = block[-1:]
    return False


#: a letter outside ASCII written in UTF-8 (two bytes: Æ Ø Å æ ø å é ü …); Windows-1252 text has
#: them only where a capital letter such as Ã or Ø stands right before a sign such as ’ or ½
_UTF8_LETTER = re.compile(rb"[\xc3-\xc5][\x80-\xbf]")


def _where(data: bytes, offset: int) -> str:
    """Where a byte is, as a person finds it: the line, the character's place in it, the byte."""
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    place = len(data[start:offset].decode("utf-8", "replace")) + 1
    return f"linje {line}, tegn {place} (byten 0x{data[offset]:02X})"


def _where_in_file(path: Path, offset: int, window: bytes, window_start: int) -> str:
    """``_where`` for a byte of a file too large to hold: lines counted a block at a time."""
    lines = 0
    with path.open("rb") as file:
        done = 0
        while done < offset and (block := file.read(min(CHUNK_BYTES, offset - done))):
            lines += block.count(b"\n")
            done += len(block)
    inside = offset - window_start
    start = window.rfind(b"\n", 0, inside) + 1
    place = len(window[start:inside].decode("utf-8", "replace")) + 1
    return f"linje {lines + 1}, tegn {place} (byten 0x{window[inside]:02X})"


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: the most frequent of ';', ',' and tab outside quotes."""
    end = text.find("\n")
    first = text if end < 0 else text[:end]
    unquoted = re.sub(r'"[^"]*"', "", first)
    counts = {d: unquoted.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _open_csv(path: Path, start: bytes, sha256: str) -> SourceFile:
    """A CSV file whose first ``HEAD_SIZE`` bytes are ``start``."""
    head, encoding = decode(_head(start))
    delimiter = sniff_delimiter(head)
    header = next(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter), [])
    if not any(h.strip() for h in header):
        raise FileProblem("no_header")
    return SourceFile(path, sha256, "csv", header, _csv_chunks, encoding, delimiter)


def _csv_chunks(source: SourceFile) -> Iterator[Chunk]:
    """pyarrow's reader, a block at a time; where it cannot read the file as a spreadsheet numbers
    its rows, the exact reader from the start (``restart``)."""
    yielded = False
    try:
        for chunk in _read_csv_fast(source):
            yielded = True
            yield chunk
        return
    except (pa.ArrowException, OSError):  # OSError: the file went away (the exact reader says so)
        pass
    first = True
    for chunk in _read_csv_exact(source):
        chunk.restart = first and yielded
        first = False
        yield chunk


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


def _read_csv_fast(source: SourceFile) -> Iterator[Chunk]:
    """pyarrow's multi-threaded reader, a block of whole lines at a time (``CHUNK_BYTES``).

    Lines are records here: a blank line, a quoted line break or a row with the wrong number of
    fields makes pyarrow stop (row numbers would no longer be those a spreadsheet shows); it
    raises, and the exact reader takes over. The blocks are cut by this function, not by pyarrow's
    streaming reader, which reads far ahead of what is used (memory would grow with the file).
    """
    names = _names(len(source.header))
    options = {
        "read_options": pa_csv.ReadOptions(column_names=names, block_size=CHUNK_BYTES),
        "parse_options": pa_csv.ParseOptions(delimiter=source.delimiter, ignore_empty_lines=False),
        "convert_options": pa_csv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=True, null_values=[""]
        ),
    }
    first = 2
    with source.path.open("rb") as file:
        _skip_line(file)  # the header
        rest = b""
        while True:
            block = file.read(CHUNK_BYTES)
            data, cut = rest + block, len(rest + block)
            if block:
                cut = data.rfind(b"\n") + 1
                if cut == 0:  # no line end in a whole block: the exact reader says where
                    raise FileProblem("line_too_long", f"linje {first}")
            lines, rest = data[:cut], data[cut:]
            if lines:
                if source.encoding == "cp1252":  # one byte a character: any cut is between two
                    lines = lines.decode("cp1252").encode("utf-8")
                table = pa_csv.read_csv(pa.BufferReader(lines), **options)
                if table.num_rows:
                    yield Chunk(table, row_numbers(first, table.num_rows))
                    first += table.num_rows
            if not block:
                return


def _skip_line(file: io.BufferedReader) -> None:
    """Read past the first line (its length is bounded: ``_head`` found its end)."""
    file.readline(HEAD_SIZE)


def row_numbers(first: int, count: int) -> pa.Array:
    """``count`` row numbers from ``first``, made from a NumPy range: ``pa.array`` of Python values
    or of a NumPy array would import pandas (pyarrow checks for pandas objects), which an import
    otherwise never needs (half a second on a cold start)."""
    numbers = np.arange(first, first + count, dtype=np.int32)
    return pa.Array.from_buffers(pa.int32(), count, [None, pa.py_buffer(numbers)])


def _read_csv_exact(source: SourceFile) -> Iterator[Chunk]:
    """The standard library's reader: slower, but knows every record's row and field count."""
    encoding = encoding_of(source.path, source.encoding or "utf-8")
    try:
        file = source.path.open(encoding=encoding, newline="")
    except OSError as exc:
        raise _unreadable(source.path, exc) from None
    with file:
        reader = _records(csv.reader(file, delimiter=source.delimiter or ","))
        next(reader, None)
        width = len(source.header)
        size = chunk_rows(width)
        columns: list[list[str | None]] = [[] for _ in range(width)]
        rows: list[int] = []
        ragged: list[tuple[int, int]] = []  # the first five
        more_ragged = 0
        for number, record in enumerate(reader, start=2):
            if not record:
                source.blank_rows += 1
                continue
            if len(record) > width and not any(f.strip() for f in record[width:]):
                record = record[:width]
            if len(record) != width:
                if len(ragged) < 5:
                    ragged.append((number, len(record)))
                else:
                    more_ragged += 1
                continue
            if ragged:  # the file is refused at its end: nothing more to keep
                continue
            rows.append(number)
            for i, value in enumerate(record):
                columns[i].append(value)
            if len(rows) == size:
                yield Chunk(_text_table(columns), pa.array(rows, type=pa.int32()))
                columns, rows = [[] for _ in range(width)], []
    if ragged:
        raise FileProblem(
            "wrong_field_count",
            "; ".join(f"række {n} har {k} felter" for n, k in ragged)
            + f" (overskriften har {width})"
            + (f" og {more_ragged} rækker mere" if more_ragged else ""),
        )
    if rows:
        yield Chunk(_text_table(columns), pa.array(rows, type=pa.int32()))


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
        except UnicodeDecodeError:  # the file changed since its encoding was read
            raise FileProblem("file_changed") from None
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


#: the most an Excel file may unpack to, its shared strings (held whole by the reader) and cells:
#: beyond any case-system extract, and refused before anything is unpacked (a "zip bomb" of 1 MB
#: can unpack to gigabytes of XML)
XLSX_UNPACKED = 1 << 30
XLSX_STRINGS = 256 << 20
XLSX_CELLS = 50_000_000


def _open_xlsx(path: Path, sha256: str, kind: str, cpr_columns: frozenset[str]) -> SourceFile:
    _check_xlsx_size(path)
    with _workbook(path) as book:
        sheet = _sheet(book, kind)
        if (sheet.max_row or 0) * (sheet.max_column or 0) > XLSX_CELLS:
            from boernetal.danish import number

            raise FileProblem(
                "xlsx_too_large", f"{number(sheet.max_row)} rækker × {number(sheet.max_column)} kolonner"
            )
        header_cells = next(sheet.iter_rows(max_row=1), ())
        header = [str(c.value).strip() if c.value is not None else "" for c in header_cells]
    if not any(header):
        raise FileProblem("no_header")

    def chunks(source: SourceFile) -> Iterator[Chunk]:
        yield from _xlsx_chunks(source, kind, cpr_columns)

    return SourceFile(path, sha256, "xlsx", header, chunks)


def _check_xlsx_size(path: Path) -> None:
    """Refuse a workbook that would unpack to more than the limits, from its directory alone."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileProblem("file_unreadable", f"ikke en gyldig Excel-fil ({type(exc).__name__})") from None
    unpacked = sum(e.file_size for e in entries)
    strings = sum(e.file_size for e in entries if e.filename.lower().endswith("sharedstrings.xml"))
    if unpacked > XLSX_UNPACKED or strings > XLSX_STRINGS:
        from boernetal.danish import number

        raise FileProblem("xlsx_too_large", f"den fylder {number(unpacked / (1 << 20))} MB udpakket")


class _workbook:
    """An Excel workbook opened for reading row by row, closed after use."""

    def __init__(self, path: Path) -> None:
        from openpyxl.utils.exceptions import InvalidFileException  # only XLSX files need openpyxl

        try:
            self.file = path.open("rb")  # a file, not a name: a workbook named .csv is read too
        except OSError as exc:
            raise _unreadable(path, exc) from None
        try:
            reader = _excel_reader()(self.file, read_only=True, data_only=True)
            reader.read()
            self.book = reader.wb
        except (InvalidFileException, KeyError, OSError, ValueError, zipfile.BadZipFile) as exc:
            self.file.close()
            raise FileProblem("file_unreadable", f"ikke en gyldig Excel-fil ({type(exc).__name__})") from None

    def __enter__(self) -> Any:
        return self.book

    def __exit__(self, *exc: object) -> None:
        self.book.close()
        self.file.close()


@functools.cache
def _excel_reader() -> type:
    """openpyxl's reader with the shared texts kept compact (``SharedStrings``): it holds them as
    a list of Python strings, about seven times the size of their XML for short texts."""
    from openpyxl.reader.excel import ExcelReader

    class Reader(ExcelReader):
        def read_strings(self) -> None:
            from openpyxl.xml.constants import SHARED_STRINGS

            part = self.package.find(SHARED_STRINGS)
            if part is not None:
                with self.archive.open(part.PartName[1:]) as src:
                    self.shared_strings = SharedStrings.read(src)

    return Reader


class SharedStrings(Sequence[str]):
    """A workbook's shared texts as one UTF-8 buffer and their offsets: the read-only reader
    looks one up per cell (``strings[i]``); the whole table stays about the size of its text."""

    def __init__(self, data: bytearray, offsets: array) -> None:
        self.data, self.offsets = data, offsets
        # a text used in many cells (a category, a team) is one object in all of them, as in a list
        self._text = functools.lru_cache(maxsize=1 << 16)(self._decode)

    @classmethod
    def read(cls, source: IO[bytes]) -> SharedStrings:
        from openpyxl.cell.text import Text
        from openpyxl.xml.constants import SHEET_MAIN_NS
        from openpyxl.xml.functions import iterparse

        item, plain = f"{{{SHEET_MAIN_NS}}}si", f"{{{SHEET_MAIN_NS}}}t"
        data, offsets = bytearray(), array("L", [0])  # at least 4 bytes: XLSX_STRINGS is below 4 GB
        root = None
        for event, node in iterparse(source, events=("start", "end")):
            if root is None:
                root = node
            elif event == "end" and node.tag == item:
                if len(node) == 1 and node[0].tag == plain:  # most texts: no formatting
                    text = node[0].text or ""
                else:
                    text = Text.from_tree(node).content
                text = text.replace("x005F_", "")  # as openpyxl reads it
                data += text.encode("utf-8", "surrogatepass")
                offsets.append(len(data))
                root.clear()  # a cleared item still hangs on the root: let it go
        return cls(data, offsets)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._text(index)

    def _decode(self, index: int) -> str:
        return self.data[self.offsets[index] : self.offsets[index + 1]].decode("utf-8", "surrogatepass")


def _sheet(book: Any, kind: str) -> Any:
    """The sheet named after the kind, else the first."""
    sheets = {ws.title.strip().lower(): ws for ws in book.worksheets}
    sheet = sheets.get(kind, book.worksheets[0] if book.worksheets else None)
    if sheet is None:
        raise FileProblem("no_header")
    return sheet


def _xlsx_chunks(source: SourceFile, kind: str, cpr_columns: frozenset[str]) -> Iterator[Chunk]:
    header = source.header
    cpr_positions = {i for i, h in enumerate(header) if normalised(h) in cpr_columns}
    width = len(header)
    size = chunk_rows(width)
    with _workbook(source.path) as book:
        records = _sheet(book, kind).iter_rows()
        header_cells = next(records, ())
        columns: list[list[str | None]] = [[] for _ in range(width)]
        rows: list[int] = []
        number = getattr(header_cells[0], "row", None) or 1 if header_cells else 1
        for cells in records:
            number = next((c.row for c in cells if getattr(c, "row", None)), number + 1)
            values = [_xlsx_text(c, i in cpr_positions) for i, c in enumerate(cells)]
            if not any(v not in (None, "") for v in values):
                source.blank_rows += 1
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
            if len(rows) == size:
                yield Chunk(_text_table(columns), pa.array(rows, type=pa.int32()))
                columns, rows = [[] for _ in range(width)], []
    if rows:
        yield Chunk(_text_table(columns), pa.array(rows, type=pa.int32()))


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
