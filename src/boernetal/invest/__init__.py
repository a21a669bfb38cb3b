"""Business cases (investeringscases): a Skandia/SØM-style social-investment calculator.

A case file (TOML or YAML) names costs, gross savings at 100 % success and success rates; the
calculator gives net gain per year, discounted and accumulated, payback year and break-even
success rates, and a Monte Carlo over the uncertain inputs. See docs/invest.md.
"""

from .case import BusinessCase, CaseError, load_case
from .evaluation import Evaluation, evaluate
from .model import Result, calculate
from .uncertainty import Simulation, simulate, tornado

__all__ = [
    "BusinessCase",
    "CaseError",
    "Evaluation",
    "Result",
    "Simulation",
    "calculate",
    "evaluate",
    "load_case",
    "simulate",
    "tornado",
]
