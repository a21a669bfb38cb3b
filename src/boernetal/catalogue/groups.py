"""Groups — gruppeforløb (mødregrupper, ung mødregruppe, præmaturcafé …), by the date a group began:
how many groups, how many times they met and how many took part."""

from __future__ import annotations

import ibis.expr.types as ir

from .registry import Family
from .scope import Scope, count

define = Family("group_activities")


def begun(s: Scope) -> ir.Table:
    return s.records("group_activities")


def summed(table: ir.Table, column: str, *breakdown: str) -> ir.Table:
    """The sum of ``column`` per year, municipality and breakdown."""
    return table.group_by(["year", "municipality", *breakdown]).aggregate(value=table[column].sum())


@define("groups.groups", "Grupper efter type", breakdown=("group_type",))
def groups(s: Scope) -> ir.Table:
    return count(begun(s), "group_type")


@define("groups.sessions", "Gruppemøder efter type", breakdown=("group_type",), about_children=False)
def sessions(s: Scope) -> ir.Table:
    return summed(begun(s), "sessions", "group_type")


@define("groups.participants", "Deltagere i grupper efter type", breakdown=("group_type",))
def participants(s: Scope) -> ir.Table:
    return summed(begun(s), "participants", "group_type")
