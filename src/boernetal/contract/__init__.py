"""The data contract: record kinds, categories, municipalities and reading rules.

See ``docs/data-contract.md``; each record kind is a module in ``kinds/``.
"""

from __future__ import annotations

from .kind import RecordKind
from .kinds import (
    births,
    budget,
    cases,
    complaints,
    expenditure,
    foster_families,
    group_activities,
    health_visits,
    investigations,
    measures,
    national_figures,
    notifications,
    placements,
    population,
    postnatal_screenings,
    pregnancy_referrals,
    programme_enrolments,
    pupils,
    school_health_exams,
    school_needs,
    service_enrolments,
    staff,
)

#: Every record kind, in the contract's order (also the order a directory is ingested in).
KINDS: dict[str, RecordKind] = {
    module.KIND.name: module.KIND
    for module in (
        notifications,
        investigations,
        placements,
        measures,
        cases,
        staff,
        complaints,
        budget,
        population,
        expenditure,
        births,
        health_visits,
        postnatal_screenings,
        service_enrolments,
        group_activities,
        school_health_exams,
        school_needs,
        pupils,
        programme_enrolments,
        foster_families,
        pregnancy_referrals,
        national_figures,
    )
}


__all__ = ["KINDS", "RecordKind"]
