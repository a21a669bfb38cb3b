"""Follow-up of a business case against the warehouse, every half year since its start.

The seed promises "Der foretages nedslag hvert halve år": for each half year since the case's
start (and the half year before it, the baseline) this measures, for the case's municipalities,
the children placed, the new placements, the share placed among the 0–17-year-olds with an open
case (on the half year's last day) and the placement spending (``annual_cost`` for the days placed),
and sets the spending against what the case expected: the baseline less the scenario's savings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import ibis
import pandas as pd

from ..errors import BoernetalError
from ..indicators.placements import not_continuing
from ..indicators.scope import FAR, age_on, open_on
from ..warehouse.connect import reading
from ..workspace import Workspace
from .case import BusinessCase

HALF_YEAR = 6
DAYS_PER_YEAR = 365


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


def half_years(start: dt.date, as_of: dt.date) -> list[tuple[int, dt.date, dt.date]]:
    """The baseline and every half year since ``start`` that has ended by ``as_of``."""
    out = [(0, add_months(start, -HALF_YEAR), start - dt.timedelta(days=1))]
    number = 1
    while True:
        first = add_months(start, HALF_YEAR * (number - 1))
        last = add_months(start, HALF_YEAR * number) - dt.timedelta(days=1)
        if last > as_of:
            return out
        out.append((number, first, last))
        number += 1


def measure(
    workspace: Workspace, periods: list[tuple[int, dt.date, dt.date]], municipalities: tuple[str, ...]
) -> pd.DataFrame:
    """Per half year: children placed, new placements, share placed and spending."""
    days = ibis.memtable(
        {
            "number": [n for n, _, _ in periods],
            "first_day": [a for _, a, _ in periods],
            "last_day": [b for _, _, b in periods],
        }
    )
    with reading(workspace) as backend:
        everywhere = backend.table("placements")
        p = everywhere.filter(everywhere.municipality.isin(municipalities))
        placed = p.join(days, (p.start <= days.last_day) & (p.end.fill_null(FAR) >= days.first_day))
        first = ibis.greatest(placed.start, placed.first_day)
        last = ibis.least(placed.end.fill_null(FAR), placed.last_day)
        spent = placed.annual_cost.fill_null(0) * (last.delta(first, unit="day") + 1) / DAYS_PER_YEAR
        children = placed.group_by("number").aggregate(
            children_placed=placed.child.nunique(), spending=spent.sum()
        )
        starting = p.join(days, p.start.between(days.first_day, days.last_day))
        new = not_continuing(starting, everywhere)
        new = new.group_by("number").aggregate(new_placements=new.count())
        c = backend.table("cases")
        c = c.filter(c.municipality.isin(municipalities), c.child.notnull())
        open_cases = c.join(days, open_on(c, days.last_day, "opened", "closed"))
        open_cases = open_cases.filter(age_on(open_cases.birth_date, open_cases.last_day).between(0, 17))
        with_case = open_cases.select("number", "child", "last_day").distinct()
        on_last_day = placed.filter(open_on(placed, placed.last_day)).select("number", "child").distinct()
        both = with_case.join(on_last_day, ["number", "child"])
        share = (
            with_case.group_by("number")
            .aggregate(with_case=with_case.count())
            .left_join(both.group_by("number").aggregate(placed_with_case=both.count()), "number")
        )
        share = share.select("number", "with_case", "placed_with_case")
        frames = [backend.to_pandas(e) for e in (children, new, share)]
    out = pd.DataFrame({"number": [n for n, _, _ in periods]})
    for frame in frames:
        out = out.merge(frame, on="number", how="left")
    return out.fillna(0)


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
    baseline_spending = float(rows.loc[0, "spending"])
    out = []
    for number, first, last in periods:
        row = rows.loc[number]
        year = (number + 1) // 2
        saving = case.savings[year - 1] / 2 if 1 <= year <= len(case.savings) else 0.0
        out.append(
            HalfYear(
                number=number,
                first_day=first,
                last_day=last,
                children_placed=int(row.children_placed),
                new_placements=int(row.new_placements),
                share_placed=100 * row.placed_with_case / row.with_case if row.with_case else None,
                spending=float(row.spending),
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
