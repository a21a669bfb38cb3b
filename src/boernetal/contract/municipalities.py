"""Danish municipalities (kommuner): official 3-digit codes and names, from ``data/municipalities.csv``."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from . import values


@cache
def municipalities() -> dict[str, str]:
    """Code -> name for the 98 municipalities."""
    text = resources.files("boernetal.contract").joinpath("data/municipalities.csv").read_text("utf-8")
    return {row["code"]: row["name"] for row in csv.DictReader(text.splitlines(), delimiter=";")}


#: Statistics Denmark's code for the whole country (Hele landet): a place national figures and
#: population are given for, never a workspace's municipality
COUNTRY, COUNTRY_NAME = "000", "Hele landet"


@cache
def lookup(country: bool = False) -> dict[str, str]:
    """Every accepted spelling (code, matching key of the name) -> code; with ``country`` also the
    whole country's (000, Hele landet)."""
    places = {**municipalities(), **({COUNTRY: COUNTRY_NAME} if country else {})}
    table = {code: code for code in places}
    table.update({values.name_key(name): code for code, name in places.items()})
    return table


def resolve(value: str | int) -> str | None:
    """The code for a code or a name (``'Vallensbæk'``, ``'vallensbaek kommune'``), or None."""
    text = str(value).strip()
    key = text.zfill(3) if text.isdigit() else values.name_key(text)
    return lookup().get(key)


def name(code: str) -> str:
    return COUNTRY_NAME if code == COUNTRY else municipalities()[code]
