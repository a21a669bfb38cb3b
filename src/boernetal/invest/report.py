"""A business case's results as Danish text and as JSON (every number); its documents are
``documents``."""

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
from .uncertainty import Simulation

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
    """The summary's text templates (plain text: the documents escape it as they write it)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("boernetal.invest", "data"),
        autoescape=False,
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
