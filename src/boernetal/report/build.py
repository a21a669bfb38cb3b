"""Building the report: the indicators computed once, then each section in the seed's order."""

from __future__ import annotations

from ..contract.municipalities import name as municipality_name
from ..engine import IndicatorSet, compute
from ..warehouse.order import budget_lines
from ..warehouse.status import status as warehouse_status
from ..workspace import Workspace
from . import chapters
from .context import Context
from .document import Report
from .sections import SECTIONS, data_quality
from .text import Sentences

#: where a workspace keeps its own wording (copies of data/text/*.txt.j2)
OVERRIDES = "tekster"


def line_order(workspace: Workspace, year: int) -> dict[str, dict[tuple[str, str | None, str], int]]:
    """The budget lines in the order of the imported file, so the account table reads like the source."""
    order: dict[str, dict[tuple[str, str | None, str], int]] = {}
    for position, (municipality, area, group, account) in enumerate(budget_lines(workspace, year)):
        order.setdefault(municipality, {}).setdefault((area, group, account), position)
    return order


def build_report(
    workspace: Workspace,
    year: int,
    publish: bool = False,
    min_cell: int | None = None,
    figures: IndicatorSet | None = None,
) -> Report:
    """The annual report for ``year``: published (disclosure control applied) or internal."""
    figures = figures or compute(workspace, year, publish=publish, min_cell=min_cell)
    config = workspace.config
    names = {m: municipality_name(m) for m in figures.municipalities}
    sentences = Sentences(figures.published, figures.min_cell, workspace.path / OVERRIDES)
    ctx = Context(
        figures=figures,
        organisation=config.organisation,
        sentences=sentences,
        common={
            "year": year,
            "previous": year - 1,
            "organisation": config.organisation,
            "municipalities": names,
            "kommuner": [f"{n} Kommune" for n in names.values()],
            "published": figures.published,
            "min_cell": figures.min_cell,
        },
        line_order=line_order(workspace, year),
    )
    generated = [
        (title, [s for s in module.build(ctx) if not s.empty or s.level == 1]) for title, module in SECTIONS
    ]
    own = [chapter for chapter in chapters.read_all(workspace.path) if chapter.for_year(year)]
    sections, left_out = chapters.arrange(generated, own)
    sections.extend(data_quality.build(ctx, warehouse_status(workspace, recent=10_000), left_out))
    report = Report(
        title=f"Årsrapport {year}",
        organisation=config.organisation,
        year=year,
        municipalities=names,
        published=figures.published,
        min_cell=figures.min_cell,
        sections=sections,
        left_out=left_out,
        counts_stated=sentences.counts_stated,
    )
    report.number_blocks()
    return report
