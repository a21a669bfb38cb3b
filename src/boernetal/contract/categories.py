"""The category registry of the data contract, read from ``data/categories.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Code:
    code: str
    label: str
    group: str | None = None
    dst: int | None = None


@dataclass(frozen=True)
class Category:
    """A list of codes (e.g. ``source`` — who notified) with Danish labels and report groups."""

    name: str
    description: str
    codes: dict[str, Code]
    groups: dict[str, str]


@cache
def categories() -> dict[str, Category]:
    text = resources.files("boernetal.contract").joinpath("data/categories.toml").read_text("utf-8")
    raw = tomllib.loads(text)
    return {
        name: Category(
            name=name,
            description=body.get("description", ""),
            codes={code: Code(code=code, **spec) for code, spec in body["codes"].items()},
            groups=dict(body.get("groups", {})),
        )
        for name, body in raw.items()
    }


def category(name: str) -> Category:
    return categories()[name]
