"""The business case as a document: the report's document model, written by the report's own
writers (HTML, PDF, Word, Excel), so a case looks and reads as the annual report does."""

from __future__ import annotations

from pathlib import Path

from ..contract.municipalities import name as municipality_name
from ..report.document import Bullets, Cell, Paragraph, Report, Section, Table
from ..report.formats import docx, html, pdf, xlsx
from .charts import figures
from .evaluation import Evaluation
from .report import input_value, kr, pct, summary
from .uncertainty import PERCENTILES

#: the cover's first line
KIND = "Investeringscase"


def money(value: float) -> Cell:
    return Cell(kr(value), value, "kr")


def year(number: int) -> Cell:
    """A year of the case (1, 2, …): the row's label, a number in Excel."""
    return Cell(str(number), number, "count")


def rate(value: float | None, decimals: int | None = None) -> Cell:
    return Cell("–") if value is None else Cell(pct(value, decimals), value * 100, "percent")


def summary_blocks(text: str) -> list[Paragraph | Bullets]:
    """The summary's paragraphs after its title line; a line ending in ':' introduces a list
    ("… forventes en nettogevinst:" then one line a year)."""
    blocks: list[Paragraph | Bullets] = []
    for chunk in text.strip().split("\n\n")[1:]:
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        while lines:
            line = lines.pop(0)
            blocks.append(Paragraph(line))
            if line.endswith(":"):
                blocks.append(Bullets(lines))
                lines = []
    return blocks


def document(evaluation: Evaluation) -> Report:
    """The case's sections: summary, net gain per scenario, break-even, payers, uncertainty."""
    result, simulation, sensitivities = evaluation.result, evaluation.simulation, evaluation.sensitivities
    case = result.case
    drawn = figures(result, simulation, list(sensitivities))
    sections = [Section("Resumé").add(*summary_blocks(summary(result, simulation)))]
    sections.append(Section("Nettogevinst pr. år").add(drawn[0]))
    for scenario in result.scenarios:
        share = pct(scenario.success_rate)
        rows = [
            [
                year(y.year),
                money(y.costs),
                money(y.savings),
                money(y.net),
                money(y.net_discounted),
                money(y.accumulated),
            ]
            for y in scenario.years
        ]
        paid = scenario.payback_year
        sections.append(
            Section(f"Succesrate {share}", level=2).add(
                Table(
                    f"Omkostninger, besparelse og nettogevinst ved succesrate {share} (kr.)",
                    [
                        "År",
                        "Omkostninger",
                        "Besparelse",
                        "Nettogevinst",
                        "Nettogevinst, diskonteret",
                        "Akkumuleret, diskonteret",
                    ],
                    rows,
                    totals=frozenset({paid - 1}) if paid else frozenset(),
                    note=f"Tjent hjem i år {paid} (fed)" if paid else None,
                ),
                None if paid else Paragraph(f"Ikke tjent hjem inden for {case.horizon} år."),
            )
        )
    sections.append(
        Section("Break-even").add(
            Paragraph(
                "Den succesrate, der giver en nettogevinst på 0 – i året selv og akkumuleret til og med året."
            ),
            Table(
                "Break-even pr. år",
                ["År", "Succesrate der giver 0 i året", "Succesrate der giver 0 akkumuleret"],
                [
                    [year(t + 1), rate(a, 1), rate(b, 1)]
                    for t, (a, b) in enumerate(
                        zip(result.break_even, result.break_even_accumulated, strict=True)
                    )
                ],
            ),
        )
    )
    payers = {municipality_name(c): costs for c, costs in result.payer_costs.items()}
    payers |= {f"Aktør: {actor}": costs for actor, costs in result.actor_costs.items()}
    if payers:
        payer_section = Section("Betalere").add(
            Table(
                "Omkostninger pr. betaler og år (kr.)",
                ["År", *payers],
                [[year(t + 1), *(money(v[t]) for v in payers.values())] for t in range(case.horizon)],
            )
        )
        if result.payer_funding:
            payer_section.add(
                Table(
                    "Finansiering af første år (kr.)",
                    ["Kommune", "Beløb"],
                    [[Cell(municipality_name(c)), money(v)] for c, v in result.payer_funding.items()],
                )
            )
        sections.append(payer_section)
    if simulation:
        uncertainty = Section("Usikkerhed").add(
            Paragraph(
                f"{kr(simulation.draws)} simuleringer (startværdi {simulation.seed}). Sandsynlighed for "
                f"at indsatsen tjenes hjem inden for {case.horizon} år: "
                f"{pct(simulation.payback_probability, 0)}."
            ),
            *drawn[1:2],
            Table(
                "Akkumuleret nettogevinst i simuleringerne (kr.)",
                ["År", "Tjent hjem", *(f"{p}. percentil" for p in PERCENTILES), "Gennemsnit"],
                [
                    [
                        year(t + 1),
                        rate(simulation.payback_by_year[t], 0),
                        *(money(simulation.percentiles[p][t]) for p in PERCENTILES),
                        money(simulation.mean[t]),
                    ]
                    for t in range(case.horizon)
                ],
            ),
        )
        if sensitivities:
            uncertainty.add(
                *drawn[2:],
                Table(
                    "Følsomhed: hvert input ved sin 10. og 90. percentil, de øvrige uændrede",
                    ["Input", "Lav", "Høj", f"Akkumuleret efter {case.horizon} år ved lav", "… ved høj"],
                    [
                        [
                            Cell(s.label),
                            Cell(input_value(s.name, s.low_input)),
                            Cell(input_value(s.name, s.high_input)),
                            money(s.low_result),
                            money(s.high_result),
                        ]
                        for s in sensitivities
                    ],
                ),
            )
        sections.append(uncertainty)
    report = Report(
        title=case.name,
        organisation=KIND,
        year=case.start.year if case.start else 0,
        municipalities={c: municipality_name(c) for c in case.payers},
        published=False,
        min_cell=0,
        sections=sections,
        about_children=False,
        cover_page=False,
    )
    report.number_blocks()
    return report


#: the report's writers, each taking the document and a path
FORMATS = {"xlsx": xlsx.write, "html": html.write, "pdf": pdf.write, "docx": docx.write}


def write(evaluation: Evaluation, path: Path) -> Path:
    """The case's document in the format the file's suffix names (.html, .pdf, .docx, .xlsx)."""
    return FORMATS[path.suffix.lstrip(".")](document(evaluation), path)
