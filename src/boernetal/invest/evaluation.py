"""A case evaluated: the deterministic scenarios, and the Monte Carlo and tornado when uncertain."""

from __future__ import annotations

from dataclasses import dataclass

from .case import BusinessCase
from .model import Result, calculate
from .uncertainty import Sensitivity, Simulation, simulate, tornado


@dataclass(frozen=True)
class Evaluation:
    result: Result
    simulation: Simulation | None = None
    sensitivities: tuple[Sensitivity, ...] = ()


def evaluate(case: BusinessCase, draws: int | None = None, seed: int | None = None) -> Evaluation:
    simulation = simulate(case, draws, seed) if case.uncertainty else None
    return Evaluation(calculate(case), simulation, tuple(tornado(case)))
