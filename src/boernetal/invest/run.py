"""A whole business-case run: load, calculate, simulate, write the chosen formats."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..errors import BoernetalError
from ..files import check_target, write_with
from .case import CaseError, PriceLookup, load_case
from .documents import FORMATS, document
from .evaluation import Evaluation, evaluate
from .report import write_json

WRITERS = ("json", *FORMATS)


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
    # the document is built (and its figures drawn) once for all its formats
    report = document(evaluation) if any(f in FORMATS for f in formats) else None

    def write(fmt: str, target: Path) -> Path:
        return write_json(target, evaluation) if fmt == "json" else FORMATS[fmt](report, target)

    paths = [write_with(lambda p, f=f: write(f, p), out_dir / f"{path.stem}.{f}") for f in formats]
    return evaluation, paths


def write_template(path: Path) -> Path:
    """A commented case file to start from; never overwrites."""
    check_target(path)
    if path.exists():
        raise CaseError(f"{path} findes allerede.", "Vælg et andet filnavn.")
    text = resources.files("boernetal.invest").joinpath("data/case-template.toml").read_text("utf-8")
    path.write_text(text, encoding="utf-8")
    return path
