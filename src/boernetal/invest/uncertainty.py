"""Uncertainty: Monte Carlo over the uncertain inputs, and one-at-a-time sensitivities (tornado).

Inputs (``[uncertainty]`` in the case): ``success_rate`` (a rate), ``costs`` and ``savings``
(multipliers on the case's costs and gross savings), ``effect_duration`` (years a success keeps
saving, for a cohort model). All draws are computed at once with the same formula as the
deterministic calculation (``model.net_gains``); a seed makes a run reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from .case import BusinessCase, Distribution
from .model import net_gains, payback_years

PERCENTILES = (5, 25, 50, 75, 95)
LABELS = {
    "success_rate": "Succesrate",
    "costs": "Omkostninger (faktor)",
    "savings": "Besparelser (faktor)",
    "effect_duration": "Effektens varighed (år)",
}


def sample(dist: Distribution, rng: np.random.Generator, n: int) -> np.ndarray:
    p = dist.params
    if dist.kind == "uniform":
        return rng.uniform(p["min"], p["max"], n)
    if dist.kind == "normal":
        return rng.normal(p["mean"], p["sd"], n)
    if dist.kind == "triangular":
        if p["min"] == p["max"]:
            return np.full(n, p["min"])
        return rng.triangular(p["min"], p["mode"], p["max"], n)
    low, high = p.get("min", 0.0), p.get("max", 1.0)
    return low + (high - low) * rng.beta(p["alpha"], p["beta"], n)


def quantile(dist: Distribution, q: float) -> float:
    """The q-quantile of a distribution (closed forms; beta by a large fixed-seed sample)."""
    p = dist.params
    if dist.kind == "uniform":
        return p["min"] + q * (p["max"] - p["min"])
    if dist.kind == "normal":
        return p["mean"] if p["sd"] == 0 else NormalDist(p["mean"], p["sd"]).inv_cdf(q)
    if dist.kind == "triangular":
        low, mode, high = p["min"], p["mode"], p["max"]
        if high == low:
            return low
        split = (mode - low) / (high - low)
        if q < split:
            return low + ((high - low) * (mode - low) * q) ** 0.5
        return high - ((high - low) * (high - mode) * (1 - q)) ** 0.5
    return float(np.quantile(sample(dist, np.random.default_rng(0), 200_000), q))


def _bounded(name: str, values: np.ndarray) -> np.ndarray:
    """Keep drawn values meaningful: rates in [0, 1], multipliers ≥ 0, durations whole years ≥ 1."""
    if name == "success_rate":
        return np.clip(values, 0.0, 1.0)
    if name == "effect_duration":
        return np.maximum(np.rint(values), 1).astype(int)
    return np.maximum(values, 0.0)


def _accumulated(case: BusinessCase, values: dict[str, np.ndarray], n: int) -> np.ndarray:
    """Accumulated discounted net gain (n, H) for n sets of inputs (missing inputs at base)."""
    base_savings = np.array(case.savings)
    if "effect_duration" in values and case.cohort is not None:
        durations = values["effect_duration"]
        # One savings schedule per distinct duration, picked per draw by index.
        keys = np.unique(durations)
        table = np.stack([case.cohort.gross_savings(case.horizon, int(d)) for d in keys])
        savings = table[np.searchsorted(keys, durations)]
    else:
        savings = np.broadcast_to(base_savings, (n, case.horizon))
    savings = savings * values.get("savings", np.ones(n))[:, None]
    costs = np.array(case.cost_per_year())[None, :] * values.get("costs", np.ones(n))[:, None]
    success = values.get("success_rate", np.full(n, case.success_rates[0]))
    return net_gains(success, savings, costs, case.discount_rate).cumsum(axis=-1)


@dataclass(frozen=True)
class Simulation:
    draws: int
    seed: int
    #: probability that the case is paid back within the horizon
    payback_probability: float
    #: probability that it is paid back by year t (t = 1..H)
    payback_by_year: tuple[float, ...]
    #: percentile -> accumulated discounted net gain per year (a fan chart)
    percentiles: dict[int, tuple[float, ...]]
    mean: tuple[float, ...]


def simulate(case: BusinessCase, draws: int | None = None, seed: int | None = None) -> Simulation:
    """Monte Carlo over the case's ``[uncertainty]`` inputs (inputs without one stay at base)."""
    spec = case.uncertainty
    n = draws or (spec.draws if spec else 100_000)
    seed = seed if seed is not None else (spec.seed if spec else 1)
    rng = np.random.default_rng(seed)
    values = {
        name: _bounded(name, sample(dist, rng, n)) for name, dist in (spec.inputs.items() if spec else ())
    }
    accumulated = _accumulated(case, values, n)
    paybacks = payback_years(accumulated)
    by_year = tuple(float(np.mean((paybacks > 0) & (paybacks <= t))) for t in range(1, case.horizon + 1))
    levels = np.percentile(accumulated, PERCENTILES, axis=0)
    return Simulation(
        draws=n,
        seed=seed,
        payback_probability=float(np.mean(paybacks > 0)),
        payback_by_year=by_year,
        percentiles={p: tuple(float(x) for x in row) for p, row in zip(PERCENTILES, levels, strict=True)},
        mean=tuple(float(x) for x in accumulated.mean(axis=0)),
    )


@dataclass(frozen=True)
class Sensitivity:
    """One bar of the tornado: the input at its 10th and 90th percentile, others at base."""

    name: str
    label: str
    low_input: float
    high_input: float
    low_result: float  # accumulated net gain at the horizon
    high_result: float

    @property
    def swing(self) -> float:
        return abs(self.high_result - self.low_result)


def tornado(case: BusinessCase, low: float = 0.10, high: float = 0.90) -> list[Sensitivity]:
    """One-at-a-time sensitivities of the accumulated net gain at the horizon, largest swing first."""
    if not case.uncertainty:
        return []
    bars = []
    for name, dist in case.uncertainty.inputs.items():
        points = np.array([quantile(dist, low), quantile(dist, high)])
        result = _accumulated(case, {name: _bounded(name, points)}, 2)[:, -1]
        bars.append(
            Sensitivity(
                name, LABELS[name], float(points[0]), float(points[1]), float(result[0]), float(result[1])
            )
        )
    return sorted(bars, key=lambda b: b.swing, reverse=True)
