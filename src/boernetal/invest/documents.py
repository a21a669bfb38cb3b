"""The business case as documents: HTML (one self-contained file), PDF (from that HTML) and Word."""

from __future__ import annotations

import io
from importlib import resources
from pathlib import Path

from .charts import Figure, figures
from .evaluation import Evaluation
from .report import environment, kr, pct, summary
from .uncertainty import PERCENTILES


def render_html(evaluation: Evaluation, for_print: bool = False) -> str:
    from ..charts import svg

    result, simulation, sensitivities = evaluation.result, evaluation.simulation, evaluation.sensitivities
    figs = figures(result, simulation, list(sensitivities))
    css = resources.files("boernetal.invest").joinpath("data/case.css").read_text("utf-8")
    return (
        environment()
        .get_template("case.html.j2")
        .render(
            case=result.case,
            result=result,
            simulation=simulation,
            sensitivities=sensitivities,
            summary=summary(result, simulation),
            percentiles=PERCENTILES,
            css=css,
            for_print=for_print,
            figures=[(f, svg(f.chart)) for f in figs],
        )
    )


def write_html(path: Path, evaluation: Evaluation) -> Path:
    path.write_text(render_html(evaluation), encoding="utf-8")
    return path


def write_pdf(path: Path, evaluation: Evaluation) -> Path:
    import weasyprint

    html = render_html(evaluation, for_print=True)
    weasyprint.HTML(string=html).write_pdf(str(path))
    return path


def write_docx(path: Path, evaluation: Evaluation) -> Path:
    """A Word document to edit before the committee: real headings, Word tables, figures with captions."""
    result, simulation = evaluation.result, evaluation.simulation
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    from ..charts import png

    case = result.case
    doc = Document()
    doc.core_properties.title = case.name
    doc.add_heading(case.name, level=0)
    for paragraph in summary(result, simulation).split("\n\n")[1:]:
        doc.add_paragraph(paragraph.strip())

    def table(headers: list[str], rows: list[list[str]]) -> None:
        """A Word table; the columns after the first hold numbers and are right-aligned."""
        t = doc.add_table(rows=1, cols=len(headers))
        t.style = "Light List Accent 1"
        for cell, text in zip(t.rows[0].cells, headers, strict=True):
            cell.text = text
        for row in rows:
            for i, (cell, text) in enumerate(zip(t.add_row().cells, row, strict=True)):
                cell.text = text
                if i:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def figure(number: int, fig: Figure) -> None:
        doc.add_picture(io.BytesIO(png(fig.chart)), width=Cm(16))
        doc.add_paragraph(f"Figur {number}: {fig.caption}", style="Caption")

    figs = figures(result, simulation, list(evaluation.sensitivities))
    doc.add_heading("Nettogevinst pr. år", level=1)
    figure(1, figs[0])
    for scenario in result.scenarios:
        doc.add_heading(f"Succesrate {pct(scenario.success_rate)}", level=2)
        table(
            [
                "År",
                "Omkostninger (kr.)",
                "Besparelse (kr.)",
                "Nettogevinst, diskonteret (kr.)",
                "Akkumuleret (kr.)",
            ],
            [
                [str(y.year), kr(y.costs), kr(y.savings), kr(y.net_discounted), kr(y.accumulated)]
                for y in scenario.years
            ],
        )
        doc.add_paragraph(
            f"Tjent hjem i år {scenario.payback_year}."
            if scenario.payback_year
            else f"Ikke tjent hjem inden for {case.horizon} år."
        )
    doc.add_heading("Break-even", level=1)
    table(
        ["År", "Succesrate der giver 0 i året", "Succesrate der giver 0 akkumuleret"],
        [
            [str(t + 1), pct(a, 1) if a is not None else "–", pct(b, 1) if b is not None else "–"]
            for t, (a, b) in enumerate(zip(result.break_even, result.break_even_accumulated, strict=True))
        ],
    )
    if simulation:
        doc.add_heading("Usikkerhed", level=1)
        for number, fig in enumerate(figs[1:], start=2):
            figure(number, fig)
    doc.save(str(path))
    return path
