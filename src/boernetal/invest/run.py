"""A whole business-case run: load, calculate, simulate, write the chosen formats."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import BoernetalError
from .case import BusinessCase, CaseError, PriceLookup, load_case
from .documents import write_docx, write_html, write_pdf
from .model import Result, calculate
from .report import write_json, write_xlsx
from .uncertainty import Sensitivity, Simulation, simulate, tornado

WRITERS = {"json": write_json, "xlsx": write_xlsx, "html": write_html, "pdf": write_pdf, "docx": write_docx}


@dataclass(frozen=True)
class Evaluation:
    result: Result
    simulation: Simulation | None
    sensitivities: list[Sensitivity]


def evaluate(case: BusinessCase, draws: int | None = None, seed: int | None = None) -> Evaluation:
    """The deterministic scenarios, and the Monte Carlo and tornado when the case has uncertainty."""
    simulation = simulate(case, draws, seed) if case.uncertainty else None
    return Evaluation(calculate(case), simulation, tornado(case))


def run_case(
    path: Path,
    out_dir: Path,
    formats: list[str],
    prices: PriceLookup | None = None,
    draws: int | None = None,
    seed: int | None = None,
) -> tuple[Evaluation, list[Path]]:
    unknown = [f for f in formats if f not in WRITERS]
    if unknown:
        raise BoernetalError(f"Formatet {unknown[0]} kan ikke skrives.", f"Brug {', '.join(WRITERS)}.")
    evaluation = evaluate(load_case(path, prices), draws, seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [
        WRITERS[f](
            out_dir / f"{path.stem}.{f}", evaluation.result, evaluation.simulation, evaluation.sensitivities
        )
        for f in formats
    ]
    return evaluation, written


def write_template(path: Path) -> Path:
    """A commented case file to start from; never overwrites."""
    if path.exists():
        raise CaseError(f"{path} findes allerede.", "Vælg et andet filnavn.")
    text = resources.files("boernetal.invest").joinpath("data/case-template.toml").read_text("utf-8")
    path.write_text(text, encoding="utf-8")
    return path
