"""A business case file (TOML or YAML), read into a ``BusinessCase`` with every input checked.

Keys may be English or Danish (``data/keys.toml``). A wrong or missing input is an error that names
the key (``costs[2].amounts``) and says what is expected.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

from ..contract.municipalities import resolve
from ..errors import BoernetalError

COST_KINDS = ("implementation", "operations")
ACTORS = ("kommune", "region", "stat")
#: the largest amount or count a case may hold: beyond any municipality's budget, and far enough
#: from a float's limit that sums and present values over a horizon stay finite
LARGEST = 1e12


class CaseError(BoernetalError):
    """An input of a business case is wrong or missing."""


@dataclass(frozen=True)
class CostItem:
    """One cost line (omkostning): one-off implementation or yearly operations, by year."""

    name: str
    kind: str
    amounts: tuple[float, ...]
    actor: str = "kommune"


@dataclass(frozen=True)
class Cohort:
    """Gross savings built from the target group: successes per year times what one success saves.

    ``profile[j]`` is the share of ``unit_price`` saved ``j`` years after the year of success
    (a fading effect is a falling profile); prices grow by ``price_growth`` a year.
    """

    inflow: float
    inflow_growth: float
    unit_price: float
    profile: tuple[float, ...]
    price_growth: float = 0.0

    def gross_savings(self, horizon: int, duration: int | None = None) -> list[float]:
        """Savings per year at 100 % success; ``duration`` cuts or extends the profile."""
        profile = list(self.profile)
        if duration is not None:
            profile = (profile + [profile[-1]] * duration)[:duration]
        out = []
        for t in range(1, horizon + 1):
            price = self.unit_price * (1 + self.price_growth) ** (t - 1)
            total = 0.0
            for k in range(1, t + 1):
                years_since = t - k
                if years_since < len(profile):
                    total += self.inflow * (1 + self.inflow_growth) ** (k - 1) * price * profile[years_since]
            out.append(total)
        return out


@dataclass(frozen=True)
class Distribution:
    """An uncertain input: triangular, normal, uniform or beta, with its parameters."""

    kind: str
    params: dict[str, float]


@dataclass(frozen=True)
class Uncertainty:
    draws: int = 100_000
    seed: int = 1
    #: input name (success_rate, costs, savings, effect_duration) -> its distribution.
    #: costs and savings are multipliers on the case's costs and gross savings.
    inputs: dict[str, Distribution] = field(default_factory=dict)


@dataclass(frozen=True)
class BusinessCase:
    name: str
    horizon: int
    discount_rate: float
    success_rates: tuple[float, ...]
    costs: tuple[CostItem, ...]
    savings: tuple[float, ...]  # gross savings at 100 % success, undiscounted, years 1..horizon
    description: str = ""
    start: dt.date | None = None
    cohort: Cohort | None = None
    payers: dict[str, float] = field(default_factory=dict)
    funding_first_year: float | None = None
    uncertainty: Uncertainty | None = None
    #: where each price came from ("unit_price" -> "…"), shown with the results
    sources: dict[str, str] = field(default_factory=dict)

    def cost_per_year(self) -> list[float]:
        return [sum(item.amounts[t] for item in self.costs) for t in range(self.horizon)]


# --- reading --------------------------------------------------------------------------------------


@cache
def _aliases() -> dict[str, str]:
    text = resources.files("boernetal.invest").joinpath("data/keys.toml").read_text("utf-8")
    return tomllib.loads(text)


def _english(value: Any) -> Any:
    """The same structure with Danish keys replaced by their English names."""
    if isinstance(value, dict):
        return {_aliases().get(k, k): _english(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_english(v) for v in value]
    return value


def read_case_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise CaseError(
            f"Casefilen {path} findes ikke.", "Opret en skabelon med: boernetal invest new"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseError(f"Casefilen {path} kan ikke læses ({exc}).", "Gem filen som UTF-8.") from None
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml

        try:
            raw = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise CaseError(f"{path.name} er ikke gyldig YAML: {exc}") from None
    else:
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise CaseError(f"{path.name} er ikke gyldig TOML: {exc}.") from None
    if not isinstance(raw, dict):
        raise CaseError(f"{path.name} skal indeholde nøgler og værdier, fx horizon = 10.")
    return _english(raw)


PriceLookup = Callable[[str], tuple[float, str]]


def load_case(path: str | Path, prices: PriceLookup | None = None) -> BusinessCase:
    """Read and check a case file. ``prices`` resolves ``warehouse:…`` references (see prices.py)."""
    path = Path(path)
    return parse_case(read_case_file(path), prices, origin=path.name)


def parse_case(raw: dict[str, Any], prices: PriceLookup | None = None, origin: str = "casen") -> BusinessCase:
    p = _Parser(origin, prices)
    horizon = p.integer(raw, "horizon", default=10, minimum=1, maximum=100)
    rates = raw.get("success_rates")
    if not isinstance(rates, list) or not rates:
        p.fail("success_rates", "en liste af succesrater mellem 0 og 1, fx [0.10, 0.06]")
    success_rates = tuple(p.number(r, f"success_rates[{i + 1}]", 0, 1) for i, r in enumerate(rates))
    costs_raw = raw.get("costs")
    if not isinstance(costs_raw, list) or not costs_raw:
        p.fail("costs", "en eller flere omkostningsposter ([[costs]] med name, kind og amounts)")
    costs = tuple(p.cost(item, f"costs[{i + 1}]", horizon) for i, item in enumerate(costs_raw))
    savings_raw = p.table(raw, "savings")
    cohort = None
    if "schedule" in savings_raw and "cohort" in savings_raw:
        p.fail("savings", "enten schedule eller cohort, ikke begge")
    if "schedule" in savings_raw:
        savings = p.per_year(savings_raw["schedule"], "savings.schedule", horizon)
    elif "cohort" in savings_raw:
        cohort = p.cohort(p.table(savings_raw, "cohort", "savings.cohort"), "savings.cohort")
        savings = tuple(cohort.gross_savings(horizon))
    else:
        p.fail("savings", "savings.schedule (besparelse pr. år ved 100 % succes) eller savings.cohort")
    payers = p.payers(raw.get("payers", {}))
    funding = p.table(raw, "funding", required=False)
    start = raw.get("start")
    if start is not None and not isinstance(start, dt.date):
        p.fail("start", "en dato, fx 2015-01-01")
    return BusinessCase(
        name=p.text(raw, "name"),
        description=str(raw.get("description", "")),
        start=start,
        horizon=horizon,
        discount_rate=p.number(raw.get("discount_rate"), "discount_rate", 0, 1),
        success_rates=success_rates,
        costs=costs,
        savings=savings,
        cohort=cohort,
        payers=payers,
        funding_first_year=p.number(funding["first_year"], "funding.first_year", 0)
        if "first_year" in funding
        else None,
        uncertainty=p.uncertainty(raw.get("uncertainty"), cohort),
        sources=p.sources,
    )


class _Parser:
    """Checks inputs one by one; every error names the key it is about."""

    def __init__(self, origin: str, prices: PriceLookup | None) -> None:
        self.origin = origin
        self.prices = prices
        self.sources: dict[str, str] = {}

    def fail(self, key: str, expected: str, value: Any = None) -> None:
        shown = repr(value)
        if len(shown) > 60:  # a value pasted whole into the file is not printed whole
            shown = f"{shown[:20]}… ({len(shown)} tegn)"
        got = "mangler" if value is None else f"er {shown}"
        raise CaseError(f"{self.origin}: {key} {got}.", f"Forventet: {expected}.")

    def table(self, raw: dict, key: str, path: str | None = None, required: bool = True) -> dict:
        value = raw.get(key)
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            self.fail(path or key, "en tabel af nøgler og værdier", value)
        return value

    def text(self, raw: dict, key: str) -> str:
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(key, "en tekst", value)
        return value.strip()

    def number(
        self, value: Any, key: str, minimum: float | None = None, maximum: float | None = None
    ) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:  # nan
            self.fail(
                key, "et tal" + (f" mellem {minimum} og {maximum}" if maximum is not None else ""), value
            )
        if abs(value) > LARGEST:  # inf too; compared before converting, so 10**400 is no overflow
            self.fail(key, "et tal højst 1.000.000.000.000 (1.000 mia.) i størrelse", value)
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            bounds = f"mindst {minimum}" if maximum is None else f"mellem {minimum} og {maximum}"
            self.fail(key, f"et tal {bounds}", value)
        return float(value)

    def integer(self, raw: dict, key: str, default: int, minimum: int, maximum: int) -> int:
        value = raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            self.fail(key, f"et helt tal mellem {minimum} og {maximum}", value)
        return value

    def per_year(self, value: Any, key: str, horizon: int) -> tuple[float, ...]:
        """A number (the same every year) or a list for years 1, 2, … (later years 0)."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            return (self.number(value, key),) * horizon
        if not isinstance(value, list) or not value:
            self.fail(key, "et beløb (det samme hvert år) eller en liste med et beløb pr. år", value)
        if len(value) > horizon:
            self.fail(
                key, f"højst {horizon} beløb (horisonten er {horizon} år)", f"en liste med {len(value)} beløb"
            )
        amounts = [self.number(v, f"{key}[{i + 1}]") for i, v in enumerate(value)]
        return tuple(amounts + [0.0] * (horizon - len(amounts)))

    def cost(self, item: Any, key: str, horizon: int) -> CostItem:
        if not isinstance(item, dict):
            self.fail(key, "en tabel med name, kind og amounts", item)
        kind = item.get("kind", "operations")
        if kind not in COST_KINDS:
            self.fail(f"{key}.kind", " eller ".join(COST_KINDS), kind)
        actor = item.get("actor", "kommune")
        if actor not in ACTORS:
            self.fail(f"{key}.actor", ", ".join(ACTORS), actor)
        return CostItem(
            name=self.text(item, "name") if "name" in item else kind,
            kind=kind,
            amounts=self.per_year(item.get("amounts"), f"{key}.amounts", horizon),
            actor=actor,
        )

    def price(self, value: Any, key: str) -> float:
        if isinstance(value, str) and value.startswith("warehouse:"):
            if self.prices is None:
                raise CaseError(
                    f"{self.origin}: {key} henter prisen fra lageret ({value}), men intet "
                    "arbejdsområde er angivet.",
                    "Kør med -w ARBEJDSOMRÅDE.",
                )
            price, source = self.prices(value)
            self.sources[key] = source
            return price
        price = self.number(value, key, 0)
        self.sources[key] = "angivet i casen"
        return price

    def cohort(self, raw: dict, key: str) -> Cohort:
        profile = raw.get("profile", [1.0])
        if not isinstance(profile, list) or not profile:
            self.fail(f"{key}.profile", "en liste af andele pr. år efter succes, fx [1.0, 1.0, 0.5]", profile)
        return Cohort(
            inflow=self.number(raw.get("inflow"), f"{key}.inflow", 0),
            inflow_growth=self.number(raw.get("inflow_growth", 0.0), f"{key}.inflow_growth", -1, 1),
            unit_price=self.price(raw.get("unit_price"), f"{key}.unit_price"),
            profile=tuple(self.number(v, f"{key}.profile[{i + 1}]", 0, 1) for i, v in enumerate(profile)),
            price_growth=self.number(raw.get("price_growth", 0.0), f"{key}.price_growth", -1, 1),
        )

    def payers(self, raw: Any) -> dict[str, float]:
        if not isinstance(raw, dict):
            self.fail("payers", 'en tabel af kommune = andel, fx "183" = 0.806', raw)
        if not raw:
            return {}
        shares = {}
        for name, share in raw.items():
            code = resolve(name)
            if code is None:
                self.fail(f"payers.{name}", "en kommunekode eller et kommunenavn", name)
            shares[code] = self.number(share, f"payers.{name}", 0, 1)
        if abs(sum(shares.values()) - 1) > 1e-9:
            self.fail("payers", "andele der tilsammen er 1", f"andele med summen {sum(shares.values()):g}")
        return shares

    def uncertainty(self, raw: Any, cohort: Cohort | None) -> Uncertainty | None:
        if raw is None:
            return None
        if not isinstance(raw, dict):
            self.fail("uncertainty", "en tabel", raw)
        draws = self.integer(raw, "draws", default=100_000, minimum=100, maximum=10_000_000)
        seed = self.integer(raw, "seed", default=1, minimum=0, maximum=2**32 - 1)
        inputs = {}
        for name in ("success_rate", "costs", "savings", "effect_duration"):
            if name in raw:
                if name == "effect_duration" and cohort is None:
                    self.fail("uncertainty.effect_duration", "en kohortemodel (savings.cohort)", "angivet")
                inputs[name] = self.distribution(raw[name], f"uncertainty.{name}")
        unknown = set(raw) - {"draws", "seed", "success_rate", "costs", "savings", "effect_duration"}
        if unknown:
            self.fail(
                f"uncertainty.{sorted(unknown)[0]}",
                "success_rate, costs, savings eller effect_duration",
                "ukendt",
            )
        return Uncertainty(draws=draws, seed=seed, inputs=inputs)

    REQUIRED: ClassVar[dict[str, tuple[str, ...]]] = {
        "triangular": ("min", "mode", "max"),
        "normal": ("mean", "sd"),
        "uniform": ("min", "max"),
        "beta": ("alpha", "beta"),
    }

    def distribution(self, raw: Any, key: str) -> Distribution:
        if not isinstance(raw, dict):
            self.fail(
                key,
                'en fordeling, fx { distribution = "triangular", min = 0.04, mode = 0.08, max = 0.12 }',
                raw,
            )
        kind = raw.get("distribution")
        if kind not in self.REQUIRED:
            self.fail(f"{key}.distribution", ", ".join(self.REQUIRED), kind)
        params = {name: self.number(raw.get(name), f"{key}.{name}") for name in self.REQUIRED[kind]}
        for name in ("min", "max"):  # a beta may be stretched over [min, max]
            if kind == "beta" and name in raw:
                params[name] = self.number(raw[name], f"{key}.{name}")
        if kind == "triangular" and not params["min"] <= params["mode"] <= params["max"]:
            self.fail(key, "min ≤ mode ≤ max", f"{params}")
        if kind == "uniform" and params["min"] > params["max"]:
            self.fail(key, "min ≤ max", f"{params}")
        if kind == "normal" and params["sd"] < 0:
            self.fail(f"{key}.sd", "et tal på mindst 0", params["sd"])
        if kind == "beta" and (params["alpha"] <= 0 or params["beta"] <= 0):
            self.fail(key, "alpha og beta større end 0", f"{params}")
        return Distribution(kind, params)
