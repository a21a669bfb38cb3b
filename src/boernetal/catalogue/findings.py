"""Data-quality findings that travel with the figures: what a reader of the numbers must know.

Quarantined rows, notifications without a first action, placements open for more than 10 years,
imported subtotals that disagree with their lines, and years, municipalities or peers missing for a
comparison. Messages are Danish sentences for the CLI and the report's "Datagrundlag".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING

import ibis.expr.types as ir
import pandas as pd

from ..config import WorkspaceConfig
from ..contract import KINDS
from ..contract.municipalities import municipalities as official
from ..danish import number
from .placements import LONG_PLACEMENT_YEARS
from .scope import Scope

if TYPE_CHECKING:
    from ..engine.executor import Executor

#: Kinds whose missing years or municipalities are findings (population and expenditure are
#: reference data: their gaps show as peers missing from a mean).
KINDS_READ = ("notifications", "investigations", "placements", "measures", "cases", "complaints", "budget")


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    kind: str | None = None
    year: int | None = None
    municipality: str | None = None
    count: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {k: v for k, v in asdict(self).items() if v is not None}


ABOUT_CHILDREN = ("notification_without_first_action", "placement_over_10_years")


def published(finding: Finding, min_cell: int) -> Finding:
    """A finding fit to publish: a count of children's records below ``min_cell`` is not stated."""
    if finding.code not in ABOUT_CHILDREN or finding.count is None or finding.count >= min_cell:
        return finding
    message = finding.message.replace(number(finding.count), f"Færre end {min_cell}", 1)
    return replace(finding, message=message, count=None)


def place(code: str) -> str:
    """'Ishøj' (a reader knows the municipality by name; the finding keeps the code)."""
    return official().get(code) or code


def find(
    executor: Executor,
    config: WorkspaceConfig,
    year: int,
    window: list[int],
    municipalities: tuple[str, ...],
    years: Mapping[str, list[int]],
    results: Mapping[str, pd.DataFrame],
    hide_below: int | None = None,
) -> list[Finding]:
    """Every finding for ``year``: the counts from the catalogue's hidden indicators in
    ``results``; what was imported (quarantine, the years and municipalities with records) asked
    of the warehouse through ``executor``."""
    scope = executor.scope((year,), municipalities, rows="own")
    findings: list[Finding] = []
    findings += quarantined(executor)
    findings += missing(executor, scope, window, years)
    findings += without_first_action(results, year)
    findings += long_placements(results, year)
    if hide_below is not None:  # published: no small count about children, in words or as a number
        findings = [published(f, hide_below) for f in findings]
    findings += subtotal_mismatches(results, year)
    findings += peers_missing(config, years, results)
    return findings


def quarantined(executor: Executor) -> list[Finding]:
    def counted() -> ir.Table:
        q = executor.backend.table("quarantine")
        return q.group_by("kind").aggregate(n=q.count()).order_by("kind")

    counts = executor.rows("findings.quarantined", counted)
    return [
        Finding(
            "quarantined_rows",
            f"{number(row.n)} rækker af {KINDS[row.kind].danish} ligger i karantæne "
            "og indgår ikke i tallene.",
            kind=row.kind,
            count=int(row.n),
        )
        for row in counts.itertuples()
    ]


def missing(
    executor: Executor, scope: Scope, window: list[int], years: Mapping[str, list[int]]
) -> list[Finding]:
    """Years without records of a kind, and own municipalities without records in the year."""
    (year,) = scope.years
    findings = []
    asked = [kind for kind in KINDS_READ if year in years[kind]]
    present_rows = executor.rows_each(
        {f"findings.present|{kind}": lambda k=kind: present_in(scope, k) for kind in asked}, scope
    )
    for kind in KINDS_READ:
        danish = KINDS[kind].danish
        absent = [y for y in window if y not in years[kind]]
        if absent:
            where = ", ".join(str(y) for y in absent)
            findings.append(
                Finding(
                    "year_missing",
                    f"Der er ikke indlæst {danish} for {where}; sammenligninger med de år mangler.",
                    kind=kind,
                    year=absent[-1],
                )
            )
        if kind not in asked:
            continue
        present = set(present_rows[f"findings.present|{kind}"].municipality)
        for code in scope.municipalities:
            if code not in present:
                findings.append(
                    Finding(
                        "municipality_missing",
                        f"Der er ikke indlæst {danish} for {place(code)} i {year}.",
                        kind=kind,
                        year=year,
                        municipality=code,
                    )
                )
    return findings


