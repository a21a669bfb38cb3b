"""``all`` summed from the municipalities' rows: a speed-up any executor may use, derived from the
definitions. A definition that counts or sums records (events, not children) in one aggregation
has as its ``all`` the sum of the municipalities' values; its scope then gives only their records
(and those without a municipality), and ``all`` is added up from the result instead of counting
every record a second time. ``tests/test_additive.py`` holds the summed ``all`` equal to the count.
"""

from __future__ import annotations

from collections.abc import Callable

import ibis.expr.operations as ops
import ibis.expr.types as ir

from ..catalogue.registry import KEYS, Indicator, Rows
from ..catalogue.scope import Scope
from .sqlcache import SqlCache


def additive(indicator: Indicator, sql: SqlCache, scope: Callable[..., Scope]) -> bool:
    """``all`` of ``indicator`` sums up (see sums_up): read from the definition, built over a
    ``scope`` made for the purpose, once; the answer kept in ``sql`` with the compiled SQL."""
    key = f"additive|{indicator.id}"
    known = sql.fact(key)
    if isinstance(known, bool):
        return known
    if indicator.query is None or indicator.rows != "own_and_all":
        return False
    answer = sums_up(indicator.query(scope((2000,), ("000",))))
    sql.remember(key, answer)
    return answer


def summed_query(indicator: Indicator, scope: Scope, summed: bool) -> ir.Table:
    """The rows of ``indicator`` over ``scope``; ``summed``: the scope gives the municipalities'
    records only (see scope_rows), and ``all`` is their sum."""
    rows = indicator.query(scope).select(*KEYS, *indicator.breakdown, "value")  # type: ignore[misc]
    return scope.with_all(rows, *indicator.breakdown) if summed else rows


def scope_rows(indicator: Indicator, summed: bool) -> Rows:
    """The rows the scope of ``indicator``'s query gives: one whose ``all`` is ``summed`` from the
    municipalities' rows gets their records only (and those of records without one)."""
    return "own_and_unassigned" if summed else indicator.rows


#: what stops ``all`` from being the sum of the municipalities' values: a child counted once
#: however many municipalities (distinct, a per-child pick), or a value that depends on other rows
NOT_SUMMABLE = (
    ops.CountDistinct,
    ops.CountDistinctStar,
    ops.ApproxCountDistinct,
    ops.ArgMax,
    ops.ArgMin,
    ops.Distinct,
    ops.WindowFunction,
)
SUMMABLE = (ops.CountStar, ops.Count, ops.Sum)


def sums_up(expr: ir.Table) -> bool:
    """The definition's value for ``all`` is the sum of the municipalities' values: it counts or
    sums records, each under one municipality, in a single aggregation (a count of events, not of
    children). Read from the expression, not declared: the definitions carry no execution detail.
    A guard test holds the summed ``all`` equal to counting the records again."""
    node = expr.op()
    aggregates = list(node.find(ops.Aggregate))
    if len(aggregates) != 1 or node.find(NOT_SUMMABLE):
        return False
    metrics = [m.arg if isinstance(m, ops.Cast) else m for m in aggregates[0].metrics.values()]
    return all(isinstance(m, SUMMABLE) for m in metrics)
