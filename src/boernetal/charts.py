"""Charts: Vega-Altair specs rendered by vl-convert, with Danish number formats and one palette.

The palette is Okabe-Ito's, which stays distinguishable for colour-blind readers. SVG goes into
HTML and PDF, PNG into Word.
"""

from __future__ import annotations

from typing import Any

import altair as alt

#: Okabe-Ito: blue, orange, bluish green, vermillion, sky blue, reddish purple, yellow, grey
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#7F7F7F"]
FONT = "DejaVu Sans"
LOCALE = "da-DK"


def theme(chart: alt.TopLevelMixin, width: int = 560, height: int = 260) -> alt.TopLevelMixin:
    return chart.properties(width=width, height=height).configure(
        font=FONT,
        range={"category": PALETTE},
        axis={"labelFontSize": 11, "titleFontSize": 12, "grid": True, "gridColor": "#e5e5e5"},
        legend={"labelFontSize": 11, "titleFontSize": 12, "orient": "bottom"},
        view={"stroke": None},
    )


def _spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    return chart.to_dict()


def svg(chart: alt.TopLevelMixin) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(_spec(chart), format_locale=LOCALE, time_format_locale=LOCALE)


def png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    import vl_convert

    return vl_convert.vegalite_to_png(
        _spec(chart), scale=scale, format_locale=LOCALE, time_format_locale=LOCALE
    )
