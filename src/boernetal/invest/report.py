"""A business case's results as Danish text, JSON (every number), Excel and HTML."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import jinja2

from .. import danish
from ..contract.municipalities import name as municipality_name
from .evaluation import Evaluation
from .model import Result
from .uncertainty import PERCENTILES, Simulation

#: How many years the summary lists per scenario, as the seed does.
YEARS_SHOWN = 4


def kr(value: float) -> str:
    """Whole kroner in Danish style: -2.175.391."""
    return danish.number(round(value))


def pct(rate: float, decimals: int | None = None) -> str:
    """A rate (0-1) as a Danish percentage: 0.1 -> '10 %', 0.125 -> '12,5 %'."""
    value = rate * 100
    if decimals is None:
        decimals = 0 if abs(value - round(value)) < 1e-9 else 1
    return danish.percent(value, decimals)


def input_value(name: str, value: float) -> str:
    """An uncertain input's value in Danish: a rate as %, a duration in years, a factor with decimals."""
    if name == "success_rate":
        return pct(value, 1)
    if name == "effect_duration":
        return f"{danish.number(value)} år"
    return danish.number(value, 2)


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("boernetal.invest", "data"),
        autoescape=jinja2.select_autoescape(["html.j2"]),
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(kr=kr, pct=pct, input_value=input_value)
    env.globals.update(municipality=municipality_name)
    return env


def summary(result: Result, simulation: Simulation | None = None) -> str:
    """The Danish summary ("Ved succesrate på 10 % forventes en nettogevinst: …")."""
    template = environment().get_template("summary.txt.j2")
    text = template.render(case=result.case, result=result, simulation=simulation, years_shown=YEARS_SHOWN)
    return text.strip() + "\n"


def to_dict(evaluation: Evaluation) -> dict[str, Any]:
    """Every number of the case, unrounded, for JSON."""
    result, simulation, sensitivities = evaluation.result, evaluation.simulation, evaluation.sensitivities
    case = dataclasses.asdict(result.case)
    case["start"] = result.case.start.isoformat() if result.case.start else None
    return {
        "case": case,
        "scenarios": [dataclasses.asdict(s) for s in result.scenarios],
        "break_even": list(result.break_even),
        "break_even_accumulated": list(result.break_even_accumulated),
        "payer_costs": {k: list(v) for k, v in result.payer_costs.items()},
        "payer_funding": result.payer_funding,
        "actor_costs": {k: list(v) for k, v in result.actor_costs.items()},
        "simulation": None
        if simulation is None
        else {
            **dataclasses.asdict(simulation),
            "percentiles": {str(p): list(v) for p, v in simulation.percentiles.items()},
        },
        "tornado": [dict(dataclasses.asdict(s), swing=s.swing) for s in sensitivities],
        "summary": summary(result, simulation),
    }


def write_json(path: Path, evaluation: Evaluation) -> Path:
    path.write_text(
        json.dumps(to_dict(evaluation), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    return path


def write_xlsx(path: Path, evaluation: Evaluation) -> Path:
    """A workbook an analyst can take on: numbers as numbers, one table per sheet."""
    result, simulation, sensitivities = evaluation.result, evaluation.simulation, evaluation.sensitivities
    import xlsxwriter

    case = result.case
    book = xlsxwriter.Workbook(str(path))
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": '#,##0 "kr."'})
    rate = book.add_format({"num_format": "0.0%"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})

    def table(sheet, top: int, headers: list[str], rows: list[list], formats: list) -> None:
        for col, header in enumerate(headers):
            sheet.write_string(top, col, header, bold)
        for r, row in enumerate(rows, start=top + 1):
            for col, (value, fmt) in enumerate(zip(row, formats, strict=True)):
                if value is None:
                    continue
                if isinstance(value, str):
                    sheet.write_string(r, col, value)
                else:
                    sheet.write_number(r, col, value, fmt)
        sheet.set_column(0, len(headers) - 1, 20)

    sheet = book.add_worksheet("Resumé")
    sheet.set_column(0, 0, 110)
    for i, line in enumerate(summary(result, simulation).splitlines()):
        sheet.write_string(i, 0, line, bold if i == 0 else wrap)

    headers = [
        "År",
        "Omkostninger",
        "Bruttobesparelse (100 % succes)",
        "Besparelse",
        "Nettogevinst",
        "Nettogevinst, diskonteret",
        "Akkumuleret, diskonteret",
        "Akkumuleret, udiskonteret",
    ]
    for scenario in result.scenarios:
        sheet = book.add_worksheet(f"Succesrate {pct(scenario.success_rate)}".replace("\u00a0", " "))
        rows = [
            [
                y.year,
                y.costs,
                y.gross_savings,
                y.savings,
                y.net,
                y.net_discounted,
                y.accumulated,
                y.accumulated_undiscounted,
            ]
            for y in scenario.years
        ]
        table(sheet, 0, headers, rows, [None] + [money] * 7)
        payback = (
            f"Tjent hjem i år {scenario.payback_year}"
            if scenario.payback_year
            else f"Ikke tjent hjem inden for {case.horizon} år"
        )
        sheet.write_string(len(rows) + 2, 0, payback, bold)

    sheet = book.add_worksheet("Break-even")
    rows = [
        [t + 1, be, bea]
        for t, (be, bea) in enumerate(zip(result.break_even, result.break_even_accumulated, strict=True))
    ]
    table(
        sheet,
        0,
        ["År", "Succesrate der giver 0 i året", "Succesrate der giver 0 akkumuleret"],
        rows,
        [None, rate, rate],
    )

    if result.payer_costs or result.actor_costs:
        sheet = book.add_worksheet("Betalere")
        names = [f"{municipality_name(c)} ({c})" for c in result.payer_costs] + [
            f"Aktør: {a}" for a in result.actor_costs
        ]
        series = list(result.payer_costs.values()) + list(result.actor_costs.values())
        rows = [[t + 1, *(s[t] for s in series)] for t in range(case.horizon)]
        table(sheet, 0, ["År", *names], rows, [None] + [money] * len(series))
        if result.payer_funding:
            top = case.horizon + 2
            sheet.write_string(top, 0, "Finansiering af første år", bold)
            for i, (code, amount) in enumerate(result.payer_funding.items(), start=1):
                sheet.write_string(top + i, 0, municipality_name(code))
                sheet.write_number(top + i, 1, amount, money)

    if simulation:
        sheet = book.add_worksheet("Usikkerhed")
        rows = [
            [
                t + 1,
                simulation.payback_by_year[t],
                *(simulation.percentiles[p][t] for p in PERCENTILES),
                simulation.mean[t],
            ]
            for t in range(case.horizon)
        ]
        table(
            sheet,
            0,
            ["År", "Sandsynlighed for tjent hjem", *(f"{p}. percentil" for p in PERCENTILES), "Gennemsnit"],
            rows,
            [None, rate] + [money] * (len(PERCENTILES) + 1),
        )
        if sensitivities:
            top = case.horizon + 2
            table(
                sheet,
                top,
                [
                    "Input (10. og 90. percentil)",
                    "Lav værdi",
                    "Høj værdi",
                    "Akkumuleret ved lav",
                    "Akkumuleret ved høj",
                ],
                [[s.label, s.low_input, s.high_input, s.low_result, s.high_result] for s in sensitivities],
                [None, None, None, money, money],
            )
    book.close()
    return path
