"""Pregnancy referrals — henvisninger af gravide to the health visitors, by the date referred: all
of them, and those about a pregnant woman with particular difficulties (særligt sårbare gravide)."""

from __future__ import annotations

import ibis.expr.types as ir

from .registry import Family
from .scope import Scope, count

define = Family("pregnancy_referrals")


@define("pregnancy.referrals", "Henvisninger af gravide")
def referrals(s: Scope) -> ir.Table:
    return count(s.records("pregnancy_referrals"))


@define("pregnancy.referrals_special", "Henvisninger af gravide med særlige vanskeligheder")
def special(s: Scope) -> ir.Table:
    r = s.records("pregnancy_referrals")
    return count(r.filter(r.special_difficulties))


define.share(
    "pregnancy.referrals_special_share",
    "Henvisninger af gravide med særlige vanskeligheder, andel",
    of="pregnancy.referrals_special",
    over="pregnancy.referrals",
)
