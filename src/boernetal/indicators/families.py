"""Danish names: the indicator families in catalogue order, and the breakdown dimensions."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


@cache
def family_names() -> dict[str, str]:
    text = resources.files("boernetal.indicators").joinpath("data/families.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def dimension_names() -> dict[str, str]:
    text = resources.files("boernetal.indicators").joinpath("data/dimensions.toml").read_text("utf-8")
    return tomllib.loads(text)
