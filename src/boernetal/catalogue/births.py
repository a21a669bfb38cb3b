"""Births — fødsler in the families the health visitors serve, by the date of birth.

Premature: born in gestational weeks 25–36 (the seed's "født mellem 25. og 36. leveuge"); young
mothers: 17–23 years old at the birth; readmitted: to hospital within 28 days of the birth.
A birth without a gestational week or a mother's age is counted among the births, not in those.
"""

from __future__ import annotations

import ibis.expr.types as ir

from .registry import Family
from .scope import Scope, count

define = Family("births")


def born(s: Scope) -> ir.Table:
    return s.records("births")


@define("births.total", "Fødsler")
def total(s: Scope) -> ir.Table:
    return count(born(s))


@define("births.premature", "For tidligt fødte (uge 25–36)")
def premature(s: Scope) -> ir.Table:
    b = born(s)
    return count(b.filter(b.gestational_week.between(25, 36)))


define.share("births.premature_share", "For tidligt fødte, andel", of="births.premature", over="births.total")


@define("births.young_mothers", "Fødsler hos unge mødre (17–23 år)")
def young_mothers(s: Scope) -> ir.Table:
    b = born(s)
    return count(b.filter(b.mother_age.between(17, 23)))


define.share(
    "births.young_mothers_share",
    "Fødsler hos unge mødre, andel",
    of="births.young_mothers",
    over="births.total",
)


@define("births.readmitted", "Genindlagt inden for 28 dage")
def readmitted(s: Scope) -> ir.Table:
    b = born(s)
    return count(b.filter(b.readmitted.fill_null(False)))


define.share(
    "births.readmitted_share",
    "Genindlagt inden for 28 dage, andel",
    of="births.readmitted",
    over="births.total",
)
