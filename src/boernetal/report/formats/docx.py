"""Word: a document an analyst edits before the committee — real Heading styles (Word's navigation
pane and table of contents work), Word tables, figures as images with numbered captions, page
numbers, and the internal mark in the header of every page."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Inches, Pt, RGBColor
from docx.text.paragraph import Paragraph as WordParagraph

from ...charts import png
from ..charts import draw_all
from ..document import Bullets, Figure, Paragraph, Report, Table

BLUE = RGBColor(0x0B, 0x53, 0x94)
#: PNGs are drawn at twice their size, for sharp print; shown at their natural size (96 px per inch)
SCALE = 2.0


def field(paragraph: WordParagraph, code: str, placeholder: str = "") -> None:
    """A Word field (PAGE, NUMPAGES …) that Word fills in when the document is opened or updated."""
    paragraph._p.append(field_start(code))
    paragraph.add_run(placeholder)
    paragraph._p.append(field_end())


def field_start(code: str) -> Any:
    """A run that begins field ``code``; what follows up to :func:`field_end` is its shown result."""
    run = OxmlElement("w:r")
    for kind in ("begin", "instr", "separate"):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {code} "
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run.append(element)
    return run


def field_end() -> Any:
    run = OxmlElement("w:r")
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), "end")
    run.append(mark)
    return run


def contents(doc: Document, headings: list[tuple[str, int]]) -> None:
    """The table of contents as a Word TOC field whose shown result is already the headings, so it
    reads right when the file is opened; Word adds the page numbers when the field is updated (F9,
    or before printing)."""
    paragraphs = [doc.add_paragraph() for _ in headings]
    for paragraph, (title, level) in zip(paragraphs, headings, strict=True):
        paragraph.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.add_run(title).bold = level == 1
    first = paragraphs[0]._p
    first.insert(1 if first.pPr is not None else 0, field_start('TOC \\o "1-2" \\h \\z \\u'))
    paragraphs[-1]._p.append(field_end())


#: the width of the text area (A4 less the margins), about one (bold) character's width in a
#: table, and a cell's left and right margins together
TEXT_WIDTH = Cm(16.6)
CHARACTER = Cm(0.24)  # at the body's 11 pt
#: the type of a table too wide for the page at 11 pt
SMALL = Pt(8)
CELL_MARGINS = Cm(0.45)


def widths(block: Table, character: int = CHARACTER) -> list[int]:
    """Column widths fitted to their longest text: numbers (and words; a heading may run over two
    lines between its words) are never broken, and the first column (account names, categories)
    gets what is left, so that it runs on one line where it can."""
    longest = [
        max(len(text) for text in (*block.header[i].split(), *(row[i].text for row in block.rows)))
        for i in range(len(block.header))
    ]
    numbers = [int(character * n + CELL_MARGINS) for n in longest[1:]]
    first = int(character * min(longest[0], 12) + CELL_MARGINS)
    return [max(int(TEXT_WIDTH) - sum(numbers), first), *numbers]


def fitted(block: Table) -> tuple[list[int], bool]:
    """The widths, and whether the table is set small: a table of many number columns (a business
    case's percentiles) is set in a smaller type rather than run off the page."""
    normal = widths(block)
    if sum(normal) <= TEXT_WIDTH:
        return normal, False
    return widths(block, int(CHARACTER * SMALL.pt / 11)), True


def repeat_as_header(row: Any) -> None:
    """The row is repeated at the top of every page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    properties.append(mark)


def kept_whole(row: Any) -> None:
    """A row is not split between two pages."""
    mark = OxmlElement("w:cantSplit")
    mark.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(mark)


def kept_with_next(row: Any) -> None:
    """The row stays on the page of the row after it (Word's way to keep a short table whole)."""
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


def plain_first_column(table: Any) -> None:
    """The table style's banded header row, without its bold first column (row labels are text)."""
    properties = table._tbl.tblPr
    look = properties.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        properties.append(look)
    for name, value in (("firstRow", "1"), ("lastRow", "0"), ("firstColumn", "0"), ("lastColumn", "0")):
        look.set(qn(f"w:{name}"), value)
    look.set(qn("w:val"), "0420")  # the same flags in Word 2007's bit mask


def table(doc: Document, block: Table, min_cell: int) -> None:
    caption = doc.add_paragraph(f"Tabel {block.number}: {block.title}", style="Caption")
    caption.paragraph_format.keep_with_next = True  # the caption stays with its table
    t = doc.add_table(rows=1, cols=len(block.header))
    t.style = "Light List Accent 1"
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    t.autofit = False
    plain_first_column(t)
    repeat_as_header(t.rows[0])
    for i, (cell, text) in enumerate(zip(t.rows[0].cells, block.header, strict=True)):
        cell.text = text
        if i:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for r, row in enumerate(block.rows):
        added = t.add_row()
        kept_whole(added)
        for i, (cell, value) in enumerate(zip(added.cells, row, strict=True)):
            cell.text = value.text
            paragraph = cell.paragraphs[0]
            if i:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if r in block.totals:
                for run in paragraph.runs:
                    run.bold = True
    if block.short:
        for row in t.rows[:-1]:
            kept_with_next(row)
    columns, small = fitted(block)
    for i, width in enumerate(columns):
        t.columns[i].width = width
        for cell in t.columns[i].cells:
            cell.width = width
            if small:
                for run in cell.paragraphs[0].runs:
                    run.font.size = SMALL
    notes = []
    if block.note:
        notes.append(f"{block.note}.")
    if block.has_suppressed:
        notes.append(
            f"– = skjult af hensyn til diskretion (færre end {min_cell}, eller kan regnes ud fra andre tal)."
        )
    # the indicator ids are for analysts: in the workbook and the HTML's hover text, not here
    if not notes:
        return
    note = doc.add_paragraph(" ".join(notes))
    for run in note.runs:
        run.font.size = Pt(8)


def figure(doc: Document, block: Figure, images: dict[int, bytes], min_cell: int) -> None:
    image = images[block.number]
    pixels = int.from_bytes(image[16:20], "big")  # the PNG header's width
    doc.add_picture(io.BytesIO(image), width=min(Cm(16), Inches(pixels / SCALE / 96)))
    doc.paragraphs[-1].paragraph_format.keep_with_next = True  # the figure stays with its caption
    caption = f"Figur {block.number}: {block.caption}"
    if block.hidden:
        caption += f". Skjulte tal (færre end {min_cell}) er udeladt af figuren."
    doc.add_paragraph(caption, style="Caption")


def danish_proofing(doc: Document) -> None:
    """The text is Danish: Word checks spelling and hyphenates as Danish (the template says English)."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    language = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    language.set(qn("w:val"), "da-DK")
    language.set(qn("w:eastAsia"), "da-DK")


def write(report: Report, path: Path) -> Path:
    doc = Document()
    doc.core_properties.title = f"{report.title} – {report.organisation}"
    doc.core_properties.language = "da-DK"
    danish_proofing(doc)
    doc.styles["Normal"].font.name = "Calibri"  # as the headings (the template's body font is Cambria)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    header = section.header.paragraphs[0]
    header.text = report.internal_mark or f"{report.organisation} · {report.title}"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Side ")
    field(footer, "PAGE", "1")
    footer.add_run(" af ")
    field(footer, "NUMPAGES", "1")

    doc.add_paragraph(report.organisation, style="Subtitle")
    doc.add_heading(report.title, level=0)
    doc.add_paragraph(" og ".join(f"{n} Kommune" for n in report.municipalities.values()))
    if report.internal_mark:
        mark = doc.add_paragraph().add_run(report.internal_mark)
        mark.bold = True
        mark.font.color.rgb = RGBColor(0x8A, 0x5A, 0x00)
    doc.add_heading("Indhold", level=1)
    contents(doc, [(part.title, part.level) for part in report.sections if part.level <= 2])
    doc.add_section(WD_SECTION.NEW_PAGE)

    images = draw_all(report.figures, lambda chart: png(chart, scale=SCALE))
    after_table = False
    for part in report.sections:
        # chapters follow on (a short one does not get a page of its own); a heading stays with
        # what follows it (the Heading styles keep with next)
        doc.add_heading(part.title, level=part.level)
        for block in part.blocks:
            if isinstance(block, Paragraph):
                paragraph = doc.add_paragraph(block.text)
                if after_table:  # (a table has no space below it of its own)
                    paragraph.paragraph_format.space_before = Pt(8)
            elif isinstance(block, Bullets):
                for item in block.items:
                    doc.add_paragraph(item, style="List Bullet")
            elif isinstance(block, Table):
                table(doc, block, report.min_cell)
            elif isinstance(block, Figure):
                figure(doc, block, images, report.min_cell)
            after_table = isinstance(block, Table)
    for style in ("Heading 1", "Heading 2", "Title"):
        doc.styles[style].font.color.rgb = BLUE
    chapter = doc.styles["Heading 1"]  # chapters follow on: a heading that stands out from a part's
    chapter.font.size = Pt(18)
    chapter.paragraph_format.space_before = Pt(28)
    doc.save(str(path))
    return path
