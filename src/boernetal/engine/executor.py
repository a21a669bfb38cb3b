"""Executors: how the catalogue is run on a warehouse. What an indicator *is* lives in its family's
module; an executor only runs it.

Every executor gives the same rows. :class:`Plain` runs each definition as written, one Ibis
expression per indicator on any Ibis backend (DuckDB, PostgreSQL, Spark); the DuckDB executor
(``fast``) adds what makes a laptop quick: compiled SQL kept between runs, queries side by side,
``all`` summed from the municipalities' rows where the definition allows it. A test holds the two
equal on random warehouses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import ibis.expr.types as ir
import pandas as pd
from ibis.backends import BaseBackend

from ..catalogue.registry import KEYS, REGISTRY, Indicator, Rows
from ..catalogue.scope import Period, Scope, Settings
from .sqlcache import as_frame
from .tidy import tidy


class Executor:
    """Runs the catalogue's definitions, and any other query over the warehouse, on one backend:
    each definition as written, its Ibis expression over its scope executed by the backend, the
    derived indicators computed from the results. An executor with its own ways (fast) overrides
    how a scope is made, how rows are fetched and how the catalogue is run."""

    def __init__(self, backend: BaseBackend) -> None:
        self.backend = backend

    def scope_options(self) -> dict[str, Any]:
        """What this executor's scopes are given besides the years and municipalities."""
        return {}

    def scope(
        self,
        years: tuple[int, ...],
        municipalities: tuple[str, ...],
        rows: Rows = "own_and_all",
        settings: Settings | None = None,
        periods: tuple[Period, ...] = (),
    ) -> Scope:
        """The records of ``years`` (or of ``periods``) as a definition sees them (see Scope)."""
        return Scope(
            self.backend, years, municipalities, rows, settings or Settings(), periods, **self.scope_options()
        )

    def rows(self, key: str, build: Callable[[], ir.Table], scope: Scope | None = None) -> pd.DataFrame:
        """The rows of the expression ``build()`` makes (over ``scope``'s small tables, if any);
        ``key`` names the query for an executor that keeps what it compiled."""
        return as_frame(self.backend.to_pyarrow(build()))

    def rows_each(
        self, queries: Mapping[str, Callable[[], ir.Table]], scope: Scope | None = None
    ) -> dict[str, pd.DataFrame]:
        """The rows of several queries by key (see rows): an executor may run them side by side."""
        return {key: self.rows(key, build, scope) for key, build in queries.items()}

    def run(
        self,
        years: Mapping[str, list[int]],
        municipalities: tuple[str, ...],
        settings: Settings | None = None,
        only: Iterable[str] | None = None,
    ) -> dict[str, pd.DataFrame]:
        """Every indicator (or those in ``only``, with what they are derived from) for the years
        each kind covers, in catalogue order and catalogue form (see tidy)."""

        def scope_of(indicator: Indicator) -> Scope | None:
            covered = tuple(years[indicator.kind])
            if not covered:
                return None
            return self.scope(covered, municipalities, indicator.rows, settings)

        return self.run_each(wanted(only), scope_of)

    def over(
        self, periods: tuple[Period, ...], municipalities: tuple[str, ...], only: Iterable[str]
    ) -> dict[str, pd.DataFrame]:
        """The indicators in ``only`` (with what they are derived from) counted over ``periods``
        instead of calendar years: ``year`` in their rows is the period's number."""
        numbers = tuple(p.number for p in periods)

        def scope_of(indicator: Indicator) -> Scope:
            return self.scope(numbers, municipalities, indicator.rows, periods=periods)

        return self.run_each(wanted(with_sources(only)), scope_of)

    def run_each(
        self, chosen: list[Indicator], scope_of: Callable[[Indicator], Scope | None]
    ) -> dict[str, pd.DataFrame]:
        """Each definition of ``chosen`` run as written over its scope (none: no records), then the
        derived ones computed from the results."""
        results: dict[str, pd.DataFrame] = {}
        for indicator in chosen:
            if indicator.query is None:
                continue
            scope = scope_of(indicator)
            if scope is None:
                results[indicator.id] = empty(indicator)
                continue

            def build(i: Indicator = indicator, s: Scope = scope) -> ir.Table:
                return i.query(s).select(*KEYS, *i.breakdown, "value")  # type: ignore[misc]

            key = f"{indicator.id}|{indicator.rows}|as written"
            results[indicator.id] = tidy(indicator, self.rows(key, build, scope))
        derive([i for i in chosen if i.derive is not None], results)
        return {i.id: results[i.id] for i in chosen}

    def close(self) -> None:
        """Keep what is worth keeping for the next run."""


#: the executor that runs each definition as written, by the name the docs and tests use
Plain = Executor


def derive(derived: list[Indicator], results: dict[str, pd.DataFrame]) -> None:
    """Compute the ``derived`` indicators into ``results``, each once what it reads is there (one
    may stand in the catalogue before an indicator it is derived from)."""
    pending = derived
    while pending:
        waiting = []
        for indicator in pending:
            assert indicator.derive is not None
            try:
                results[indicator.id] = tidy(indicator, indicator.derive(Computed(results)))
            except NotYet:
                waiting.append(indicator)
        if len(waiting) == len(pending):
            raise RuntimeError(f"{waiting[0].id} reads a result nobody computes")
        pending = waiting


class NotYet(Exception):
    """A result that is not computed yet was read."""


class Computed(Mapping[str, pd.DataFrame]):
    """The results so far: reading one that is not there raises NotYet."""

    def __init__(self, results: Mapping[str, pd.DataFrame]) -> None:
        self._results = results

    def __getitem__(self, id: str) -> pd.DataFrame:
        if id not in self._results:
            raise NotYet(id)
        return self._results[id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._results)

    def __len__(self) -> int:
        return len(self._results)


def wanted(only: Iterable[str] | None) -> list[Indicator]:
    """The catalogue's indicators (those in ``only``), in its order: each after its sources. One
    computed only on request is left out unless ``only`` names it."""
    chosen = None if only is None else set(only)
    return [
        i
        for i in REGISTRY.values()
        if (chosen is None and not i.on_request) or (chosen is not None and i.id in chosen)
    ]


def with_sources(ids: Iterable[str]) -> set[str]:
    """``ids`` and every indicator they are derived from, however indirectly."""
    out: set[str] = set()
    pending = list(ids)
    while pending:
        id = pending.pop()
        if id not in out:
            out.add(id)
            pending += [source.id for source in REGISTRY[id].sources]
    return out


def empty(indicator: Indicator) -> pd.DataFrame:
    """No rows: the indicator's kind has no records in the years."""
    return tidy(indicator, pd.DataFrame(columns=[*KEYS, *indicator.breakdown, "value"]))
