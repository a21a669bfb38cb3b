"""Programmes — sundhedsprogrammer (Tidlig opsporing, Tip Tab Tynde, FitTeen …), per programme as
the service names it. Two views of a programme's year:

- the offers made in the year: children offered a place, those whose families said no or did not
  come, and those who took part;
- the courses running in the year: children enrolled, started in the year, continuing from an
  earlier year (and of those, ended in the year), and the share whose BMI went down (of those with
  a result).

A child in the programme in the year (offered in it, or in a course running in it) referred on
counts under ``programmes.referred``, by where to in ``programmes.referred_to``."""

from __future__ import annotations

import ibis.expr.types as ir

from .registry import Family
from .scope import Scope, children, during, in_year

define = Family("programme_enrolments")
NO = ("declined", "absent")


def in_programme(s: Scope) -> ir.Table:
    """Rows offered in the year or with a course running in it (once per year)."""
    return s.records("programme_enrolments")


def offered(s: Scope) -> ir.Table:
    t = in_programme(s)
    return t.filter(in_year(t, "offered"))


def enrolled(s: Scope) -> ir.Table:
    t = in_programme(s)
    return during(t.filter(t.start.notnull()))


@define("programmes.offered", "Børn tilbudt et sundhedsprogram", breakdown=("programme",))
def offers(s: Scope) -> ir.Table:
    return children(offered(s), "programme")


@define("programmes.declined", "Takket nej eller udeblevet", breakdown=("programme",))
def declined(s: Scope) -> ir.Table:
    t = offered(s)
    return children(t.filter(t.response.isin(NO)), "programme")


@define("programmes.participated", "Deltaget eller deltager", breakdown=("programme",))
def participated(s: Scope) -> ir.Table:
    t = offered(s)
    return children(t.filter(t.response == "accepted"), "programme")


@define("programmes.referred", "Henvist videre", breakdown=("programme",))
def referred(s: Scope) -> ir.Table:
    t = in_programme(s)
    return children(t.filter(t.referred_to.notnull()), "programme")


@define("programmes.referred_to", "Henvist videre efter hvortil", breakdown=("programme", "referred_to"))
def referred_to(s: Scope) -> ir.Table:
    t = in_programme(s)
    return children(t.filter(t.referred_to.notnull()), "programme", "referred_to")


@define("programmes.enrolled", "Børn indskrevet i et sundhedsprogram", breakdown=("programme",))
def enrolments(s: Scope) -> ir.Table:
    return children(enrolled(s), "programme")


@define("programmes.started", "Begyndt i året", breakdown=("programme",))
def started(s: Scope) -> ir.Table:
    t = enrolled(s)
    return children(t.filter(t.start >= t.first_day), "programme")


@define("programmes.continuing", "Fortsat fra tidligere år", breakdown=("programme",))
def continuing(s: Scope) -> ir.Table:
    t = enrolled(s)
    return children(t.filter(t.start < t.first_day), "programme")


@define(
    "programmes.continuing_ended", "Fortsat fra tidligere år og afsluttet i året", breakdown=("programme",)
)
def continuing_ended(s: Scope) -> ir.Table:
    t = enrolled(s)
    return children(t.filter(t.start < t.first_day, t.end <= t.last_day), "programme")


@define("programmes.bmi_measured", "Indskrevne med en BMI-opfølgning", breakdown=("programme",))
def bmi_measured(s: Scope) -> ir.Table:
    t = enrolled(s)
    return children(t.filter(t.bmi_reduced.notnull()), "programme")


@define("programmes.bmi_reduced", "Indskrevne, der har reduceret deres BMI", breakdown=("programme",))
def bmi_reduced(s: Scope) -> ir.Table:
    t = enrolled(s)
    return children(t.filter(t.bmi_reduced), "programme")


define.share(
    "programmes.bmi_reduced_share",
    "Indskrevne, der har reduceret deres BMI, andel",
    of="programmes.bmi_reduced",
    over="programmes.bmi_measured",
)
