"""Follow-up of a business case against the warehouse, every half year since its start.

The seed promises "Der foretages nedslag hvert halve år": for each half year since the case's
start (and the half year before it, the baseline) this asks the indicator catalogue, for the
case's municipalities together, for the children placed, the new placements, the share placed
among the 0–17-year-olds with an open case (on the half year's last day) and the placement spending
(``annual_cost`` for the days placed), each counted over the half year, and sets the spending
against what the case expected: the baseline less the scenario's savings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ..catalogue.scope import ALL, Period
from ..engine.backends import executor_for
from ..errors import BoernetalError
from ..workspace import Workspace
from .case import BusinessCase

HALF_YEAR = 6


@dataclass(frozen=True)
class HalfYear:
    """One half year: 0 is the baseline before the start, 1 the first half year after it, …"""

    number: int
    first_day: dt.date
    last_day: dt.date
    children_placed: int
    new_placements: int
    share_placed: float | None  # percent of the 0–17-year-olds with an open case
    spending: float  # kr. for the days placed in the half year
    #: success rate -> the spending the case expected (baseline less its savings)
    expected_spending: dict[float, float]

    @property
    def case_year(self) -> int:
        """The case's year (1, 2, …) the half year falls in; 0 for the baseline."""
        return (self.number + 1) // 2


@dataclass(frozen=True)
class FollowUp:
    case: BusinessCase
    as_of: dt.date
    municipalities: tuple[str, ...]
    half_years: tuple[HalfYear, ...]


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's last day (31 August + 6 = 28/29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError(day)


def half_years(start: dt.date, as_of: dt.date) -> list[Period]:
    """The baseline (number 0) and every half year since ``start`` that has ended by ``as_of``."""
    out = [Period(0, add_months(start, -HALF_YEAR), start - dt.timedelta(days=1))]
    number = 1
    while True:
        first = add_months(start, HALF_YEAR * (number - 1))
        last = add_months(start, HALF_YEAR * number) - dt.timedelta(days=1)
        if last > as_of:
            return out
        out.append(Period(number, first, last))
        number += 1


def count(value: float) -> int:
    """A count the catalogue had no row for (no records in the half year) is 0."""
    return 0 if pd.isna(value) else int(value)


#: the catalogue's figures of a half year (see catalogue/placements.py) by what HalfYear calls them
FIGURES = {
    "placements.children": "children_placed",
    "placements.new": "new_placements",
    "placements.placed_with_case_share": "share_placed",
    "placements.cost": "spending",
}


def measure(workspace: Workspace, periods: list[Period], municipalities: tuple[str, ...]) -> pd.DataFrame:
    """Per half year (``number``), the case's municipalities together: the catalogue's figures
    counted over the half years instead of calendar years."""
    with executor_for(workspace) as executor:
        results = executor.over(tuple(periods), municipalities, FIGURES)
    out = pd.DataFrame({"number": [p.number for p in periods]})
    for id, name in FIGURES.items():
        rows = results[id]
        rows = rows[rows.municipality == ALL][["year", "value"]].rename(
            columns={"year": "number", "value": name}
        )
        out = out.merge(rows, on="number", how="left")
    return out


def follow_up(workspace: Workspace, case: BusinessCase, as_of: dt.date) -> FollowUp:
    if case.start is None:
        raise BoernetalError(
            f"Casen '{case.name}' har ingen startdato.", "Skriv start = 2015-01-01 (start) i casen."
        )
    if as_of < case.start:
        raise BoernetalError(
            f"--as-of {as_of} er før casens start {case.start}.", "Vælg en dato efter casens start."
        )
    municipalities = tuple(case.payers) or workspace.config.municipalities
    if not municipalities:
        raise BoernetalError(
            "Hverken casen (payers) eller boernetal.toml (municipalities) siger, "
            "hvilke kommuner casen gælder.",
            "Skriv kommunerne i casens [payers] eller i boernetal.toml.",
        )
    periods = half_years(case.start, as_of)
    rows = measure(workspace, periods, municipalities).set_index("number")
    baseline_spending = float(rows.loc[0, "spending"]) if pd.notna(rows.loc[0, "spending"]) else 0.0
    out = []
    for number, first, last in ((p.number, p.first_day, p.last_day) for p in periods):
        row = rows.loc[number]
        year = (number + 1) // 2
        saving = case.savings[year - 1] / 2 if 1 <= year <= len(case.savings) else 0.0
        out.append(
            HalfYear(
                number=number,
                first_day=first,
                last_day=last,
                children_placed=count(row.children_placed),
                new_placements=count(row.new_placements),
                share_placed=None if pd.isna(row.share_placed) else float(row.share_placed),
                spending=0.0 if pd.isna(row.spending) else float(row.spending),
                expected_spending={s: baseline_spending - s * saving for s in case.success_rates},
            )
        )
    return FollowUp(case, as_of, municipalities, tuple(out))


def to_dict(result: FollowUp) -> dict[str, object]:
    return {
        "case": result.case.name,
        "as_of": result.as_of.isoformat(),
        "municipalities": list(result.municipalities),
        "half_years": [
            {
                "number": h.number,
                "first_day": h.first_day.isoformat(),
                "last_day": h.last_day.isoformat(),
                "case_year": h.case_year,
                "children_placed": h.children_placed,
                "new_placements": h.new_placements,
                "share_placed": h.share_placed,
                "spending": h.spending,
                "expected_spending": {f"{s:g}": v for s, v in h.expected_spending.items()},
            }
            for h in result.half_years
        ],
    }