def present_in(scope: Scope, kind: str) -> ir.Table:
    """The own municipalities with a record of ``kind`` in the scope's year."""
    return scope.records(kind).select("municipality").distinct()


def in_year(results: Mapping[str, pd.DataFrame], id: str, year: int) -> pd.DataFrame:
    """The rows of the catalogue's (hidden) indicator ``id`` for ``year``, by municipality."""
    rows = results[id]
    return rows[rows.year == year].sort_values("municipality")


def without_first_action(results: Mapping[str, pd.DataFrame], year: int) -> list[Finding]:
    return [
        Finding(
            "notification_without_first_action",
            f"{number(row.value)} underretninger i {place(row.municipality)} modtaget i {year} har ingen "
            "første handling (eller dato for den) registreret; de tæller som 'ikke registreret'.",
            kind="notifications",
            year=year,
            municipality=row.municipality,
            count=int(row.value),
        )
        for row in in_year(results, "notifications.without_first_action", year).itertuples()
    ]


def long_placements(results: Mapping[str, pd.DataFrame], year: int) -> list[Finding]:
    return [
        Finding(
            "placement_over_10_years",
            f"{number(row.value)} anbringelser i {place(row.municipality)} har været åbne i mere end "
            f"{LONG_PLACEMENT_YEARS} år den 31. december {year}; kontrollér om de mangler en slutdato.",
            kind="placements",
            year=year,
            municipality=row.municipality,
            count=int(row.value),
        )
        for row in in_year(results, "placements.open_over_10_years", year).itertuples()
    ]


def subtotal_mismatches(results: Mapping[str, pd.DataFrame], year: int) -> list[Finding]:
    """Imported subtotal rows ("… i alt") that disagree with the sum of their group's lines."""
    rows = in_year(results, "economy.subtotals", year)
    subtotals = rows.pivot_table(
        index=["municipality", "area", "group", "account"], columns="measure", values="value", aggfunc="sum"
    )
    findings = []
    for (municipality, _, _, account), row in subtotals.sort_index(level=[0, 1, 3]).iterrows():
        for measure, danish in (("budget", "budget"), ("actual", "regnskab")):
            imported, computed = row[measure], row[f"lines_{measure}"]
            if abs(imported - computed) >= 0.005:
                findings.append(
                    Finding(
                        "subtotal_mismatch",
                        f"{place(municipality)} {year}: '{account}' ({danish}) er indlæst som "
                        f"{number(imported)} kr., men gruppens linjer summer til {number(computed)} kr. "
                        "Rapporten bruger summen af linjerne.",
                        kind="budget",
                        year=year,
                        municipality=municipality,
                    )
                )
    return findings


def peers_missing(
    config: WorkspaceConfig, years: Mapping[str, list[int]], results: Mapping[str, pd.DataFrame]
) -> list[Finding]:
    """Peer-group members left out of the mean because they lack expenditure or population."""
    rows = results.get("expenditure.per_1000")
    findings = []
    for year in years["expenditure"]:
        have = set(rows[rows.year == year].municipality) if rows is not None else set()
        for name, members in config.peer_groups.items():
            lacking = [m for m in members if m not in have]
            if lacking:
                findings.append(
                    Finding(
                        "peer_missing",
                        f"Sammenligningsgruppen {name} {year}: "
                        f"{', '.join(place(m) for m in lacking)} mangler udgifter "
                        "eller befolkningstal og indgår ikke i gennemsnittet.",
                        kind="expenditure",
                        year=year,
                    )
                )
    return findings
