"""Charts: Danish number formats, drawn once and kept (an unchanged chart is not drawn again)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from boernetal.cache import ENV_VAR
from boernetal.charts import png, svg, theme


def chart(values: list[int]) -> alt.TopLevelMixin:
    data = pd.DataFrame({"År": ["2012", "2013"], "Antal": values})
    return theme(alt.Chart(data).mark_bar().encode(x="År:O", y=alt.Y("Antal:Q", axis=alt.Axis(format=",d"))))


def test_an_unchanged_chart_is_kept_and_a_changed_one_drawn(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    first = svg(chart([1200, 1500]))
    assert "<svg" in first and "1.500" in first  # Danish thousands separator on the axis
    kept = list((tmp_path / "charts").iterdir())
    assert len(kept) == 1 and svg(chart([1200, 1500])) == first
    assert svg(chart([1200, 1600])) != first and len(list((tmp_path / "charts").iterdir())) == 2
    image = png(chart([1200, 1500]))
    assert image[:8] == b"\x89PNG\r\n\x1a\n" and png(chart([1200, 1500])) == image


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(blocker / "cache"))
    assert "<svg" in svg(chart([3, 4]))
