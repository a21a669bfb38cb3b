"""The indicator registry: every figure Børnetal shows is one named definition here.

A definition is either a *query* — an Ibis expression over the records in a :class:`Scope`, grouped
by ``municipality`` and its breakdown, with a ``value`` column — or *derived* from other indicators'
results (shares, ratios). Adding an indicator is adding one definition in its family's module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import pandas as pd

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from .scope import Scope

Unit = Literal["count", "percent", "ratio", "kr", "kr_per_1000", "days"]
#: Which municipality rows an indicator has: the workspace's own and ``all`` (default), only the
#: own, only ``all``, or every municipality in the records (peer comparisons). The DuckDB executor
#: also uses "own_and_unassigned" (the own, and records without a municipality under ``""``) to sum
#: ``all`` from the municipalities' rows where the definition allows it (fast.sums_up).
Rows = Literal["own_and_all", "own", "all", "everywhere", "own_and_unassigned"]

Query = Callable[["Scope"], "ir.Table"]
Results = Mapping[str, pd.DataFrame]
Derivation = Callable[[Results], pd.DataFrame]


@dataclass(frozen=True)
class Source:
    """Cells another indicator's value is computed from: the indicator and optionally a filter."""

    id: str
    where: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Indicator:
    """One indicator (nøgletal) of ``indicators.md``."""

    id: str
    title: str
    unit: Unit
    kind: str
    breakdown: tuple[str, ...] = ()
    query: Query | None = None
    derive: Derivation | None = None
    #: the cells this value is computed from: suppressed with any of them (disclosure control)
    sources: tuple[Source, ...] = ()
    #: the indicator whose value the rows add up to, per year and municipality ...
    total: str | None = None
    #: ... after mapping a breakdown to the total's (``source`` → ``source_group``)
    total_by: Mapping[str, tuple[str, Mapping[str, str]]] = field(default_factory=dict)
    #: a breakdown member that is the sum of the others (``team = "all"``)
    sum_member: tuple[str, str] | None = None
    rows: Rows = "own_and_all"
    #: counts of children or of events about children: subject to disclosure control
    about_children: bool = True
    #: computed for other indicators and disclosure control, not exported
    hidden: bool = False
    #: not in the annual set: computed only when asked for by id (a business case's follow-up)
    on_request: bool = False

    @property
    def family(self) -> str:
        return self.id.split(".")[0]

    @property
    def protected(self) -> bool:
        """Counts that primary suppression applies to: counts of their own, not hidden with sources
        (a count re-summed from another, like children from children by count, is one of them)."""
        return self.unit == "count" and self.about_children and not self.sources


REGISTRY: dict[str, Indicator] = {}


@dataclass(frozen=True)
class Sum:
    """A count that is, per year and municipality, the sum of other counts (``notifications.total``
    = ``born`` + ``unborn``): what disclosure control must know besides each indicator's own
    breakdown and total, so that no hidden cell follows from the published ones."""

    total: str
    parts: tuple[Source, ...]


SUMS: list[Sum] = []


def register(indicator: Indicator) -> Indicator:
    if indicator.id in REGISTRY:
        raise ValueError(f"indicator {indicator.id} is defined twice")
    for source in indicator.sources:
        if source.id not in REGISTRY:
            raise ValueError(f"{indicator.id} is computed from {source.id}, which must be defined first")
    REGISTRY[indicator.id] = indicator
    return indicator


KEYS = ("year", "municipality")
#: the municipality key of the rows of all municipalities together
ALL = "all"


