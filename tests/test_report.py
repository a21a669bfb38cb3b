"""The annual report through the real CLI: every format opened and read back, internal and published."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pypdfium2
import pytest

from boernetal import Workspace
from boernetal.contract.categories import category
from boernetal.engine import compute
from boernetal.report import build_report
from boernetal.report.document import Figure, Table

from helpers import example_workspace, run_cli

CHAPTERS = [
    "Indledning",
    "Konklusion",
    "Underretningsstatistik",
    "Børnefaglige undersøgelser",
    "Anbringelsesstatistik",
    "Udgifter pr. 1.000 indbyggere",
    "Sagstal og sagsfordeling",
    "Afgørelser i klagesystemet",
    "Familieplejens opgaver",
    "Tilbud til familier",
    "Sundhedsplejen",
    "Sundhedsprofil",
    "Økonomi",
    "Datagrundlag og datakvalitet",
]
#: the seed's key sentence, with the example extract's numbers (46 in 2013, 45 in 2012)
KEY_SENTENCE = (
    "I 2013 modtog Familiecentret i alt 46 underretninger. "
    "Dette er en stigning i forhold til 2012, hvor antallet var 45"
)
INTERNAL = "Til intern brug – indeholder små tal"


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return example_workspace(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def internal(example) -> Path:
    out = run_cli(
        "report", "--year", "2013", "--out", str(example / "intern"), "-w", str(example), timeout=300
    )
    assert out.returncode == 0, out.stderr
    assert "aarsrapport-2013.pdf" in out.stdout and INTERNAL in out.stdout
    return example / "intern"


@pytest.fixture(scope="module")
def published(example) -> Path:
    out = run_cli(
        "report",
        "--year",
        "2013",
        "--publish",
        "--out",
        str(example / "offentlig"),
        "-w",
        str(example),
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    return example / "offentlig"


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def pdf_pages(path: Path) -> list[str]:
    pdf = pypdfium2.PdfDocument(str(path))
    return [flat(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))]


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return flat(" ".join(parts))


def word_table(document: docx.document.Document, caption: str) -> list[list[str]]:
    """The Word table that follows the caption paragraph containing ``caption``."""
    body = document.element.body
    found = False
    for element in body.iterchildren():
        if element.tag.endswith("}p") and caption in "".join(element.itertext()):
            found = True
        elif found and element.tag.endswith("}tbl"):
            table = docx.table.Table(element, document)
            return [[cell.text for cell in row.cells] for row in table.rows]
    raise AssertionError(f"no table after {caption!r}")


# -- PDF --------------------------------------------------------------------------------------------
def test_pdf_has_the_key_sentences_page_numbers_and_the_internal_mark(internal):
    pages = pdf_pages(internal / "aarsrapport-2013.pdf")
    text = " ".join(pages)
    assert KEY_SENTENCE in text
    assert "Af underretningerne i 2013 var 71,7 % om børn fra Ishøj og 28,3 % om børn fra Vallensbæk" in text
    assert "Der var 9 anbragte børn i 2011, hvilket steg til 11 i 2012 og faldt til 10 i 2013." in text
    assert "I løbet af 2013 modtog Familiecentret i alt 11 afgørelser fra klageinstanserne." in text
    assert "budgetteret med 32.100.000 kr., og udgifterne var 30.362.550 kr." in text
    contents = " ".join(pages[1:3])  # the table of contents may run on to a second page
    assert "Indhold" in pages[1] and all(title in contents for title in CHAPTERS)
    for number, page in enumerate(pages, start=1):
        assert f"Side {number} af {len(pages)}" in page or number == 1
        assert INTERNAL in page
    assert "Figur 1: Underretninger modtaget via underretningsmøder" in text and "Tabel 1:" in text


def test_pdf_pages_render(internal, tmp_path):
    """Every page renders to an image with ink on it (the pictures in docs/ come from here)."""
    pdf = pypdfium2.PdfDocument(str(internal / "aarsrapport-2013.pdf"))
    for i in (0, 4, len(pdf) - 1):
        image = pdf[i].render(scale=0.5).to_pil().convert("L")
        assert image.getextrema()[0] < 100  # some dark pixels: text or lines


def test_pdf_chapters_follow_on_and_short_tables_stay_whole(internal):
    """A short chapter does not get a page of its own; a short table is not split over two pages."""
    pages = pdf_pages(internal / "aarsrapport-2013.pdf")

    def page_of(text: str) -> int:
        return next(i for i, page in enumerate(pages) if text in page and i > 1)  # (not the contents)

    assert page_of("Indledning Familiecentret") == page_of("Konklusion Konklusionen samler")
    document = build_report(Workspace.open(internal.parent), 2013)
    for table in document.tables:
        if table.short:
            caption = f"Tabel {table.number}: {table.title}"
            page = page_of(caption)
            last = table.rows[-1][0].text  # the last row's label is on the caption's page
            assert last in pages[page].split(caption, 1)[1], caption


# -- Word -------------------------------------------------------------------------------------------
def test_word_has_real_headings_tables_and_figures(internal):
    document = docx.Document(str(internal / "aarsrapport-2013.docx"))
    level1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    level2 = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert level1 == ["Indhold", *CHAPTERS]
    assert "Hvem underretter?" in level2 and "Anbringelser af børn i Vallensbæk Kommune" in level2
    assert "Ishøj Kommune 2013" in level2
    assert KEY_SENTENCE in docx_text(internal / "aarsrapport-2013.docx")

    per_year = word_table(document, "Tabel 1: Underretninger pr. år")
    assert per_year == [
        ["", "2012", "2013"],
        ["Ishøj", "36", "33"],
        ["Vallensbæk", "9", "13"],
        ["I alt", "45", "46"],
    ]
    accounts = word_table(document, ": Ishøj Kommune 2013: budget og regnskab")
    assert ["Familiepleje i alt", "13.900.000", "13.412.550", "-487.450"] in accounts
    assert accounts[-1][0] == "I alt" and accounts[-1][1] == "44.200.000"
    # lines in the order of the budget file, each group closed by its subtotal
    assert [row[0] for row in accounts[1:6]] == [
        "Anbringelser",
        "Plejefamilier",
        "Netværksplejefamilier",
        "Familiepleje i alt",
        "Private opholdssteder",
    ]

    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    figures = [c for c in captions if c.startswith("Figur ")]
    assert len(document.inline_shapes) == len(figures) > 10
    assert document.sections[0].header.paragraphs[0].text == INTERNAL


# -- Excel ------------------------------------------------------------------------------------------
def test_excel_has_every_table_on_its_own_sheet_with_numbers(internal):
    book = openpyxl.load_workbook(internal / "aarsrapport-2013.xlsx")
    assert (
        book.sheetnames[0] == "Om rapporten" and "Tabel 1" in book.sheetnames and "Figur 1" in book.sheetnames
    )
    sheet = book["Tabel 1"]
    assert sheet["A1"].value == INTERNAL
    assert sheet["A2"].value == "Tabel 1: Underretninger pr. år"
    assert sheet["A3"].value == "Nøgletal: notifications.total"
    assert [c.value for c in sheet[5]] == ["", "2012", "2013"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=6)]
    assert rows == [["Ishøj", 36, 33], ["Vallensbæk", 9, 13], ["I alt", 45, 46]]
    assert sheet["B6"].number_format == "#,##0"
    # the sex distribution's figure data: shares stored as fractions with a % format
    shares = next(book[n] for n in book.sheetnames if "fordelt på køn" in str(book[n]["A2"].value))
    header = [c.value for c in shares[5]]
    assert header == ["Køn", "Serie", "Antal", "Andel (%)"]
    first = [c for c in shares[6]]
    assert (
        isinstance(first[2].value, int | float) and 0 < first[3].value < 1 and "%" in first[3].number_format
    )


# -- HTML -------------------------------------------------------------------------------------------
def test_html_is_one_self_contained_file(internal):
    html = (internal / "aarsrapport-2013.html").read_text("utf-8")
    assert KEY_SENTENCE in flat(html)
    assert "<svg" in html and 'role="img" aria-label="' in html
    assert not re.search(r'(src|href)="(https?:)?//', html)  # nothing fetched from elsewhere
    assert 'lang="da"' in html and INTERNAL in html


@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian chromium is installed by .ci/run")
def test_html_renders_in_a_real_browser(internal, tmp_path):
    shot = tmp_path / "side.png"
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profil'}",
            "--window-size=1200,2400",
            f"--screenshot={shot}",
            (internal / "aarsrapport-2013.html").as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    from PIL import Image

    image = Image.open(shot).convert("L")
    assert image.size == (1200, 2400) and image.getextrema()[0] < 100


# -- publishing -------------------------------------------------------------------------------------
def test_published_report_states_no_small_count_anywhere(example, published):
    report = build_report(Workspace.open(example), 2013, publish=True)
    for table in report.tables:
        for row in table.rows:
            for cell in row:
                if cell.kind == "count" and cell.value is not None:
                    assert not 0 < cell.value < 3, (table.title, row[0].text, cell.text)
    for figure in report.figures:
        if figure.counts:
            values = [v for v in figure.drawn[figure.counts] if v is not None]
            assert all(not 0 < v < 3 for v in values), figure.caption
    assert report.counts_stated and all(not 0 < v < 3 for v in report.counts_stated)

    text = docx_text(published / "aarsrapport-2013-offentlig.docx")
    assert not re.search(r"\b[12] (underretning|børn|anbragte|afgørelse|tvangs|sager|unge)", text)
    assert "– = skjult af hensyn til diskretion" in text and INTERNAL not in text
    # the internal report says these small numbers; the published one drops the sentences
    internal_text = (
        docx_text(example / "intern" / "aarsrapport-2013.docx") if (example / "intern").exists() else ""
    )
    if internal_text:
        assert "var 1 tvangsanbragt" in internal_text
    assert "tvangsanbragt" not in text or "var 1 tvangsanbragt" not in text

    book = openpyxl.load_workbook(published / "aarsrapport-2013-offentlig.xlsx")
    for name in book.sheetnames:
        sheet = book[name]
        header = [c.value for c in sheet[5]] if sheet.max_row >= 5 else []
        if "Antal" in header:
            column = header.index("Antal")
            for row in sheet.iter_rows(min_row=6, values_only=True):
                assert not (isinstance(row[column], int | float) and 0 < row[column] < 3), name


def test_suppressed_cells_print_as_a_dash_with_a_footnote(published):
    pages = " ".join(pdf_pages(published / "aarsrapport-2013-offentlig.pdf"))
    assert "– = skjult af hensyn til diskretion (færre end 3" in pages
    assert "Rapporten er diskretioneret til offentliggørelse" in pages
    assert INTERNAL not in pages


def test_the_report_shows_the_catalogues_shares_and_hides_them_with_their_counts(example):
    """A share in a published figure is the catalogue's (the value the export publishes), and a
    share whose count is hidden is hidden too."""
    ws = Workspace.open(example)
    figures = compute(ws, 2013, publish=True)
    report = build_report(ws, 2013, publish=True)
    shares = [f for f in report.figures if {"Antal", "Andel (%)"} <= set(f.data.columns)]
    assert shares
    for figure in shares:
        for row in figure.data.itertuples():
            if pd.isna(row.Antal):
                assert pd.isna(row[figure.data.columns.get_loc("Andel (%)") + 1]), figure.caption
    groups = category("source").groups
    (who,) = [f for f in shares if f.caption.startswith("Hvem underretter, fordelt på kommuner")]
    names = {"I alt": "all", "Ishøj": "183", "Vallensbæk": "187"}
    compared = 0
    for row in who.data.to_dict("records"):
        code = next(c for c, label in groups.items() if label == row["Underretter"])
        expected = figures.rows(
            "notifications.by_source_group_share",
            year=2013,
            municipality=names[row["Serie"]],
            source_group=code,
        )
        if expected.empty:
            continue
        published = None if expected.suppressed.iloc[0] else expected["value"].iloc[0]
        assert (row["Andel (%)"] if pd.notna(row["Andel (%)"]) else None) == published
        compared += 1
    assert compared >= 6


# -- content follows the data -----------------------------------------------------------------------
def test_a_chapter_without_data_is_left_out_and_listed(ws, tmp_path):
    import datetime as dt

    from helpers import fake_cpr, load_records

    rows = [
        {
            "notification_id": f"U{i}",
            "cpr": fake_cpr(dt.date(2005, 1, 1), i),
            "municipality": "183",
            "received": f"2013-0{1 + i % 9}-1{i % 9}",
            "channel": "written",
            "source": "school",
        }
        for i in range(8)
    ]
    load_records(ws, tmp_path / "in", {"notifications": rows})
    report = build_report(ws, 2013)
    titles = [s.title for s in report.sections if s.level == 1]
    assert "Underretningsstatistik" in titles and "Anbringelsesstatistik" not in titles
    assert "Anbringelsesstatistik" in report.left_out and "Økonomi" in report.left_out
    quality = report.sections[-1]
    assert any("Anbringelsesstatistik" in getattr(b, "text", "") for b in quality.blocks)
    assert all(not s.empty for s in report.sections)


def test_a_workspace_can_reword_a_sentence(example):
    folder = example / "tekster"
    folder.mkdir(exist_ok=True)
    source = (
        Path(__file__).parent.parent
        / "src"
        / "boernetal"
        / "report"
        / "data"
        / "text"
        / "notifications.txt.j2"
    )
    text = source.read_text("utf-8").replace(
        "I {{ year }} modtog {{ organisation }} i alt", "Året {{ year }} bragte i alt"
    )
    (folder / "notifications.txt.j2").write_text(text, encoding="utf-8")
    try:
        report = build_report(Workspace.open(example), 2013)
        paragraphs = [b.text for s in report.sections for b in s.blocks if hasattr(b, "text")]
        assert any(p.startswith("Året 2013 bragte i alt 46 underretninger.") for p in paragraphs)
    finally:
        shutil.rmtree(folder)


def test_blocks_are_numbered_in_reading_order(example):
    report = build_report(Workspace.open(example), 2013)
    blocks = [b for s in report.sections for b in s.blocks if isinstance(b, Table | Figure)]
    tables = [b.number for b in blocks if isinstance(b, Table)]
    figures = [b.number for b in blocks if isinstance(b, Figure)]
    assert tables == list(range(1, len(tables) + 1)) and figures == list(range(1, len(figures) + 1))


def test_cli_errors_are_plain(example, tmp_path):
    out = run_cli("report", "--year", "2013", "--format", "odt", "-w", str(example))
    assert out.returncode != 0 and "--format odt kendes ikke" in out.stderr and "Traceback" not in out.stderr
    out = run_cli("report", "--year", "1999", "--out", str(tmp_path / "r"), "-w", str(example))
    assert out.returncode != 0 and "1999" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "r").exists() or not any((tmp_path / "r").iterdir())


def test_an_interrupted_write_leaves_no_file(example, tmp_path, monkeypatch):
    from boernetal.report import formats
    from boernetal.report.formats import docx as word

    report = build_report(Workspace.open(example), 2013)

    def interrupted(report, path):  # type: ignore[no-untyped-def]
        path.write_bytes(b"half")
        raise KeyboardInterrupt

    monkeypatch.setattr(word, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        formats.write(report, tmp_path, ["html", "docx"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["aarsrapport-2013.html"]


def test_no_internal_words_in_the_committees_pdf_and_word(internal):
    """The catalogue's ids (notifications.by_source) are for analysts: the HTML's hover text and
    the workbook keep them; the PDF and the Word file a committee reads do not."""
    ids = re.compile(
        r"\b(notifications|investigations|placements|measures|cases|complaints|economy)\.[a-z_]+"
    )
    pages = pdf_pages(internal / "aarsrapport-2013.pdf")
    assert not [m.group(0) for page in pages for m in ids.finditer(page)]
    assert not ids.search(docx_text(internal / "aarsrapport-2013.docx"))
    html = (internal / "aarsrapport-2013.html").read_text("utf-8")
    assert 'title="Nøgletal: notifications.total' in html
    for text in (" ".join(pages), docx_text(internal / "aarsrapport-2013.docx")):
        assert "Lageret" not in text and "Serie" not in text  # the tool's words, not the reader's
        assert not re.search(r"\b18[37] (Ishøj|Vallensbæk)", text)  # municipalities by name


def test_word_opens_with_its_table_of_contents_filled_in(internal):
    document = docx.Document(str(internal / "aarsrapport-2013.docx"))
    texts = [p.text for p in document.paragraphs]
    at = texts.index("Indhold")
    headings = [p.text for p in document.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    headings = [h for h in headings if h != "Indhold"]
    assert texts[at + 1 : at + 1 + len(headings)] == headings  # every chapter and section, in order
    assert "Underretningsstatistik" in headings and "Højreklik" not in " ".join(texts)
    xml = document.element.body.xml
    assert 'TOC \\o "1-2"' in xml and xml.count('w:fldCharType="end"') >= 1  # Word can update it


def test_word_tables_repeat_their_header_keep_their_caption_and_fit_their_text(internal):
    from docx.shared import Cm

    document = docx.Document(str(internal / "aarsrapport-2013.docx"))
    assert document.tables
    for t in document.tables:
        assert t.rows[0]._tr.trPr is not None and t.rows[0]._tr.trPr.xpath("./w:tblHeader"), "header row"
        widths = [cell.width for cell in t.rows[0].cells]
        assert sum(widths) <= Cm(16.7)  # within the page's margins
        for i, width in enumerate(widths[1:], start=1):  # a number is never broken over lines
            words = [*t.rows[0].cells[i].text.split(), *(row.cells[i].text for row in t.rows[1:])]
            longest = max(len(word) for word in words)
            # a bold digit is about 0.22 cm; Word's cell margins take 0.38 cm
            assert width >= Cm(0.22) * longest + Cm(0.38), (t.rows[0].cells[0].text, i)
        names = max(len(row.cells[0].text) for row in t.rows)
        if len(widths) <= 4 and names <= 60:  # account names on one line where there is room
            assert widths[0] >= Cm(0.18) * names
    captions = [p for p in document.paragraphs if p.style.name == "Caption"]
    assert all(p.paragraph_format.keep_with_next for p in captions if p.text.startswith("Tabel"))
    pictures = [p for p in document.paragraphs if p._p.xpath(".//pic:pic")]
    assert pictures and all(p.paragraph_format.keep_with_next for p in pictures)


def test_word_keeps_short_tables_whole_and_reads_as_danish(internal):
    from docx.oxml.ns import qn

    document = docx.Document(str(internal / "aarsrapport-2013.docx"))
    short = [t for t in document.tables if len(t.rows) <= 13]
    assert short
    for t in short:  # every row but the last stays with the next: the table is not split
        for row in t.rows[:-1]:
            assert all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)
    for t in document.tables:  # the row labels are not bold (the style's first column is off)
        look = t._tbl.tblPr.find(qn("w:tblLook"))
        assert look is not None and look.get(qn("w:firstColumn")) == "0"
    language = document.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang")[0]
    assert language.get(qn("w:val")) == "da-DK"  # Word checks the spelling as Danish
    # chapters follow on: no forced page break but the one after the table of contents
    assert not document.element.body.xpath(".//w:br[@w:type='page']")
