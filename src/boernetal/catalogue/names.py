"""Danish names: the indicator families in catalogue order, the breakdown dimensions, and the
values of a breakdown (category codes by the contract's labels, the others by data/values.toml)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


@cache
def family_names() -> dict[str, str]:
    text = resources.files("boernetal.catalogue").joinpath("data/families.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def dimension_names() -> dict[str, str]:
    text = resources.files("boernetal.catalogue").joinpath("data/dimensions.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def definitions() -> dict[str, str]:
    """What each indicator counts, in Danish (data/definitions.toml)."""
    text = resources.files("boernetal.catalogue").joinpath("data/definitions.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def value_names() -> dict[str, dict[str, str]]:
    text = resources.files("boernetal.catalogue").joinpath("data/values.toml").read_text("utf-8")
    return tomllib.loads(text)


#: a breakdown dimension -> the category (and its codes or groups) that names its values
CATEGORY_OF = {
    "source_group": ("source", "groups"),
    "placement_group": ("placement_type", "groups"),
    "area": ("budget_area", "codes"),
    "parent": ("parent_role", "codes"),
}


def value_name(dimension: str, value: object) -> str:
    """A breakdown's value as a reader says it ('school' -> 'Skole'); the value itself when it has
    no name (ages, team names, accounts)."""
    from babel.dates import get_month_names

    from ..contract.categories import categories
    from .scope import ALL

    text = str(value)
    if text == ALL:
        return "I alt"
    if dimension == "month" and text.isdigit() and 1 <= int(text) <= 12:
        return str(get_month_names("wide", locale="da_DK")[int(text)])
    if text in value_names().get(dimension, {}):
        return value_names()[dimension][text]
    name, part = CATEGORY_OF.get(dimension, (dimension, "codes"))
    category = categories().get(name)
    if category is None:
        return text
    if part == "groups":
        return str(category.groups.get(text, text))
    code = category.codes.get(text)
    return code.label if code else text


#: the indicators' units as a reader says them
UNIT_NAMES = {
    "count": "antal",
    "percent": "procent",
    "ratio": "forhold",
    "kr": "kr.",
    "kr_per_1000": "kr. pr. 1.000 indbyggere",
    "days": "dage",
}


def municipality_label(code: str) -> str:
    """A figure's municipality key as a reader says it: 'Ishøj', 'Alle kommuner', 'Gruppen vestegn'."""
    from ..contract.municipalities import COUNTRY, municipalities, name
    from .scope import ALL

    if code == ALL:
        return "Alle kommuner"
    if code.startswith("peer:"):
        return f"Gruppen {code.removeprefix('peer:')}"
    return name(code) if code in municipalities() or code == COUNTRY else code
