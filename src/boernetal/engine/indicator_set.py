"""The engine: the catalogue for a year and the two before, from a warehouse, with its findings and
disclosure control.

What to compute (the scope: years, municipalities, publish or not) is decided here; how the
definitions are run is an executor's business (see executor, fast, backends), so the same figures
come from a DuckDB file, a PostgreSQL server or Parquet on Spark.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..catalogue.findings import Finding, find
from ..catalogue.names import family_names
from ..catalogue.registry import KEYS, REGISTRY, SUMS, Indicator, is_list, pick
from ..catalogue.scope import ALL, Settings
from ..config import WorkspaceConfig
from ..contract import KINDS
from ..errors import BoernetalError
from ..warehouse import municipalities as named
from ..workspace import Workspace
from . import disclosure
from .backends import executor_for
from .executor import Executor
from .tidy import NUMBERED, tidy

__all__ = ["IndicatorSet", "compute", "compute_with", "covered_years", "own_municipalities", "tidy"]

YEARS_BACK = 2
#: the years a figure can be asked for (a calendar with the two years before), and the largest
#: smallest-cell size that still publishes something
FIRST_YEAR, LAST_YEAR = 1902, 2100
MAX_MIN_CELL = 1000


@dataclass
class IndicatorSet:
    """Every indicator for ``year`` and the two years before it, with the findings."""

    year: int
    min_cell: int
    published: bool
    municipalities: tuple[str, ...]
    years: dict[str, list[int]]
    #: indicator id -> rows: year, municipality, breakdown..., value, suppressed
    results: dict[str, pd.DataFrame]
    findings: list[Finding]

    @property
    def indicators(self) -> list[Indicator]:
        """The exported indicators, in the order of the catalogue."""
        families = list(family_names())
        shown = [REGISTRY[i] for i in self.results if not REGISTRY[i].hidden]
        return sorted(shown, key=lambda i: families.index(i.family))

    def rows(self, id: str, **keys: object) -> pd.DataFrame:
        """The rows of one indicator, optionally only those with the given keys."""
        frame = self.results[id]
        for key, value in keys.items():
            frame = frame[frame[key] == value]
        return frame

    def value(self, id: str, **keys: object) -> float | None:
        """The one value with these keys (None when there is no such row or it is suppressed)."""
        frame = self.rows(id, **keys)
        if len(frame) > 1:
            raise ValueError(f"{id} has {len(frame)} rows for {keys}; give more keys")
        if frame.empty or frame.suppressed.iloc[0]:
            return None
        return frame["value"].iloc[0].item()

    @property
    def table(self) -> pd.DataFrame:
        """All exported indicators as one tidy table: one row per value, breakdowns as columns."""
        frames = [
            self.results[i.id].assign(
                id=i.id,
                title=i.title,
                unit=i.unit,
                family=i.family,
                value=self.results[i.id]["value"].astype(object),
            )
            for i in self.indicators
        ]
        dims = list(dict.fromkeys(d for i in self.indicators for d in i.breakdown))
        table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        columns = ["id", "family", "title", "unit", *KEYS, *dims, "value", "suppressed"]
        table = table.reindex(columns=columns)
        for dim in NUMBERED:
            if dim in table:
                table[dim] = table[dim].astype("Int64")
        return table


def compute(
    workspace: Workspace,
    year: int,
    publish: bool = False,
    min_cell: int | None = None,
    plain: bool = False,
) -> IndicatorSet:
    """Compute every indicator for ``year`` (and the two years before it) from the workspace's
    warehouse (its DuckDB file, or the PostgreSQL server boernetal.toml names); ``plain`` runs
    each definition as written, without the DuckDB executor's speed-ups."""
    with executor_for(workspace, plain=plain) as executor:
        return compute_with(executor, workspace.config, year, publish, min_cell)


