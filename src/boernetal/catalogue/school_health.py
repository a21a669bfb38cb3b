"""School health — sundhedsprofil: the school health examinations by school year (2012/13 counts
in 2013). Each share is of the pupils examined who have an answer to it (a pupil not weighed, not
screened or not asked is left out of that share, not counted as a "no"): BMI classes at school
start and school leaving, motor skills at school start by sex, and the school-leaving talk's
smoking, exercise, stress (too much to do), headache and sleep."""

from __future__ import annotations

import ibis.expr.types as ir

from .registry import Family
from .scope import Scope, count

define = Family("school_health_exams")


def examined(s: Scope, examination: str | None = None) -> ir.Table:
    done = s.records("school_health_exams")
    return done if examination is None else done.filter(done.examination == examination)


def leaving(s: Scope) -> ir.Table:
    return examined(s, "school_leaving")


@define("school_health.examined", "Elever undersøgt efter undersøgelse", breakdown=("examination",))
def pupils_examined(s: Scope) -> ir.Table:
    return count(examined(s), "examination")


@define("school_health.weighed", "Elever med BMI-klasse efter undersøgelse", breakdown=("examination",))
def weighed(s: Scope) -> ir.Table:
    t = examined(s)
    return count(t.filter(t.bmi_class.notnull()), "examination")


@define("school_health.bmi", "Elever efter BMI-klasse", breakdown=("examination", "bmi_class"))
def bmi(s: Scope) -> ir.Table:
    t = examined(s)
    return count(t.filter(t.bmi_class.notnull()), "examination", "bmi_class")


define.share(
    "school_health.bmi_share",
    "Elever efter BMI-klasse, andel",
    of="school_health.bmi",
    over="school_health.weighed",
)


def screened(s: Scope) -> ir.Table:
    t = examined(s, "school_start")
    return t.filter(t.motor_areas_below.notnull())


@define("school_health.motor_screened", "Motorisk screenede ved indskoling", breakdown=("sex",))
def motor_screened(s: Scope) -> ir.Table:
    return count(screened(s), "sex")


@define("school_health.motor_below", "Ikke motorisk alderssvarende ved indskoling", breakdown=("sex",))
def motor_below(s: Scope) -> ir.Table:
    t = screened(s)
    return count(t.filter(t.motor_areas_below > 0), "sex")


define.share(
    "school_health.motor_below_share",
    "Ikke motorisk alderssvarende ved indskoling, andel",
    of="school_health.motor_below",
    over="school_health.motor_screened",
)


@define("school_health.smoking_asked", "Udskolingselever spurgt om rygning")
def smoking_asked(s: Scope) -> ir.Table:
    t = leaving(s)
    return count(t.filter(t.smokes_daily.notnull()))


@define("school_health.smoking_daily", "Udskolingselever, der ryger dagligt")
def smoking_daily(s: Scope) -> ir.Table:
    t = leaving(s)
    return count(t.filter(t.smokes_daily))


define.share(
    "school_health.smoking_daily_share",
    "Udskolingselever, der ryger dagligt, andel",
    of="school_health.smoking_daily",
    over="school_health.smoking_asked",
)


def answered(s: Scope, column: str) -> ir.Table:
    t = leaving(s)
    return t.filter(t[column].notnull())


@define("school_health.exercise_asked", "Udskolingselever spurgt om motion")
def exercise_asked(s: Scope) -> ir.Table:
    return count(answered(s, "exercise"))


@define("school_health.exercise", "Udskolingselever efter motion i fritiden", breakdown=("exercise",))
def exercise(s: Scope) -> ir.Table:
    return count(answered(s, "exercise"), "exercise")


define.share(
    "school_health.exercise_share",
    "Udskolingselever efter motion i fritiden, andel",
    of="school_health.exercise",
    over="school_health.exercise_asked",
)


@define("school_health.stress_asked", "Udskolingselever spurgt, om de har for meget at se til")
def stress_asked(s: Scope) -> ir.Table:
    return count(answered(s, "too_much_to_do"))


@define("school_health.stress", "Udskolingselever, der har for meget at se til", breakdown=("frequency",))
def stress(s: Scope) -> ir.Table:
    t = answered(s, "too_much_to_do")
    return count(t, t.too_much_to_do.name("frequency"))


define.share(
    "school_health.stress_share",
    "Udskolingselever, der har for meget at se til, andel",
    of="school_health.stress",
    over="school_health.stress_asked",
)


@define("school_health.headache_asked", "Udskolingselever spurgt om hovedpine")
def headache_asked(s: Scope) -> ir.Table:
    return count(answered(s, "headache"))


@define(
    "school_health.headache", "Udskolingselever efter hvor tit de har hovedpine", breakdown=("frequency",)
)
def headache(s: Scope) -> ir.Table:
    t = answered(s, "headache")
    return count(t, t.headache.name("frequency"))


define.share(
    "school_health.headache_share",
    "Udskolingselever efter hvor tit de har hovedpine, andel",
    of="school_health.headache",
    over="school_health.headache_asked",
)


@define("school_health.sleep_asked", "Udskolingselever spurgt om søvn")
def sleep_asked(s: Scope) -> ir.Table:
    return count(answered(s, "sleeps_too_little"))


@define("school_health.sleep_too_little", "Udskolingselever, der sover for lidt")
def sleep_too_little(s: Scope) -> ir.Table:
    t = leaving(s)
    return count(t.filter(t.sleeps_too_little))


define.share(
    "school_health.sleep_too_little_share",
    "Udskolingselever, der sover for lidt, andel",
    of="school_health.sleep_too_little",
    over="school_health.sleep_asked",
)
