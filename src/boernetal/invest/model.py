"""The calculation: net gain per year, discounted and accumulated, payback year, break-even rates.

For years t = 1..H, with success rate s, gross savings at 100 % success S_t, costs C_t and discount
rate r (end-of-year convention: year 1 is discounted once):

    net_t = (s · S_t − C_t) / (1 + r)^t,   accumulated_t = net_1 + … + net_t

The case is paid back ("tjent hjem") in the first year whose accumulated net gain is ≥ 0.
``net_gains`` does this for any number of scenarios or Monte Carlo draws at once (NumPy arrays).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .case import BusinessCase


def discount_factors(rate: float | np.ndarray, horizon: int) -> np.ndarray:
    """(1 + r)^-t for t = 1..H; a rate per draw gives one row per draw."""
    years = np.arange(1, horizon + 1)
    return (1.0 + np.asarray(rate, dtype=float)[..., None]) ** -years


def net_gains(success: np.ndarray, savings: np.ndarray, costs: np.ndarray, rate: float) -> np.ndarray:
    """Discounted net gain per year; ``success`` (n,), ``savings`` and ``costs`` (H,) or (n, H)."""
    horizon = np.shape(savings)[-1]
    success = np.asarray(success, dtype=float)[..., None]
    return (success * savings - costs) * discount_factors(rate, horizon)


def payback_years(accumulated: np.ndarray) -> np.ndarray:
    """First year (1-based) with accumulated net gain ≥ 0; 0 where it is not within the horizon."""
    paid = accumulated >= 0
    return np.where(paid.any(axis=-1), paid.argmax(axis=-1) + 1, 0)


@dataclass(frozen=True)
class Year:
    year: int
    costs: float
    gross_savings: float  # at 100 % success
    savings: float  # at the scenario's success rate
    net: float  # undiscounted
    net_discounted: float
    accumulated: float  # discounted
    accumulated_undiscounted: float


@dataclass(frozen=True)
class Scenario:
    success_rate: float
    years: tuple[Year, ...]
    payback_year: int | None  # None: not within the horizon


@dataclass(frozen=True)
class Result:
    case: BusinessCase
    scenarios: tuple[Scenario, ...]
    #: success rate at which year t's own net gain is 0 (None where that year saves nothing)
    break_even: tuple[float | None, ...]
    #: success rate at which the accumulated net gain of years 1..t is 0
    break_even_accumulated: tuple[float | None, ...]
    #: municipality -> its share of the municipal costs, per year
    payer_costs: dict[str, tuple[float, ...]]
    #: municipality -> its share of the first year's funding
    payer_funding: dict[str, float]
    #: actor (kommune/region/stat) -> costs per year
    actor_costs: dict[str, tuple[float, ...]]


def _ratio(costs: float, savings: float) -> float | None:
    """The success rate at which savings pay the costs; None when no finite rate does."""
    if savings <= 0:
        return None
    with np.errstate(over="ignore"):
        rate = float(np.float64(costs) / np.float64(savings))
    return rate if np.isfinite(rate) else None


def calculate(case: BusinessCase) -> Result:
    costs = np.array(case.cost_per_year())
    savings = np.array(case.savings)
    rates = np.array(case.success_rates)
    discounted = net_gains(rates, savings, costs, case.discount_rate)
    accumulated = discounted.cumsum(axis=-1)
    undiscounted = (rates[:, None] * savings - costs).cumsum(axis=-1)
    paybacks = payback_years(accumulated)
    scenarios = []
    for i, rate in enumerate(case.success_rates):
        years = tuple(
            Year(
                year=t + 1,
                costs=float(costs[t]),
                gross_savings=float(savings[t]),
                savings=float(rate * savings[t]),
                net=float(rate * savings[t] - costs[t]),
                net_discounted=float(discounted[i, t]),
                accumulated=float(accumulated[i, t]),
                accumulated_undiscounted=float(undiscounted[i, t]),
            )
            for t in range(case.horizon)
        )
        scenarios.append(Scenario(rate, years, int(paybacks[i]) or None))
    factors = discount_factors(case.discount_rate, case.horizon)
    cum_costs, cum_savings = (costs * factors).cumsum(), (savings * factors).cumsum()
    municipal = np.array(
        [sum(i.amounts[t] for i in case.costs if i.actor == "kommune") for t in range(case.horizon)]
    )
    return Result(
        case=case,
        scenarios=tuple(scenarios),
        break_even=tuple(_ratio(c, s) for c, s in zip(costs, savings, strict=True)),
        break_even_accumulated=tuple(_ratio(c, s) for c, s in zip(cum_costs, cum_savings, strict=True)),
        payer_costs={code: tuple(float(x) for x in municipal * share) for code, share in case.payers.items()},
        payer_funding={code: case.funding_first_year * share for code, share in case.payers.items()}
        if case.funding_first_year is not None
        else {},
        actor_costs={
            actor: tuple(
                sum(i.amounts[t] for i in case.costs if i.actor == actor) for t in range(case.horizon)
            )
            for actor in dict.fromkeys(i.actor for i in case.costs)
        },
    )
