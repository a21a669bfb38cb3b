"""The analysts' own chapters (kapitler/*.md): placed where their header says, for the years it
says, in every format; a mistake in a file is named with its line and how to fix it."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest

from boernetal.errors import BoernetalError
from boernetal.report import chapters
from boernetal.report.document import Bullets, Paragraph, Section, Table

from helpers import example_workspace, run_cli

GENERATED = ["Indledning", "Konklusion", "Underretningsstatistik", "Økonomi"]


def write(folder: Path, name: str, text: str) -> Path:
    (folder / "kapitler").mkdir(parents=True, exist_ok=True)
    path = folder / "kapitler" / name
    path.write_text(text, encoding="utf-8")
    return path


def generated() -> list[tuple[str, list[Section]]]:
    """Stand-ins for the generated chapters: each with one paragraph; Økonomi with a part."""
    out = [(t, [Section(t).add(Paragraph(f"{t}: tallene."))]) for t in GENERATED]
    out[-1][1].append(Section("Ishøj Kommune 2013", level=2).add(Paragraph("Ishøj: tallene.")))
    return out


def layout(sections: list[Section]) -> list[str]:
    """'# Title' / '## Part' and each paragraph's text, in reading order."""
    out = []
    for section in sections:
        out.append(("#" if section.level == 1 else "##") + " " + section.title)
        out += [b.text for b in section.blocks if isinstance(b, Paragraph)]
    return out


def test_text_replaces_introduces_or_follows_a_generated_chapter(tmp_path):
    write(tmp_path, "a.md", "---\nkapitel: Konklusion\nplacering: erstat\n---\nVores egen konklusion.\n")
    write(tmp_path, "b.md", "---\nkapitel: indledning\nplacering: før\n---\nFørst dette.\n")
    write(
        tmp_path,
        "c.md",
        "---\nkapitel: Økonomi\n---\nTil sidst dette.\n\n## Bemærkninger\n\nEn del for sig.\n",
    )
    sections, left_out = chapters.arrange(generated(), chapters.read_all(tmp_path))
    assert layout(sections) == [
        "# Indledning",
        "Først dette.",
        "Indledning: tallene.",
        "# Konklusion",
        "Vores egen konklusion.",
        "# Underretningsstatistik",
        "Underretningsstatistik: tallene.",
        "# Økonomi",
        "Økonomi: tallene.",
        "## Ishøj Kommune 2013",
        "Ishøj: tallene.",
        "Til sidst dette.",
        "## Bemærkninger",
        "En del for sig.",
    ]
    assert left_out == []


def test_a_chapter_of_its_own_goes_where_it_says_and_fills_a_chapter_without_data(tmp_path):
    write(
        tmp_path,
        "metoder.md",
        "---\nkapitel: Arbejdsmetoder\nplacering: efter Underretningsstatistik\n---\nICS.\n",
    )
    write(tmp_path, "tiltag.md", "---\nkapitel: Udviklingstiltag\n---\nNyt.\n")  # default: at the end
    write(tmp_path, "konkl.md", "---\nkapitel: Konklusion\nplacering: erstat\n---\nSkrevet af os.\n")
    no_conclusion = [(t, [] if t == "Konklusion" else s) for t, s in generated()]
    sections, left_out = chapters.arrange(no_conclusion, chapters.read_all(tmp_path))
    titles = [s.title for s in sections if s.level == 1]
    assert titles == [
        "Indledning",
        "Konklusion",
        "Underretningsstatistik",
        "Arbejdsmetoder",
        "Økonomi",
        "Udviklingstiltag",
    ]
    assert left_out == []
    sections, left_out = chapters.arrange(no_conclusion, [])
    assert left_out == ["Konklusion"]


def test_markdown_becomes_paragraphs_lists_parts_and_tables(tmp_path):
    path = write(
        tmp_path,
        "m.md",
        "---\nkapitel: Tip Tab Tynde\når: 2013\n---\n"
        "I skoleåret er **45 børn** indskrevet,\nfordelt på to hold.\n\n"
        "- 26 er startet\n- 19 er fortsat\n\n"
        "## Resultater\n\nTabel: Børn i forløbet\n\n"
        "| Status | 2012 | 2013 |\n|---|---:|---:|\n| Startet | 20 | 26 |\n"
        "| Andel med lavere BMI | 55,0 % | 60 % |\n",
    )
    chapter = chapters.read(path)
    assert chapter.years == (2013,) and chapter.for_year(2013) and not chapter.for_year(2014)
    first, results = chapter.sections
    assert first.title == "Tip Tab Tynde" and results.title == "Resultater" and results.level == 2
    paragraph, bullets = first.blocks
    assert paragraph == Paragraph("I skoleåret er 45 børn indskrevet, fordelt på to hold.")
    assert bullets == Bullets(["26 er startet", "19 er fortsat"])
    (table,) = results.blocks
    assert isinstance(table, Table) and table.title == "Børn i forløbet"
    assert table.header == ["Status", "2012", "2013"]
    assert [c.value for c in table.rows[0][1:]] == [20, 26]
    assert [(c.value, c.kind) for c in table.rows[1][1:]] == [(55.0, "percent"), (60.0, "percent")]


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("Bare tekst.\n", 1, "hoved"),
        ("---\nkapitel: X\n", 1, "slutter ikke"),
        ("---\nplacering: før\n---\nTekst.\n", 1, "mangler 'kapitel:'"),
        ("---\nkapitel: X\nforfatter: Anne\n---\n", 3, "'forfatter: Anne'"),
        ("---\nkapitel: X\nplacering: midt i\n---\n", 3, "'midt i' kendes ikke"),
        ("---\nkapitel: X\når: sidste år\n---\n", 3, "ikke et årstal"),
        ("---\nkapitel: X\n---\nBarnet (010203-1234) blev anbragt.\n", 4, "CPR-nummer"),
        ("---\nkapitel: X\n---\nTekst.\n\n![Figur](figur.png)\n", 6, "billedet 'figur.png'"),
    ],
)
def test_a_mistake_is_named_with_its_file_line_and_fix(tmp_path, text, line, words):
    path = write(tmp_path, "fejl.md", text)
    with pytest.raises(BoernetalError) as caught:
        chapters.read(path)
    assert caught.value.message.startswith(f"fejl.md, linje {line}:") and words in caught.value.message
    assert caught.value.hint  # how to fix it
    assert "1234" not in str(caught.value)


