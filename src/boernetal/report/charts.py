"""The report's chart kinds, like the seed's figures: bars by year, month lines, distributions in %.

Each takes a tidy frame with Danish column names (the same frame goes to Excel) and returns an
Altair chart in the house theme (:mod:`boernetal.charts`). Rows whose value is hidden (None) are
left out of the drawing.
"""

from __future__ import annotations

import textwrap
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


#: where a long label is broken (a character no category name has); shown as a new line
LINE_BREAK = "¦"
LABEL_WIDTH = 34
BAR_LABEL_WIDTH = 16


def wrapped(label: str, width: int = LABEL_WIDTH) -> str:
    """``label`` with LINE_BREAK between lines of at most ``width`` characters (words kept whole)."""
    lines = textwrap.wrap(label, width, break_long_words=False, break_on_hyphens=False)
    return LINE_BREAK.join(lines) or label


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
    x_title: str | None = None,  # the x axis's title: the column's name, or '' for none
) -> alt.TopLevelMixin:
    """Vertical bars, grouped side by side by ``series`` (e.g. years per municipality).

    The chart is as wide as its bars and labels need (up to ``width``); a long label is broken over
    lines, and labels that would still collide are slanted, whole: a label is never cut off."""
    categories = max(1, data[x].nunique())
    per_series = data[series].nunique() if series else 1
    lines = {str(v): wrapped(str(v), BAR_LABEL_WIDTH) for v in data[x]}
    longest = max((len(line) for v in lines.values() for line in v.split(LINE_BREAK)), default=1)
    per_category = max(40 * per_series, 7 * longest + 10)
    slanted = 70 + categories * per_category > width
    if slanted:
        axis = alt.Axis(labelAngle=-40, labelLimit=0)
    else:
        axis = alt.Axis(labelAngle=0, labelLimit=0, labelExpr=f"split(datum.label, '{LINE_BREAK}')")
        data = data.assign(**{x: [lines[str(v)] for v in data[x]]})
        x_sort = [lines.get(v, v) for v in x_sort] if x_sort else x_sort
    encoding: dict[str, object] = {
        "x": alt.X(
            **{**field(x, "ordinal"), "title": x if x_title is None else (x_title or None)},
            sort=x_sort,
            axis=axis,
        ),
        "y": alt.Y(**{**field(y, "quantitative"), "title": y_title or y}, axis=alt.Axis(format=y_format)),
        "tooltip": [alt.Tooltip(**field(c, "nominal")) for c in [x, *([series] if series else [])]]
        + [alt.Tooltip(**field(y, "quantitative"), format=y_format)],
    }
    if series:
        encoding["color"] = alt.Color(
            **{**field(series, "nominal"), "title": None}, sort=series_order(data, series)
        )
        encoding["xOffset"] = alt.XOffset(**field(series, "nominal"), sort=series_order(data, series))
    chart = alt.Chart(_drawable(data, y)).mark_bar().encode(**encoding)
    return theme(chart, width=min(width, 70 + categories * per_category), height=height)


def series_order(data: pd.DataFrame, series: str) -> list[object] | None:
    """Years oldest first, in every chart's legend and bars; other series as they come."""
    values = [v.item() if hasattr(v, "item") else v for v in dict.fromkeys(data[series])]
    return sorted(values, key=int) if all(str(v).isdigit() for v in values) else None


def horizontal_bars(
    data: pd.DataFrame,
    category: str,
    value: str,
    series: str | None = None,
    value_format: str = PERCENT,
    value_title: str | None = None,
    sort: list[str] | None = None,
) -> alt.TopLevelMixin:
    """Horizontal bars for categories with long names (who notifies, reasons, placement types); a
    long name is broken over lines, never cut off."""
    data = data.assign(**{category: [wrapped(str(v)) for v in data[category]]})
    sort = [wrapped(v) for v in sort] if sort else sort
    axis = alt.Axis(labelLimit=0, labelExpr=f"split(datum.label, '{LINE_BREAK}')")
    encoding: dict[str, object] = {
        "y": alt.Y(**{**field(category, "nominal"), "title": None}, sort=sort, axis=axis),
        "x": alt.X(
            **{**field(value, "quantitative"), "title": value_title or value},
            # amounts have long labels: fewer ticks, so that they never run together
            axis=alt.Axis(format=value_format, **({"tickCount": 4} if value_format == AMOUNT else {})),
        ),
        "tooltip": [alt.Tooltip(**field(c, "nominal")) for c in [category, *([series] if series else [])]]
        + [alt.Tooltip(**field(value, "quantitative"), format=",.1f")],
    }
    if series:
        encoding["color"] = alt.Color(
            **{**field(series, "nominal"), "title": None}, sort=series_order(data, series)
        )
        encoding["yOffset"] = alt.YOffset(**field(series, "nominal"), sort=series_order(data, series))
    categories = data[category].nunique()
    series_count = data[series].nunique() if series else 1
    lines = max((str(v).count(LINE_BREAK) + 1 for v in data[category]), default=1)
    height = max(120, categories * max(14 * series_count + 8, 15 * lines + 8))
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
            color=alt.Color(**{**field(series, "nominal"), "title": None}, sort=series_order(data, series)),
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
