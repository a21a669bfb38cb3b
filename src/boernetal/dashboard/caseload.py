"""Caseloads — sagstal: open cases per adviser and per team on a day, against the full-time
equivalents (``staff``) on that day; the month-end series are the catalogue's
(``cases.month_end``). An adviser whose open cases exceed the workspace's threshold times their FTE
stands out (``[dashboard] caseload_threshold``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import ibis
import pandas as pd
from ibis.backends import BaseBackend

from ..catalogue.cases import with_trimmed_team
from ..catalogue.scope import open_on
from .lists import cases_open, scoped
from .permissions import Resource


@dataclass(frozen=True)
class Caseload:
    advisers: pd.DataFrame  # team, adviser_id, cases, fte, above
    teams: pd.DataFrame  # team, cases, advisers, fte, per_fte


def caseload(backend: BaseBackend, day: date, resource: Resource, threshold: float) -> Caseload:
    """Open cases on ``day`` by adviser and by team (teams trimmed, as the catalogue does)."""
    c = scoped(cases_open(backend, day), resource)
    staff = with_trimmed_team(backend.table("staff"))
    staff = staff.filter(open_on(staff, ibis.literal(day, type="date")))
    fte = staff.group_by("adviser_id").aggregate(fte=staff.fte.fill_null(1).sum())
    assigned = c.filter(c.adviser_id.notnull())
    per_adviser = assigned.group_by(["team", "adviser_id"]).aggregate(cases=assigned.count())
    advisers = (
        per_adviser.left_join(fte, "adviser_id")
        .select("team", "adviser_id", "cases", "fte")
        .to_pandas()
        .sort_values(["team", "cases", "adviser_id"], ascending=[True, False, True])
        .reset_index(drop=True)
    )
    advisers["above"] = advisers.cases > threshold * advisers.fte.fillna(1.0)

    team_staff = staff.group_by("team").aggregate(
        fte=staff.fte.fill_null(1).sum(), advisers=staff.adviser_id.nunique()
    )
    teams = c.group_by("team").aggregate(cases=c.count()).left_join(team_staff, "team")
    teams = (
        teams.select("team", "cases", "advisers", "fte")
        .to_pandas()
        .sort_values("team")
        .reset_index(drop=True)
    )
    teams["per_fte"] = teams.cases / teams.fte.where(teams.fte > 0)

    return Caseload(advisers, teams)