class Family:
    """The definitions of one family (``notifications``, …) over one record kind.

    ``define = Family("notifications")`` gives ``@define(id, title, ...)`` for queries and
    ``define.share(...)`` / ``define.ratio(...)`` for derived indicators.
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __call__(
        self,
        id: str,
        title: str,
        unit: Unit = "count",
        breakdown: tuple[str, ...] = (),
        *,
        kind: str | None = None,
        **options: object,
    ) -> Callable[[Query], Query]:
        def decorate(query: Query) -> Query:
            register(
                Indicator(
                    id=id,
                    title=title,
                    unit=unit,
                    kind=kind or self.kind,
                    breakdown=breakdown,
                    query=query,
                    **options,  # type: ignore[arg-type]
                )
            )
            return query

        return decorate

    def derived(
        self,
        id: str,
        title: str,
        unit: Unit,
        derive: Derivation,
        sources: tuple[str, ...],
        breakdown: tuple[str, ...] = (),
        **options: object,
    ) -> Indicator:
        """An indicator computed by ``derive`` from the results of ``sources``."""
        return register(
            Indicator(
                id=id,
                title=title,
                unit=unit,
                kind=self.kind,
                breakdown=breakdown,
                derive=derive,
                sources=tuple(Source(source) for source in sources),
                **options,  # type: ignore[arg-type]
            )
        )

    def share(
        self,
        id: str,
        title: str,
        of: str,
        over: str,
        where: Mapping[str, object] | None = None,
        **options: object,
    ) -> Indicator:
        """``of`` (optionally only its rows ``where``) as a percentage of ``over``.

        ``where`` picks one member (``{"channel": "meeting"}``: that key leaves the breakdown) or a
        list of members (kept in the breakdown). A row whose denominator is 0 or missing is left out.
        """
        where = dict(where or {})
        numerator = REGISTRY[of]
        picked = [key for key, value in where.items() if not is_list(value)]
        breakdown = tuple(b for b in numerator.breakdown if b not in picked)

        def derive(results: Results) -> pd.DataFrame:
            num = pick(results[of], where).drop(columns=picked)
            den = results[over]
            on = [*KEYS, *(b for b in REGISTRY[over].breakdown if b in breakdown)]
            how = "left" if not breakdown else "inner"
            merged = den.merge(num, on=on, how=how, suffixes=("_den", ""))
            merged["value"] = merged["value"].fillna(0)
            merged = merged[merged["value_den"] > 0]
            merged["value"] = 100 * merged["value"] / merged["value_den"]
            return merged[[*KEYS, *breakdown, "value"]]

        return register(
            Indicator(
                id=id,
                title=title,
                unit="percent",
                kind=numerator.kind,
                breakdown=breakdown,
                derive=derive,
                sources=(Source(of, where), Source(over)),
                rows=numerator.rows,
                **options,  # type: ignore[arg-type]
            )
        )

    def adds_up(self, total: str, *parts: str | tuple[str, Mapping[str, object]]) -> Sum:
        """``total`` is the sum of ``parts`` (an indicator, or one with only its rows ``where``)."""
        sources = tuple(Source(p) if isinstance(p, str) else Source(*p) for p in parts)
        for id in (total, *(source.id for source in sources)):
            if id not in REGISTRY:
                raise ValueError(f"{id} must be defined before the sum it is part of")
        SUMS.append(Sum(total, sources))
        return SUMS[-1]

    def share_of_all(self, id: str, title: str, of: str, **options: object) -> Indicator:
        """Each own municipality's ``of`` as a percentage of that of all of them together (``all``)."""

        def derive(results: Results) -> pd.DataFrame:
            rows = results[of]
            together = rows[rows.municipality == ALL][["year", "value"]]
            own = rows[rows.municipality != ALL].merge(together, on="year", suffixes=("", "_all"))
            own = own[own.value_all > 0]
            return own.assign(value=100 * own["value"] / own["value_all"])[[*KEYS, "value"]]

        return register(
            Indicator(
                id=id,
                title=title,
                unit="percent",
                kind=REGISTRY[of].kind,
                derive=derive,
                sources=(Source(of), Source(of, {"municipality": ALL})),
                rows="own",
                **options,  # type: ignore[arg-type]
            )
        )

    def ratio(
        self, id: str, title: str, numerator: str, denominator: str | float, unit: Unit = "ratio"
    ) -> Indicator:
        """``numerator`` / ``denominator`` (another indicator or a constant) per year and municipality."""
        num = REGISTRY[numerator]

        def derive(results: Results) -> pd.DataFrame:
            top = results[numerator]
            if isinstance(denominator, str):
                merged = top.merge(results[denominator], on=list(KEYS), suffixes=("", "_den"))
                merged = merged[merged["value_den"] > 0]
                merged["value"] = merged["value"] / merged["value_den"]
            else:
                merged = top.assign(value=top["value"] / denominator)
            return merged[[*KEYS, *num.breakdown, "value"]]

        sources = (Source(numerator),) + ((Source(denominator),) if isinstance(denominator, str) else ())
        return register(
            Indicator(
                id=id,
                title=title,
                unit=unit,
                kind=num.kind,
                breakdown=num.breakdown,
                derive=derive,
                sources=sources,
                rows=num.rows,
            )
        )


def is_list(value: object) -> bool:
    return isinstance(value, list | tuple | set | frozenset)


def pick(frame: pd.DataFrame, where: Mapping[str, object]) -> pd.DataFrame:
    """The rows of ``frame`` whose columns have the values in ``where`` (one value or a list)."""
    for column, value in where.items():
        frame = frame[frame[column].isin(list(value) if is_list(value) else [value])]  # type: ignore[call-overload]
    return frame