@pytest.mark.parametrize(
    "header, words",
    [
        ("kapitel: Arbejdsmetoder\nplacering: erstat", "intet at erstatte"),
        ("kapitel: Arbejdsmetoder\nplacering: efter Budget", "'Budget' findes ikke"),
        ("kapitel: Konklusion\nplacering: efter Økonomi", "kan ikke flyttes"),
    ],
)
def test_a_place_that_cannot_be_is_named(tmp_path, header, words):
    write(tmp_path, "sted.md", f"---\n{header}\n---\nTekst.\n")
    with pytest.raises(BoernetalError) as caught:
        chapters.arrange(generated(), chapters.read_all(tmp_path))
    assert words in caught.value.message and "Konklusion" in str(caught.value)
    assert caught.value.message.startswith("sted.md, linje 3:")  # the header's placering line


# -- through the CLI, in every format -----------------------------------------------------------------
@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    folder = example_workspace(tmp_path_factory.mktemp("chapters"))
    write(
        folder,
        "metoder-2013.md",
        "---\nkapitel: Arbejdsmetoder\nplacering: efter Økonomi\når: 2013\n---\n"
        "Familiecentret arbejder med ICS og ICDP.\n\nTabel: Uddannede medarbejdere\n\n"
        "| Metode | Antal |\n|---|---:|\n| ICDP | 1.204 |\n",
    )
    write(folder, "gammel.md", "---\nkapitel: Fra 2012\når: 2012\n---\nKun i 2012.\n")
    return folder


def test_the_chapter_is_in_word_and_excel_and_only_its_year(example):
    out = run_cli("report", "--year", "2013", "-f", "docx,xlsx", "-o", str(example / "r"), "-w", str(example))
    assert out.returncode == 0, out.stderr
    document = docx.Document(str(example / "r" / "aarsrapport-2013.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[-3:] == ["Økonomi", "Arbejdsmetoder", "Datagrundlag og datakvalitet"]
    text = " ".join(p.text for p in document.paragraphs)
    assert "Familiecentret arbejder med ICS og ICDP." in text and "Kun i 2012" not in text
    workbook = openpyxl.load_workbook(example / "r" / "aarsrapport-2013.xlsx")
    found = [
        row
        for name in workbook.sheetnames
        if name.startswith("Tabel")
        for row in workbook[name].iter_rows(values_only=True)
        if row[0] == "ICDP"
    ]
    assert found and found[0][1] == 1204  # a number in the workbook, not text


def carry_forward(example: Path):
    return run_cli(
        "report",
        "--year",
        "2014",
        "--carry-forward",
        "-f",
        "html",
        "-o",
        str(example / "r14"),
        "-w",
        str(example),
    )


def test_carry_forward_copies_last_years_chapters_once(example):
    out = carry_forward(example)
    assert out.returncode == 0, out.stderr
    copied = example / "kapitler" / "metoder-2014.md"
    assert copied.exists() and "år: 2014" in copied.read_text("utf-8")
    assert "Kopieret til 2014" in out.stdout and str(copied) in out.stdout.replace("\n", "")
    assert not (example / "kapitler" / "gammel-2014.md").exists()  # a 2012 chapter is not carried
    copied.write_text(copied.read_text("utf-8") + "\nNyt i 2014.\n", encoding="utf-8")
    again = carry_forward(example)
    assert again.returncode == 0 and "Nyt i 2014." in copied.read_text("utf-8")  # never overwritten
    assert "Nyt i 2014." in (example / "r14" / "aarsrapport-2014.html").read_text("utf-8")


def test_a_broken_chapter_stops_the_report_with_a_plain_message(example, tmp_path):
    broken = write(example, "zz-fejl.md", "---\nkapitel: Noget\nplacering: midt i\n---\n")
    try:
        out = run_cli("report", "--year", "2013", "-f", "html", "-o", str(tmp_path / "x"), "-w", str(example))
    finally:
        broken.unlink()
    assert out.returncode != 0 and "Traceback" not in out.stderr
    assert "zz-fejl.md, linje 3" in out.stderr and "'midt i' kendes ikke" in out.stderr
    assert not (tmp_path / "x").exists()
