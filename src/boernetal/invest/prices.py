"""Unit prices from the municipality's own data: ``warehouse:placements.residential_home.annual_cost``.

The price is the mean ``annual_cost`` of that type in the workspace's own placements (or
measures), and the case's output says where it came from.
"""

from __future__ import annotations

from ..contract.categories import category
from ..warehouse.connect import reading
from ..workspace import Workspace
from .case import CaseError

SOURCES = {"placements": ("placement_type", "anbringelser"), "measures": ("measure_type", "foranstaltninger")}


def warehouse_prices(workspace: Workspace):
    """A price lookup for ``load_case`` that reads the workspace's warehouse."""

    def lookup(reference: str) -> tuple[float, str]:
        parts = reference.removeprefix("warehouse:").split(".")
        if len(parts) != 3 or parts[0] not in SOURCES or parts[2] != "annual_cost":
            raise CaseError(
                f"'{reference}' er ikke en pris fra lageret.",
                "Skriv fx warehouse:placements.residential_home.annual_cost eller "
                "warehouse:measures.family_treatment.annual_cost.",
            )
        kind, code, _ = parts
        column, plural = SOURCES[kind]
        codes = category(column).codes
        if code not in codes:
            raise CaseError(
                f"'{code}' i '{reference}' er ikke en kode for {column}.",
                f"Gyldige koder: {', '.join(codes)}.",
            )
        own = workspace.config.municipalities
        with reading(workspace) as backend:
            t = backend.table(kind)
            t = t.filter(t[column] == code, t.annual_cost.notnull())
            if own:
                t = t.filter(t.municipality.isin(own))
            (row,) = backend.to_pyarrow(t.aggregate(n=t.count(), mean=t.annual_cost.mean())).to_pylist()
        count, mean = row["n"], row["mean"]
        if not count:
            raise CaseError(
                f"Lageret har ingen {plural} af typen {code} med annual_cost.",
                "Indlæs data med annual_cost, eller skriv prisen direkte i casen.",
            )
        label = codes[code].label
        return float(mean), (
            f"gennemsnitlig annual_cost af {count} {plural} af typen {label} ({code}) "
            f"i lageret{' for kommune ' + ', '.join(own) if own else ''}"
        )

    return lookup
