"""HTML: one self-contained file (inline CSS and SVG charts), readable on screen and printable."""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2

from ... import danish
from ...charts import svg
from ..charts import draw_all
from ..document import Report


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("boernetal.report", "data"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["add_kommune"] = lambda name: f"{name} Kommune"
    return env.get_template("report.html.j2")


def css(report: Report) -> str:
    text = resources.files("boernetal.report").joinpath("data/report.css").read_text("utf-8")
    if report.internal_mark:
        # the mark on every printed page (the screen shows a banner)
        text += f'\n@page {{ @top-right {{ content: "{report.internal_mark}"; }} }}\n'
    return text


def svgs(report: Report) -> dict[int, str]:
    """Each figure drawn once, by number (the PDF reuses the HTML)."""
    cached = getattr(report, "_svgs", None)
    if cached is None:
        cached = draw_all(report.figures, svg)
        report._svgs = cached  # type: ignore[attr-defined]
    return cached


def render(report: Report) -> str:
    return _template().render(
        report=report, css=css(report), svgs=svgs(report), made=danish.date(dt.date.today())
    )


def write(report: Report, path: Path) -> Path:
    path.write_text(render(report), encoding="utf-8")
    return path
