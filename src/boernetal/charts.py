"""Charts: Vega-Altair specs rendered by vl-convert, with Danish number formats and one palette.

The palette is Okabe-Ito's, which stays distinguishable for colour-blind readers. SVG goes into
HTML and PDF, PNG into Word.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from typing import Any

import altair as alt

from .cache import default_folder

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


def _cached(chart: alt.TopLevelMixin, kind: str, draw: Callable[[dict[str, Any]], bytes]) -> bytes:
    """A drawing kept between runs under a hash of its whole specification (data included), so an
    unchanged chart is not drawn again; drawn afresh when the cache can't be read or written."""
    import vl_convert

    spec = _spec(chart)
    key = hashlib.sha256(
        json.dumps([spec, kind, LOCALE, vl_convert.__version__], sort_keys=True, default=str).encode()
    ).hexdigest()
    path = default_folder() / "charts" / f"{key}.{kind.split('@')[0]}"
    try:
        return path.read_bytes()
    except OSError:
        pass
    drawn = draw(spec)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(drawn)
        partial.replace(path)
    return drawn


def svg(chart: alt.TopLevelMixin) -> str:
    import vl_convert

    def draw(spec: dict[str, Any]) -> bytes:
        return vl_convert.vegalite_to_svg(spec, format_locale=LOCALE, time_format_locale=LOCALE).encode()

    return _cached(chart, "svg", draw).decode()


def png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    import vl_convert

    def draw(spec: dict[str, Any]) -> bytes:
        return bytes(
            vl_convert.vegalite_to_png(spec, scale=scale, format_locale=LOCALE, time_format_locale=LOCALE)
        )

    return _cached(chart, f"png@{scale}", draw)
