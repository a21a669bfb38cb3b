"""The category registry of the data contract, read from ``data/categories.toml``."""

from __future__ import annotations

import difflib
import re
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

    def closest(self, text: str, most: int = 3) -> list[str]:
        """The codes a mistyped or Danish ``text`` most likely meant, by the code's spelling and its
        Danish label ('telefon' -> phone, labelled Telefonisk), best first; none when none is close."""
        said = text.strip().lower()
        if not said:
            return []
        scores: dict[str, float] = {}
        for code, spec in self.codes.items():
            label = spec.label.lower()
            parts = [p.strip() for p in re.split(r"[/,]", label) if len(p.strip()) >= 4]
            for name in (code.lower(), code.replace("_", " ").lower(), label, *parts):
                score = difflib.SequenceMatcher(None, said, name).ratio()
                if len(said) >= 4 and (name.startswith(said) or said.startswith(name)):
                    score = max(score, 0.9)  # a word cut short or run on: 'telefon', 'skolen'
                elif len(said) >= 4 and name.endswith(said):
                    score = max(score, 0.8)  # the end of a compound word: 'møde' (Underretningsmøde)
                scores[code] = max(scores.get(code, 0.0), score)
        close = sorted((c for c, score in scores.items() if score >= 0.7), key=lambda c: -scores[c])
        return close[:most]


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
