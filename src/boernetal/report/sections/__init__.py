"""The report's sections, in the seed's order. Each module's ``build(ctx)`` returns its chapter and
parts, or an empty list when the warehouse has no data for it (the chapter is then listed under
Datagrundlag, never rendered empty)."""

from __future__ import annotations

from . import (
    caseload,
    complaints,
    conclusion,
    economy,
    expenditure,
    foster_care,
    health_visiting,
    introduction,
    investigations,
    notifications,
    placements,
    school_health,
    services,
)

#: (title, module) in the seed's order; "Datagrundlag og datakvalitet" comes last, from the report.
SECTIONS = (
    ("Indledning", introduction),
    ("Konklusion", conclusion),
    ("Underretningsstatistik", notifications),
    ("Børnefaglige undersøgelser", investigations),
    ("Anbringelsesstatistik", placements),
    ("Udgifter pr. 1.000 indbyggere", expenditure),
    ("Sagstal og sagsfordeling", caseload),
    ("Afgørelser i klagesystemet", complaints),
    ("Familieplejens opgaver", foster_care),
    ("Tilbud til familier", services),
    ("Sundhedsplejen", health_visiting),
    ("Sundhedsprofil", school_health),
    ("Økonomi", economy),
)
