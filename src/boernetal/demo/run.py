"""``boernetal demo``: the whole product on the demo data set, in one command.

Creates a workspace, writes the seed-calibrated records as ordinary data-contract files, imports
them through the normal ingest path, computes the indicators and writes the 2013 annual report in
all four formats.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..engine import compute
from ..engine.export import write as write_indicators
from ..errors import BoernetalError
from ..ingest import ingest_directory
from ..report import build_report, chapters
from ..report.formats import write as write_report
from ..workspace import CONFIG_FILE, Workspace, init_workspace
from . import files, national, seed

YEAR = 2013
STEPS = 6
PROFILES = ("seed", "national")


@dataclass(frozen=True)
class Demo:
    workspace: Workspace
    extracts: Path
    indicators: Path
    report: dict[str, Path]
    year: int = YEAR


def parse_years(text: str) -> tuple[int, int]:
    """'2014-2023' -> (2014, 2023); a user's mistake is said plainly."""
    parts = text.replace("–", "-").split("-")
    try:
        first, last = (int(parts[0]), int(parts[-1]))
    except ValueError:
        first = last = 0
    if not 2000 <= first <= last <= 2100 or len(parts) > 2:
        raise BoernetalError(f"--years {text} er ikke et årsinterval.", "Skriv fx --years 2014-2023.")
    return first, last


def run_national(folder: Path, years: tuple[int, int], force: bool, step: Callable[[str], None]) -> Demo:
    """The national-size data set for benchmarks: files, ingest and the indicators of the last year."""
    folder = folder.expanduser().resolve()
    prepare(folder, force)
    step("Opretter arbejdsområdet (alle 98 kommuner) …")
    ws = init_workspace(folder, organisation="Børnetal national demo")
    extracts = folder / "udtraek"
    national.generate(extracts, *years, step=step)
    step("Indlæser udtrækkene …")
    result = ingest_directory(ws, extracts)
    if not result.loaded:
        problems = "; ".join(issue.message for issue in result.errors[:3])
        raise BoernetalError(f"Demodata kunne ikke indlæses: {problems}", "Det er en fejl i Børnetal.")
    step("Beregner nøgletal …")
    indicators = write_indicators(compute(ws, years[1]), folder / f"noegletal-{years[1]}.xlsx", "xlsx")
    step("Færdig")
    return Demo(ws, extracts, indicators, {}, years[1])


def prepare(folder: Path, force: bool) -> None:
    """Refuse a folder in use; with ``force`` rebuild a previous demo (only a Børnetal workspace)."""
    if not folder.exists() or not any(folder.iterdir()):
        return
    if not force:
        raise BoernetalError(
            f"{folder} findes allerede og er ikke tom.",
            "Brug --force for at bygge demoen forfra, eller vælg en anden mappe med --out.",
        )
    if not (folder / CONFIG_FILE).exists():
        raise BoernetalError(
            f"{folder} er ikke et Børnetal-arbejdsområde, så --force sletter den ikke.",
            "Vælg en tom mappe med --out.",
        )
    shutil.rmtree(folder)


def copy_chapters(folder: Path) -> None:
    """The seed's narrative chapters, in Børnetal's own words, as the analysts' chapters of the
    demo workspace (kapitler/): what a municipality writes by hand, to start from."""
    own = folder / chapters.FOLDER
    own.mkdir(exist_ok=True)
    for source in resources.files("boernetal.demo").joinpath("data/kapitler").iterdir():
        if source.name.endswith(".md"):
            (own / source.name).write_text(source.read_text("utf-8"), "utf-8")


def run(folder: Path, force: bool = False, step: Callable[[str], None] = lambda _: None) -> Demo:
    folder = folder.expanduser().resolve()
    prepare(folder, force)
    s = seed.spec()
    step("Opretter arbejdsområdet …")
    ws = init_workspace(
        folder,
        organisation=s["organisation"],
        municipalities=s["municipalities"],
        peer_groups={name: list(members) for name, members in s["peer_groups"].items()},
    )
    step("Danner demodata for Ishøj og Vallensbæk 2011–2013 …")
    extracts = folder / "udtraek"
    files.write_all(extracts, seed.generate())
    step("Indlæser udtrækkene …")
    result = ingest_directory(ws, extracts)
    if not result.loaded:  # the demo's own files must always load; say so plainly if not
        problems = "; ".join(issue.message for issue in result.errors[:3])
        raise BoernetalError(f"Demodata kunne ikke indlæses: {problems}", "Det er en fejl i Børnetal.")
    step("Beregner nøgletal …")
    figures = compute(ws, YEAR)
    copy_chapters(folder)
    indicators = write_indicators(figures, folder / f"noegletal-{YEAR}.xlsx", "xlsx")
    step("Skriver årsrapporten …")
    report = build_report(ws, YEAR, figures=figures)
    written = write_report(report, folder / f"aarsrapport-{YEAR}")
    step("Færdig")
    return Demo(ws, extracts, indicators, written)
