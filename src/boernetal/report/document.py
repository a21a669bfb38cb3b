"""The report as a document model: sections of paragraphs, tables and figures.

Every format (HTML, PDF, Word, Excel) renders this one model, so the formats cannot disagree about
a number. Sections build it from the indicators; they never format a page themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Literal

import altair as alt
import pandas as pd

CellKind = Literal["label", "count", "number", "kr", "percent"]
SUPPRESSED = "–"


@dataclass(frozen=True)
class Cell:
    """One table cell: the value as a number (None when empty or suppressed) and as Danish text."""

    text: str
    value: float | None = None
    kind: CellKind = "label"
    suppressed: bool = False


@dataclass
class Table:
    """A table of the report, with the indicator ids it shows (Excel puts them beside it)."""

    kind: ClassVar[str] = "table"
    title: str
    header: list[str]
    rows: list[list[Cell]]
    indicators: tuple[str, ...] = ()
    #: row indexes printed in bold: subtotals ("i alt") and totals
    totals: frozenset[int] = frozenset()
    note: str | None = None
    number: int = 0

    #: a table of at most this many rows is kept on one page; a longer one runs on, its header
    #: repeated on every page
    SHORT: ClassVar[int] = 12

    @property
    def has_suppressed(self) -> bool:
        return any(cell.suppressed for row in self.rows for cell in row)

    @property
    def short(self) -> bool:
        return len(self.rows) <= self.SHORT


@dataclass
class Figure:
    """A chart with its caption, a text alternative, and the data it draws (for Excel and checks)."""

    kind: ClassVar[str] = "figure"
    caption: str
    chart: alt.TopLevelMixin
    data: pd.DataFrame
    alt_text: str
    indicators: tuple[str, ...] = ()
    #: the column of ``data`` holding counts about children (checked by disclosure tests)
    counts: str | None = None
    number: int = 0

    @property
    def drawn(self) -> pd.DataFrame:
        """The rows the chart draws (those whose value is not hidden); a layered chart without
        data of its own draws ``data``."""
        data = getattr(self.chart, "data", None)
        return data if isinstance(data, pd.DataFrame) else self.data

    @property
    def hidden(self) -> bool:
        """Whether some value is hidden, and so not drawn."""
        return len(self.drawn) < len(self.data)


@dataclass
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    text: str


@dataclass
class Bullets:
    kind: ClassVar[str] = "bullets"
    items: list[str]


Block = Paragraph | Bullets | Table | Figure


@dataclass
class Section:
    """A chapter (level 1) or a part of one (level 2), e.g. Underretningsstatistik › Hvem underretter?"""

    title: str
    blocks: list[Block] = field(default_factory=list)
    level: int = 1
    anchor: str = ""

    def add(self, *blocks: Block | None) -> Section:
        self.blocks.extend(b for b in blocks if b is not None and not _empty(b))
        return self

    @property
    def empty(self) -> bool:
        return not self.blocks


def _empty(block: Block) -> bool:
    if isinstance(block, Paragraph):
        return not block.text.strip()
    if isinstance(block, Bullets):
        return not block.items
    if isinstance(block, Table):
        return not block.rows
    return block.drawn.empty


@dataclass
class Report:
    title: str
    organisation: str
    year: int
    municipalities: dict[str, str]
    published: bool
    min_cell: int
    sections: list[Section]
    #: section titles left out for want of data (listed under Datagrundlag)
    left_out: list[str] = field(default_factory=list)
    #: every count of children the text states (the disclosure tests check them)
    counts_stated: list[float] = field(default_factory=list)
    #: whether it counts children (the annual report); a business case does not, and has no
    #: internal mark and no disclosure control to speak of
    about_children: bool = True
    #: whether the cover has a page of its own in print (a long report); a short document has its
    #: cover and contents on the first page, as Word has them always
    cover_page: bool = True

    @property
    def internal_mark(self) -> str | None:
        return None if self.published or not self.about_children else "Til intern brug – indeholder små tal"

    def number_blocks(self) -> None:
        """Number tables and figures in reading order: "Tabel 2", "Figur 3"."""
        tables = figures = 0
        for index, section in enumerate(self.sections, start=1):
            section.anchor = f"afsnit-{index}"
            for block in section.blocks:
                if isinstance(block, Table):
                    tables += 1
                    block.number = tables
                elif isinstance(block, Figure):
                    figures += 1
                    block.number = figures

    @property
    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    @property
    def figures(self) -> list[Figure]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Figure)]
