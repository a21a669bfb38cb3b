"""Screenings — screening for efterfødselsreaktion, by the date screened, per parent (mother,
father): parents screened, and those whose score reaches the workspace's cut-off for a moderate
(or worse) and for a severe reaction on the instrument used ([screening] in boernetal.toml)."""

from __future__ import annotations

import ibis.expr.types as ir

from .registry import Family
from .scope import Scope, count

define = Family("postnatal_screenings")


def screened(s: Scope) -> ir.Table:
    """The year's screenings with their instrument's cut-offs."""
    done, cuts = s.records("postnatal_screenings"), s.screening_cutoffs()
    return done.join(cuts, "instrument")


@define("screenings.parents", "Forældre screenet for efterfødselsreaktion", breakdown=("parent",))
def parents(s: Scope) -> ir.Table:
    return count(screened(s), "parent")


@define("screenings.moderate_or_severe", "Moderat til svær efterfødselsreaktion", breakdown=("parent",))
def moderate_or_severe(s: Scope) -> ir.Table:
    t = screened(s)
    return count(t.filter(t.score >= t.moderate), "parent")


@define("screenings.severe", "Svær efterfødselsreaktion", breakdown=("parent",))
def severe(s: Scope) -> ir.Table:
    t = screened(s)
    return count(t.filter(t.score >= t.severe), "parent")


define.share(
    "screenings.moderate_or_severe_share",
    "Moderat til svær efterfødselsreaktion, andel",
    of="screenings.moderate_or_severe",
    over="screenings.parents",
)
define.share(
    "screenings.severe_share",
    "Svær efterfødselsreaktion, andel",
    of="screenings.severe",
    over="screenings.parents",
)
