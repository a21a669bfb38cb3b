"""The analysts' own chapters (egne kapitler): Markdown files in the workspace's ``kapitler/``.

Much of an annual report is text no data gives: working methods, new initiatives, the story
behind the figures, the conclusion as the leaders want it said. A file's header says where it
goes and for which year; its text becomes paragraphs, bullet lists, tables and sections of the
same document model as the generated chapters, so it is in HTML, PDF, Word and Excel alike::

    ---
    kapitel: Konklusion
    placering: erstat
    år: 2013
    ---
    2013 har været endnu et aktivt år …

``placering`` for a generated chapter: ``erstat`` (the generated text goes), ``før`` (before it)
or ``efter`` (after it, the default); for a chapter of its own: ``før <kapitel>`` or ``efter
<kapitel>`` (default: just before Datagrundlag). Without ``år`` a file is in every year's report.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..contract.values import mask, parse_amount
from ..errors import BoernetalError
from .document import Bullets, Cell, Paragraph, Section, Table

#: the workspace folder of the analysts' chapters
FOLDER = "kapitler"
#: where a file's text goes in a generated chapter
PLACES = {"erstat": "replace", "før": "before", "efter": "after"}
KEYS = ("kapitel", "placering", "år")


@dataclass
class OwnChapter:
    """One file: its chapter title, where it goes, the years it is for, and its sections."""

    path: Path
    title: str
    place: str = "after"
    #: for a chapter of its own: the chapter it is placed next to (None: before Datagrundlag)
    next_to: str | None = None
    years: tuple[int, ...] = ()
    sections: list[Section] = field(default_factory=list)
    #: the header's line that says where the text goes (for messages)
    line: int = 2

    def for_year(self, year: int) -> bool:
        return not self.years or year in self.years


def problem(path: Path, line: int, what: str, fix: str) -> BoernetalError:
    return BoernetalError(f"{path.name}, linje {line}: {what}", fix)


def header(path: Path, text: str) -> tuple[dict[str, tuple[str, int]], str, int]:
    """The ``key: value`` lines between the first two ``---`` lines, the body, and its first line."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise problem(
            path,
            1,
            "filen begynder ikke med et hoved (en linje med ---)",
            "Begynd filen med tre linjer: ---, kapitel: <kapitlets titel>, --- (se docs/report.md).",
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise problem(
            path, 1, "hovedet slutter ikke (ingen linje med --- efter det)", "Afslut hovedet med ---."
        ) from None
    found: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(lines[1:end], start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key = key.strip().lower()
        if not colon or key not in KEYS:
            raise problem(
                path,
                number,
                f"'{line.strip()}' er ikke en af hovedets linjer",
                "Hovedet kan have kapitel:, placering: og år: (én pr. linje, fx 'år: 2013').",
            )
        found[key] = (value.split("#")[0].strip(), number)
    return found, "\n".join(lines[end + 1 :]), end + 2


def years_of(path: Path, value: str, line: int) -> tuple[int, ...]:
    try:
        years = tuple(int(y) for y in re.split(r"[,\s]+", value) if y)
    except ValueError:
        years = ()
    if not years or any(not 1990 <= y <= 2100 for y in years):
        raise problem(
            path, line, f"år: '{value}' er ikke et årstal", "Skriv fx 'år: 2013' eller 'år: 2012, 2013'."
        )
    return years


def no_cpr(path: Path, text: str) -> None:
    """A report is read by many: a CPR number in the analyst's text stops it."""
    for number, line in enumerate(text.splitlines(), start=1):
        if mask(line) != line:
            raise problem(
                path,
                number,
                "teksten indeholder noget, der ligner et CPR-nummer",
                "Fjern det: rapporten må ikke nævne CPR-numre. Skriv om barnet uden at kunne genkende det.",
            )


def read(path: Path) -> OwnChapter:
    """One chapter file, checked; its Markdown as sections of the document model."""
    try:
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError:
        raise BoernetalError(
            f"{path.name} er ikke gemt som UTF-8.",
            "Gem filen som UTF-8 (i Notesblok: Gem som → Kodning: UTF-8).",
        ) from None
    no_cpr(path, text)
    found, body, first_line = header(path, text)
    if not found.get("kapitel", ("", 0))[0]:
        raise problem(
            path, 1, "hovedet mangler 'kapitel:'", "Skriv kapitlets titel, fx 'kapitel: Arbejdsmetoder'."
        )
    title = found["kapitel"][0]
    chapter = OwnChapter(path, title)
    if "placering" in found:
        value, line = found["placering"]
        word, _, other = value.partition(" ")
        if word.lower() not in PLACES or (other and word.lower() == "erstat"):
            raise problem(
                path,
                line,
                f"placering: '{value}' kendes ikke",
                "Skriv 'erstat', 'før' eller 'efter' (i et af rapportens kapitler), "
                "eller 'før <kapitel>'/'efter <kapitel>' for et kapitel for sig.",
            )
        chapter.place, chapter.next_to = PLACES[word.lower()], other.strip() or None
        chapter.line = line
    if "år" in found:
        chapter.years = years_of(path, *found["år"])
    chapter.sections = sections(path, body, title, first_line)
    return chapter


def read_all(workspace: Path) -> list[OwnChapter]:
    folder = workspace / FOLDER
    return [read(path) for path in sorted(folder.glob("*.md"))] if folder.is_dir() else []


# -- Markdown to the document model ----------------------------------------------------------------
def inline_text(token: Token) -> str:
    """An inline token's words, without Markdown's marks (**fed**, links: their text); a picture
    raises ValueError with its address."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            raise ValueError(child.attrs.get("src"))
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def sections(path: Path, body: str, title: str, first_line: int) -> list[Section]:
    """The chapter's text: blocks before the first heading belong to the chapter itself; each
    heading (#, ## …) starts a section of it."""
    tokens = MarkdownIt("commonmark").enable("table").parse(body)

    def line(token: Token) -> int:
        return first_line + (token.map or [0])[0]

    def text(token: Token) -> str:
        try:
            return inline_text(token)
        except ValueError as picture:
            raise problem(
                path,
                line(token),
                f"billedet '{picture}' kan ikke bruges i et eget kapitel endnu",
                "Skriv tallene som en tabel i stedet (se docs/report.md).",
            ) from None

    current = Section(title)
    found = [current]
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "heading_open":
            current = Section(text(tokens[i + 1]), level=2)
            found.append(current)
            i += 3
        elif token.type == "paragraph_open":
            current.add(Paragraph(text(tokens[i + 1])))
            i += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            close = token.type.replace("_open", "_close")
            items, depth, j = [], 0, i
            while True:
                t = tokens[j]
                depth += t.nesting if t.type == token.type or t.type == close else 0
                if t.type == "inline":
                    items.append(text(t))
                if t.type == close and depth == 0:
                    break
                j += 1
            current.add(Bullets(items))
            i = j + 1
        elif token.type == "table_open":
            close = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
            last, caption = current.blocks[-1] if current.blocks else None, current.title
            if isinstance(last, Paragraph) and last.text.lower().startswith("tabel:"):
                current.blocks.pop()  # a paragraph "Tabel: …" right before a table is its caption
                caption = last.text[6:].strip()
            current.add(table(path, tokens[i:close], line(token), caption))
            i = close + 1
        else:
            i += 1
    return found


def table(path: Path, tokens: list[Token], line: int, title: str) -> Table:
    """A Markdown table: its first row is the header (the first cell heads the row labels)."""
    rows: list[list[str]] = []
    for token in tokens:
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline":
            rows[-1].append(inline_text(token))
    if len(rows) < 2:
        raise problem(path, line, "tabellen har ingen rækker under overskriften", "Tilføj mindst én række.")
    head, *body = rows
    return Table(title, head, [[Cell(row[0]), *map(cell, row[1:])] for row in body])


def cell(text: str) -> Cell:
    """A table cell: a Danish number ('1.234', '77,8 %', '1.263.248 kr.') is kept as a number, so
    the workbook has it as one; anything else as text."""
    kind = "percent" if text.endswith("%") else "kr" if text.endswith("kr.") else "count"
    value = parse_amount(text.removesuffix("%").removesuffix("kr.").strip()) if text else None
    if value is None:
        return Cell(text)
    if kind == "count" and not value.is_integer():
        kind = "number"
    return Cell(text, value, kind)  # type: ignore[arg-type]


# -- placing them in the report ----------------------------------------------------------------------
def merge(generated: list[Section], chapter: OwnChapter) -> list[Section]:
    """A generated chapter (its sections) with the analyst's text in it: instead of its text,
    before it (after the heading), or at its end; the file's own headings become parts."""
    own = chapter.sections
    if not generated:
        return own
    head, *rest = generated
    if chapter.place == "replace":
        return [Section(head.title, list(own[0].blocks)), *own[1:]]
    if chapter.place == "before":
        return [Section(head.title, [*own[0].blocks, *head.blocks]), *own[1:], *rest]
    *before, last = generated
    return [*before, Section(last.title, [*last.blocks, *own[0].blocks], last.level), *own[1:]]


def arrange(
    generated: list[tuple[str, list[Section]]], own: list[OwnChapter]
) -> tuple[list[Section], list[str]]:
    """The report's chapters in order, the analysts' merged in and placed, and the titles of the
    generated chapters left out for want of data (and of the analyst's text)."""
    titles = {title.casefold(): title for title, _ in generated}
    for chapter in own:
        if chapter.title.casefold() in titles:
            if chapter.next_to:
                raise problem(
                    chapter.path,
                    chapter.line,
                    f"'{chapter.title}' er et af rapportens kapitler; det kan ikke flyttes",
                    "Skriv 'placering: erstat', 'før' eller 'efter' uden et kapitel bagefter.",
                )
        elif chapter.place == "replace":
            raise problem(
                chapter.path,
                chapter.line,
                f"'{chapter.title}' er ikke et af rapportens kapitler, så der er intet at erstatte",
                f"Rapportens kapitler er {', '.join(titles.values())}. Vil du have et kapitel for sig, "
                "så skriv 'placering: efter <kapitel>'.",
            )
        elif chapter.next_to and chapter.next_to.casefold() not in titles:
            raise problem(
                chapter.path,
                chapter.line,
                f"kapitlet '{chapter.next_to}' findes ikke i rapporten",
                f"Rapportens kapitler er {', '.join(titles.values())}.",
            )

    def of_its_own(title: str | None, place: str) -> list[Section]:
        return [
            section
            for c in own
            if c.title.casefold() not in titles
            and (c.next_to or "").casefold() == (title or "").casefold()
            and (title is None or c.place == place)
            for section in c.sections
        ]

    sections: list[Section] = []
    left_out: list[str] = []
    for title, built in generated:
        sections += of_its_own(title, "before")
        for chapter in own:
            if chapter.title.casefold() == title.casefold():
                built = merge(built, chapter)
        if built:
            sections += built
        else:
            left_out.append(title)
        sections += of_its_own(title, "after")
    return [*sections, *of_its_own(None, "after")], left_out


def carry_forward(workspace: Path, year: int) -> list[Path]:
    """Last year's chapters copied as this year's starting point (``--carry-forward``): a file for
    ``year - 1`` only is copied to ``<name>-<year>.md`` with ``år: <year>``; nothing is overwritten."""
    written = []
    for chapter in read_all(workspace):
        if chapter.years != (year - 1,):
            continue
        stem = re.sub(r"-?\d{4}$", "", chapter.path.stem)
        target = chapter.path.with_name(f"{stem}-{year}.md")
        if target.exists() or any(c.title == chapter.title and c.for_year(year) for c in read_all(workspace)):
            continue
        text = chapter.path.read_text("utf-8-sig")
        text = re.sub(r"(?m)^(\s*år\s*:).*$", rf"\g<1> {year}", text, count=1)
        target.write_text(text, encoding="utf-8")
        shutil.copymode(chapter.path, target)
        written.append(target)
    return written