def compute_with(
    executor: Executor,
    config: WorkspaceConfig,
    year: int,
    publish: bool = False,
    min_cell: int | None = None,
) -> IndicatorSet:
    """Compute every indicator for ``year`` and the two before with ``executor`` (any backend)."""
    min_cell = config.min_cell if min_cell is None else min_cell
    if min_cell < 3:
        raise BoernetalError(
            f"--min-cell er {min_cell}, men må aldrig være under 3.",
            "Danmarks Statistiks regel er mindst 3 personer pr. celle.",
        )
    if min_cell > MAX_MIN_CELL:
        raise BoernetalError(
            f"--min-cell er {min_cell}; så ville næsten intet kunne offentliggøres.",
            f"Vælg et tal mellem 3 og {MAX_MIN_CELL} (Danmarks Statistik bruger 3, nogle kommuner 5).",
        )
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BoernetalError(
            f"--year {year} er ikke et år, Børnetal kan regne for.",
            f"Vælg et år mellem {FIRST_YEAR} og {LAST_YEAR}, fx et år lageret har data for "
            "(se 'boernetal status').",
        )
    municipalities = own_municipalities(config, executor)
    window = list(range(year - YEARS_BACK, year + 1))
    years = covered_years(executor, KINDS, year)
    if not any(year in covered for covered in years.values()):
        raise BoernetalError(
            f"Lageret har ingen data for {year}.",
            "Indlæs udtræk for året med 'boernetal ingest', eller vælg et andet år "
            "(se hvilke år lageret har med 'boernetal status').",
        )
    results = executor.run(years, municipalities, Settings(config.peer_groups, config.screening))
    hide_below = min_cell if publish else None
    findings = find(executor, config, year, window, municipalities, years, results, hide_below)
    executor.close()
    for frame in results.values():
        frame["suppressed"] = pd.Series(False, index=frame.index, dtype=bool)
    if publish:
        apply_disclosure(results, min_cell)
    return IndicatorSet(year, min_cell, publish, municipalities, years, results, findings)


def own_municipalities(config: WorkspaceConfig, executor: Executor) -> tuple[str, ...]:
    """The workspace's municipalities: those in boernetal.toml, else those the case records name
    (as the last import kept them, see warehouse.municipalities; else read from the records)."""
    if config.municipalities:
        return config.municipalities
    backend = executor.backend

    def kept() -> ir.Table:
        meta = backend.table("meta")
        return meta.filter(meta.key == named.KEY).select(municipality=meta.value)

    def found() -> ir.Table:
        tables = (backend.table(KINDS[kind].table) for kind in named.CASE_KINDS)
        return ibis.union(*(table.select("municipality") for table in tables), distinct=True)

    rows = executor.rows("kept_municipalities", kept)
    if rows.empty:
        rows = executor.rows("own_municipalities", found)
    return tuple(sorted(m for m in rows.municipality if isinstance(m, str)))


def covered_years(executor: Executor, kinds: Iterable[str], year: int) -> dict[str, list[int]]:
    """Per kind, the years up to ``year`` that some record of it falls in (or, for periods,
    overlaps): as far back as the kind's figures are shown (``RecordKind.years_back``)."""
    window = list(range(year - max(KINDS[kind].years_back for kind in kinds), year + 1))
    scope = executor.scope(tuple(window), ())  # the years come from its calendar: the SQL serves every window

    def years_with_records(kind: str) -> ir.Table:
        return scope.by_year(executor.backend.table(KINDS[kind].table), kind).select("year").distinct()

    found = executor.rows_each(
        {f"covered_years|{kind}": lambda k=kind: years_with_records(k) for kind in kinds}, scope
    )
    present = {key.split("|")[1]: set(rows.year) for key, rows in found.items()}
    return {
        kind: [y for y in window if y in present[kind] and y >= year - KINDS[kind].years_back]
        for kind in kinds
    }


# Disclosure control -------------------------------------------------------------------------------


