"""A whole business-case run: load, calculate, simulate, write the chosen formats."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..errors import BoernetalError
from ..files import check_target, write_with
from .case import CaseError, PriceLookup, load_case
from .documents import write_docx, write_html, write_pdf, write_xlsx
from .evaluation import Evaluation, evaluate
from .report import write_json

WRITERS = {"json": write_json, "xlsx": write_xlsx, "html": write_html, "pdf": write_pdf, "docx": write_docx}


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
    paths = [
        write_with(lambda p, f=f: WRITERS[f](p, evaluation), out_dir / f"{path.stem}.{f}") for f in formats
    ]
    return evaluation, paths


def write_template(path: Path) -> Path:
    """A commented case file to start from; never overwrites."""
    check_target(path)
    if path.exists():
        raise CaseError(f"{path} findes allerede.", "Vælg et andet filnavn.")
    text = resources.files("boernetal.invest").joinpath("data/case-template.toml").read_text("utf-8")
    path.write_text(text, encoding="utf-8")
    return path
