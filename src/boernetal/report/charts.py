"""The report's chart kinds, like the seed's figures: bars by year, month lines, distributions in %.

Each takes a tidy frame with Danish column names (the same frame goes to Excel) and returns an
Altair chart in the house theme (:mod:`boernetal.charts`). Rows whose value is hidden (None) are
left out of the drawing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

import altair as alt
import pandas as pd
from babel.dates import get_month_names

from .. import danish
from ..charts import theme

if TYPE_CHECKING:
    from .document import Figure

T = TypeVar("T")
COUNT = ",d"
AMOUNT = ",.0f"
PERCENT = ",.0f"


def month_abbreviations() -> list[str]:
    """['jan.', 'feb.', …] in Danish."""
    names = get_month_names("abbreviated", locale=danish.LOCALE)
    return [str(names[m]) for m in range(1, 13)]


def field(name: str, kind: str) -> dict[str, str]:
    """An encoding's field: dots and brackets in Danish column names ('Kr. pr. 1.000') escaped,
    as Vega-Lite would otherwise read them as nested fields."""
    escaped = name.replace(".", "\\.").replace("[", "\\[").replace("]", "\\]")
    return {"field": escaped, "type": kind, "title": name}


def _drawable(data: pd.DataFrame, value: str) -> pd.DataFrame:
    return data[data[value].notna()]


def bars(
    data: pd.DataFrame,
    x: str,
    y: str,
    series: str | None = None,
    y_format: str = COUNT,
    y_title: str | None = None,
    x_sort: list[str] | None = None,
    width: int = 560,
    height: int = 240,
) -> alt.TopLevelMixin:
    """Vertical bars, grouped side by side by ``series`` (e.g. years per municipality).

    The chart is as wide as its bars and labels need (up to ``width``); labels that would still
    collide are slanted."""
    categories = max(1, data[x].nunique())
    per_series = data[series].nunique() if series else 1
    longest = max((len(str(v)) for v in data[x]), default=1)
    per_category = max(40 * per_series, 7 * longest + 10)
    slanted = 70 + categories * per_category > width
    encoding: dict[str, object] = {
        "x": alt.X(**field(x, "ordinal"), sort=x_sort, axis=alt.Axis(labelAngle=-40 if slanted else 0)),
        "y": alt.Y(**{**field(y, "quantitative"), "title": y_title or y}, axis=alt.Axis(format=y_format)),
        "tooltip": [alt.Tooltip(**field(c, "nominal")) for c in [x, *([series] if series else [])]]
        + [alt.Tooltip(**field(y, "quantitative"), format=y_format)],
    }
    if series:
        encoding["color"] = alt.Color(**{**field(series, "nominal"), "title": None}, sort=None)
        encoding["xOffset"] = alt.XOffset(**field(series, "nominal"), sort=None)
    chart = alt.Chart(_drawable(data, y)).mark_bar().encode(**encoding)
    return theme(chart, width=min(width, 70 + categories * per_category), height=height)


def horizontal_bars(
    data: pd.DataFrame,
    category: str,
    value: str,
    series: str | None = None,
    value_format: str = PERCENT,
    value_title: str | None = None,
    sort: list[str] | None = None,
) -> alt.TopLevelMixin:
    """Horizontal bars for categories with long names (who notifies, reasons, placement types)."""
    encoding: dict[str, object] = {
        "y": alt.Y(**{**field(category, "nominal"), "title": None}, sort=sort, axis=alt.Axis(labelLimit=260)),
        "x": alt.X(
            **{**field(value, "quantitative"), "title": value_title or value},
            # amounts have long labels: fewer ticks, so that they never run together
            axis=alt.Axis(format=value_format, **({"tickCount": 4} if value_format == AMOUNT else {})),
        ),
        "tooltip": [alt.Tooltip(**field(c, "nominal")) for c in [category, *([series] if series else [])]]
        + [alt.Tooltip(**field(value, "quantitative"), format=",.1f")],
    }
    if series:
        encoding["color"] = alt.Color(**{**field(series, "nominal"), "title": None}, sort=None)
        encoding["yOffset"] = alt.YOffset(**field(series, "nominal"), sort=None)
    categories = data[category].nunique()
    series_count = data[series].nunique() if series else 1
    height = max(120, 14 * categories * series_count + 8 * categories)
    chart = alt.Chart(_drawable(data, value)).mark_bar().encode(**encoding)
    return theme(chart, width=420, height=height)


def month_lines(data: pd.DataFrame, value: str, series: str, y_title: str | None = None) -> alt.TopLevelMixin:
    """One line per series over the months, January to December (column 'Måned', names)."""
    chart = (
        alt.Chart(_drawable(data, value))
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=alt.X("Måned:O", title=None, sort=month_abbreviations(), axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                **{**field(value, "quantitative"), "title": y_title or value}, axis=alt.Axis(format=COUNT)
            ),
            color=alt.Color(**{**field(series, "nominal"), "title": None}, sort=None),
            tooltip=[
                alt.Tooltip(**field("Måned", "nominal")),
                alt.Tooltip(**field(series, "nominal")),
                alt.Tooltip(**field(value, "quantitative"), format=",.1f"),
            ],
        )
    )
    return theme(chart, width=560, height=240)


def draw_all(figures: Iterable[Figure], draw: Callable[[alt.TopLevelMixin], T]) -> dict[int, T]:
    """Each figure drawn (SVG or PNG) by number, two at a time: vl-convert works outside Python's lock."""
    figures = list(figures)
    with ThreadPoolExecutor(2) as pool:
        drawn = pool.map(lambda figure: draw(figure.chart), figures)
        return {figure.number: image for figure, image in zip(figures, drawn, strict=True)}