def apply_disclosure(results: dict[str, pd.DataFrame], min_cell: int) -> None:
    """Mark suppressed cells in ``results`` (primary, secondary, then everything computed from them)."""
    protected = [i for i in REGISTRY.values() if i.protected and i.id in results]
    offsets: dict[str, int] = {}
    values: list[float] = []
    known: list[bool] = []
    revealed = revealed_ids()
    for indicator in protected:
        offsets[indicator.id] = len(values)
        values += results[indicator.id]["value"].tolist()
        known += [indicator.id in revealed] * len(results[indicator.id])
    lines = list(disclosure_lines(protected, results, offsets))
    hidden = disclosure.suppress(values, [True] * len(values), lines, min_cell, known)
    for indicator in protected:
        start = offsets[indicator.id]
        frame = results[indicator.id]
        frame["suppressed"] = pd.Series(hidden[start : start + len(frame)], index=frame.index, dtype=bool)
    for indicator in REGISTRY.values():
        if indicator.sources and indicator.about_children and indicator.id in results:
            frame = results[indicator.id]
            frame["suppressed"] = pd.Series(
                hidden_with_sources(indicator, results), index=frame.index, dtype=bool
            )


def revealed_ids() -> set[str]:
    """The indicators a reader learns: the exported ones, and those an exported share or ratio
    is computed from (a share with its published denominator gives its count away)."""
    exported = [i for i in REGISTRY.values() if not i.hidden]
    return {i.id for i in exported} | {s.id for i in exported for s in i.sources}


def disclosure_lines(
    protected: list[Indicator], results: dict[str, pd.DataFrame], offsets: dict[str, int]
) -> Iterable[disclosure.Line]:
    """Every total and the cells that add up to it."""

    def cells(id: str) -> pd.DataFrame:
        frame = results[id].copy()
        frame["_cell"] = range(offsets[id], offsets[id] + len(frame))
        return frame

    def lines_of(parts: pd.DataFrame, totals: pd.DataFrame, on: list[str]) -> Iterable[disclosure.Line]:
        if parts.empty or totals.empty:
            return
        merged = parts.merge(totals[[*on, "_cell"]], on=on, suffixes=("", "_total"))
        for total, group in merged.groupby("_cell_total"):
            yield disclosure.Line(int(total), tuple(int(c) for c in group["_cell"]))

    for indicator in protected:
        frame = cells(indicator.id)
        dims = list(indicator.breakdown)
        if indicator.rows == "own_and_all":  # the municipalities add up to all
            together = frame[frame.municipality == ALL].drop(columns="municipality")
            yield from lines_of(frame[frame.municipality != ALL], together, ["year", *dims])
        if indicator.total and indicator.total in offsets:  # the breakdown adds up to its total
            total = REGISTRY[indicator.total]
            parts = frame.copy()
            for dim, (total_dim, mapping) in indicator.total_by.items():
                parts[total_dim] = parts[dim].map(mapping)
            yield from lines_of(parts, cells(total.id), [*KEYS, *total.breakdown])
        if indicator.sum_member:  # team "all" is the sum of the teams
            dim, member = indicator.sum_member
            rest = [*KEYS, *(d for d in dims if d != dim)]
            yield from lines_of(frame[frame[dim] != member], frame[frame[dim] == member], rest)
    for summed in SUMS:  # counts that are the sum of other counts (total = born + unborn)
        ids = [summed.total, *(part.id for part in summed.parts)]
        if all(id in offsets for id in ids):
            parts = pd.concat([pick(cells(part.id), part.where)[[*KEYS, "_cell"]] for part in summed.parts])
            yield from lines_of(parts, cells(summed.total), list(KEYS))


def hidden_with_sources(indicator: Indicator, results: dict[str, pd.DataFrame]) -> list[bool]:
    """A derived value is hidden when any count it is computed from is."""
    frame = results[indicator.id]
    hidden = pd.Series(False, index=frame.index)
    for source in indicator.sources:
        source_rows = pick(results[source.id], source.where)
        # a key the source is picked at (one member: the channel "meeting", municipality "all") is
        # not matched: that one cell stands behind every row
        fixed = {key for key, value in source.where.items() if not is_list(value)}
        on = [c for c in [*KEYS, *REGISTRY[source.id].breakdown] if c in frame.columns and c not in fixed]
        flags = source_rows.groupby(on, dropna=False)["suppressed"].any().rename("_hidden").reset_index()
        merged = frame[on].merge(flags, on=on, how="left")
        hidden |= merged["_hidden"].fillna(False).astype(bool).to_numpy()
    return hidden.tolist()
