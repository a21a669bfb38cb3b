"""The records behind a figure — posterne bag et tal: what a count counts, selected by the count's
own definition, so that the list behind a figure has as many rows as the figure (one per child for
a count of children). A count made of :func:`scope.count` or :func:`scope.children` has records
behind it; shares, ratios, amounts and yearly tables (budget, population) do not.
"""

from __future__ import annotations

from functools import cache

import ibis
import ibis.expr.types as ir

from ..contract import KINDS
from .registry import REGISTRY
from .scope import CountedRows, Scope, counted_rows

#: the kinds whose records are about one child or case each, and the column that names a record
RECORD_IDS = {
    name: spec.key[0] for name, spec in KINDS.items() if len(spec.key) == 1 and spec.key[0].endswith("_id")
}
#: stored columns a list of records never shows: the child's pseudonym and what the CPR number gave
PRIVATE = frozenset({"child", "mother", "birth_date", "sex"})


class NothingBehind(LookupError):
    """The indicator is not a count of records (a share, an amount, a yearly table)."""


def records_behind(id: str, scope: Scope) -> ir.Table:
    """The records indicator ``id`` counts in ``scope``, with its breakdown as columns (and ``year``
    and ``municipality`` as in the figures); :class:`NothingBehind` when it counts none."""
    return _behind(id, scope)[0]


def _behind(id: str, scope: Scope) -> tuple[ir.Table, CountedRows]:
    indicator = REGISTRY[id]
    if indicator.query is None or indicator.unit != "count" or indicator.kind not in RECORD_IDS:
        raise NothingBehind(id)
    try:
        with counted_rows() as found:
            table = indicator.query(scope)
    except (ValueError, AttributeError, TypeError) as e:  # a definition that counts what it counted
        raise NothingBehind(id) from e
    needed = {"year", "municipality", RECORD_IDS[indicator.kind], *indicator.breakdown}
    if "value" in table.columns or not needed <= set(table.columns):
        raise NothingBehind(id)
    return table, found


#: the warehouse's SQL types as Ibis types, for tables an expression is built on (not run)
IBIS_TYPES = {
    "BLOB": "binary",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "DOUBLE": "float64",
    "INTEGER": "int32",
    "TIME": "time",
    "VARCHAR": "string",
}


class _Contract:
    """A stand-in backend with the contract's tables, for building expressions without a warehouse."""

    def table(self, name: str) -> ir.Table:
        return ibis.table({c: IBIS_TYPES[t] for c, t in KINDS[name].stored()}, name=name)


@cache
def counted(id: str) -> CountedRows | None:
    """What indicator ``id`` counts, when it is a count with records behind it (None otherwise),
    decided by building (not running) its definition on the contract's tables."""
    try:
        return _behind(id, Scope(_Contract(), (2000,), ("0",), rows="own"))[1]  # type: ignore[arg-type]
    except NothingBehind:
        return None


def has_records(id: str) -> bool:
    return counted(id) is not None
