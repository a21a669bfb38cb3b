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


def test_a_long_label_is_never_cut_off_and_years_come_oldest_first():
    import re

    from boernetal.report.charts import bars, horizontal_bars

    label = "Andre med skærpet underretningspligt (fx tandlæge, sundhedspleje)"
    data = pd.DataFrame(
        {
            "Underretter": [label, "Skole", label, "Skole"],
            "Antal": [30, 20, 25, 22],
            "År": ["2013", "2013", "2012", "2012"],
        }
    )
    for drawn in (
        svg(horizontal_bars(data, "Underretter", "Antal", series="År", value_format=",d")),
        svg(bars(data, "Underretter", "Antal", series="År")),
        svg(bars(data, "Underretter", "Antal", series="År", width=200)),  # slanted, still whole
    ):
        texts = " ".join(re.findall(r">([^<>]+)</t", drawn))
        assert "…" not in texts
        assert all(word in texts for word in label.split()), texts
        assert "¦" not in texts
        assert texts.index("2012") < texts.index("2013")  # the legend: oldest year first
