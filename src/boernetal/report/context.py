"""What a section needs to write itself: the indicators, the workspace's names, and the sentences."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..catalogue import REGISTRY
from ..contract.municipalities import name as municipality_name
from ..danish import number, percent
from ..engine import IndicatorSet
from .document import SUPPRESSED, Cell, Paragraph
from .text import Sentences

ALL = "all"


@dataclass
class Context:
    """The indicator set of the report year, read the way the report's sections speak of it."""

    figures: IndicatorSet
    organisation: str
    sentences: Sentences
    #: wording available to every template: year, organisation, municipality names
    common: dict[str, Any] = field(default_factory=dict)
    #: municipality -> (area, group, account) -> position in the imported budget file
    line_order: dict[str, dict[tuple[str, str | None, str], int]] = field(default_factory=dict)
    _index: dict[str, dict[tuple[int, str | None], pd.DataFrame]] = field(default_factory=dict, repr=False)
    _lookup: dict[str, dict[tuple, tuple]] = field(default_factory=dict, repr=False)

    @property
    def year(self) -> int:
        return self.figures.year

    @property
    def published(self) -> bool:
        return self.figures.published

    @property
    def min_cell(self) -> int:
        return self.figures.min_cell

    @property
    def municipalities(self) -> tuple[str, ...]:
        """The workspace's own municipalities (codes), in its order."""
        return self.figures.municipalities

    @property
    def scopes(self) -> tuple[str, ...]:
        """``all`` first, then each municipality when there are several."""
        return (ALL, *self.municipalities) if len(self.municipalities) > 1 else (ALL,)

    def place(self, municipality: str) -> str:
        """'Ishøj', or 'I alt' for all municipalities together."""
        return "I alt" if municipality == ALL else municipality_name(municipality)

    # -- reading indicators ----------------------------------------------------------------------
    def rows(self, id: str, year: int | None = None, municipality: str | None = ALL) -> pd.DataFrame:
        """The indicator's rows for one year (default: the report year) and municipality (None = all rows)."""
        if id not in self.figures.results:
            return pd.DataFrame(columns=["year", "municipality", "value", "suppressed"])
        if id not in self._index:
            frame = self.figures.results[id]
            self._index[id] = {(int(y), None): part for y, part in frame.groupby("year", sort=False)} | {
                (int(y), m): part for (y, m), part in frame.groupby(["year", "municipality"], sort=False)
            }
        empty = self.figures.results[id].iloc[0:0]
        return self._index[id].get((year or self.year, municipality), empty)

    def has(self, id: str, year: int | None = None, municipality: str | None = ALL) -> bool:
        return not self.rows(id, year, municipality).empty

    def _find(
        self, id: str, year: int | None, municipality: str, keys: dict[str, object]
    ) -> tuple[object, object] | None:
        """(value, suppressed) of the row with these keys, or None when there is none."""
        breakdown = REGISTRY[id].breakdown if id in REGISTRY else ()
        if set(keys) != set(breakdown):  # a partial key: filter the rows
            frame = self.rows(id, year, municipality)
            for key, wanted in keys.items():
                frame = frame[frame[key] == wanted]
            return None if frame.empty else (frame["value"].iloc[0], frame["suppressed"].iloc[0])
        if id not in self._lookup:
            frame = self.figures.results.get(id)
            columns = ["year", "municipality", *breakdown, "value", "suppressed"]
            rows = [] if frame is None else frame[columns].itertuples(index=False, name=None)
            self._lookup[id] = {tuple(r[:-2]): (r[-2], r[-1]) for r in rows}
        return self._lookup[id].get((year or self.year, municipality, *(keys[k] for k in breakdown)))

    def value(
        self, id: str, year: int | None = None, municipality: str = ALL, **keys: object
    ) -> float | None:
        """One value; None when it is suppressed or there is no such row."""
        found = self._find(id, year, municipality, keys)
        return None if found is None or bool(found[1]) else float(found[0])  # type: ignore[arg-type]

    def count(
        self, id: str, year: int | None = None, municipality: str = ALL, **keys: object
    ) -> float | None:
        """A count whose missing row means 0 (zero breakdown rows are left out); None when suppressed."""
        found = self._find(id, year, municipality, keys)
        if found is None:
            return 0.0 if self.has(id, year, municipality) else None
        return None if bool(found[1]) else float(found[0])  # type: ignore[arg-type]

    def breakdown(
        self, id: str, dimension: str, year: int | None = None, municipality: str = ALL
    ) -> dict[Any, float | None]:
        """Code -> value (None when suppressed), largest first."""
        frame = self.rows(id, year, municipality).sort_values("value", ascending=False, kind="stable")
        return {
            row[dimension]: (None if row["suppressed"] else float(row["value"]))
            for row in frame.to_dict("records")
        }

    def years(self, id: str) -> list[int]:
        """The years (up to the report year) for which the indicator has rows, oldest first."""
        if id not in self.figures.results:
            return []
        return sorted(int(y) for y in self.figures.results[id]["year"].unique())

    # -- wording ---------------------------------------------------------------------------------
    def say(self, section: str, blocks: Iterable[str], **context: Any) -> Paragraph:
        return self.sentences.paragraph(section, blocks, {**self.common, **context})

    # -- cells -----------------------------------------------------------------------------------
    def cell(self, value: float | None, kind: str = "count", decimals: int = 1, hidden: bool = False) -> Cell:
        """A table cell; a suppressed value prints as '–'."""
        if hidden or (value is None and kind != "label"):
            return Cell(SUPPRESSED if hidden else "", None, kind, suppressed=hidden)  # type: ignore[arg-type]
        assert value is not None
        if kind == "percent":
            text = percent(value, decimals)
        elif kind == "number":
            text = number(value, decimals)
        else:
            text = number(round(value))
        return Cell(text, value, kind)  # type: ignore[arg-type]

    def value_cell(self, id: str, kind: str = "count", **keys: Any) -> Cell:
        """The cell for one indicator value: '–' when suppressed, '0' for a count with no row."""
        year, municipality = keys.pop("year", None), keys.pop("municipality", ALL)
        found = self._find(id, year, municipality, keys)
        if found is None:
            return self.cell(0.0 if kind == "count" and self.has(id, year, municipality) else None, kind)
        if bool(found[1]):
            return self.cell(None, kind, hidden=True)
        return self.cell(float(found[0]), kind)


def distribution(
    ctx: Context,
    id: str,
    dimension: str,
    share: str,
    series: dict[str, tuple[int, str]],
    name: str,
    labels: dict[object, str] | None = None,
    order: list[object] | None = None,
) -> pd.DataFrame:
    """Counts and shares of one breakdown for several series (year and municipality each).

    ``series`` maps a series' label (e.g. 'Ishøj' or '2012') to its (year, municipality); the
    shares are the catalogue's ``share`` indicator of the counts ``id``, hidden as it hides them
    (so the report shows what the export does). Columns: ``name``, Serie, Antal, Andel (%).
    """
    rows = []
    for serie, (year, municipality) in series.items():
        counts = ctx.breakdown(id, dimension, year, municipality)
        codes = order if order is not None else list(counts)
        for code in codes:
            rows.append(
                {
                    name: labels.get(code, str(code)) if labels else str(code),
                    "Serie": serie,
                    "Antal": counts.get(code, 0.0),
                    "Andel (%)": ctx.count(share, year, municipality, **{dimension: code}),
                }
            )
    return pd.DataFrame(rows, columns=[name, "Serie", "Antal", "Andel (%)"])
