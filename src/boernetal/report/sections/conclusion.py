"""Konklusion: the year in a few sentences, as the seed's conclusion says it.

Always said: how notifications, placed children and children in preventive measures went in each
municipality, and spending against budget. Then the year's other large changes, ranked by how far
each lies outside the year-to-year variation of a count its size (the change over the square root
of the larger count), so that 1 → 3 never outranks 390 → 450; a change in % is given only where
the numbers are not small. The wording is ``data/text/conclusion.txt.j2``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from ..context import ALL, Context
from ..document import Paragraph, Section

TEXT = "conclusion"

#: (indicator, keys) always addressed, for each municipality
ALWAYS: tuple[tuple[str, dict[str, object]], ...] = (
    ("notifications.total", {}),
    ("placements.children", {}),
    ("measures.children", {}),
)
#: (indicator, keys, per municipality) whose change is told when it is large
OTHERS: tuple[tuple[str, dict[str, object], bool], ...] = (
    ("investigations.decided", {}, True),
    ("notifications.by_channel", {"channel": "meeting"}, False),
    ("placements.new", {}, False),
    ("placements.forced", {}, False),
    ("cases.monthly_average", {"team": "all"}, False),
    ("complaints.decisions", {}, False),
)
#: below this, a count's change is told in numbers only, never in %
SMALL = 20
#: a change this many times the square root of the count is large
NOTABLE = 2.0
#: at most this many other changes are told
SHOWN = 3


@dataclass(frozen=True)
class Trend:
    """One figure in one place: this year, last year and the year before (None when unknown)."""

    id: str
    place: str | None
    now: float
    before: float
    earlier: float | None = None

    @property
    def direction(self) -> Literal["up", "down", "same"]:
        return "up" if self.now > self.before else "down" if self.now < self.before else "same"

    @property
    def weight(self) -> float:
        """The change against the chance variation of a count this size (√n)."""
        return abs(self.now - self.before) / math.sqrt(max(self.now, self.before, 1.0))

    @property
    def slower(self) -> bool | None:
        """Whether it moved the same way as the year before, but less (None: not the same way)."""
        if self.earlier is None or self.direction == "same":
            return None
        last = self.before - self.earlier
        if (last > 0) != (self.direction == "up") or last == 0:
            return None
        return abs(self.now - self.before) < abs(last)


def trend(ctx: Context, id: str, municipality: str, keys: dict[str, object]) -> Trend | None:
    now = ctx.value(id, ctx.year, municipality, **keys)
    before = ctx.value(id, ctx.year - 1, municipality, **keys)
    if now is None or before is None or not (now or before):
        return None
    earlier = ctx.value(id, ctx.year - 2, municipality, **keys)
    place = None if municipality == ALL or len(ctx.municipalities) == 1 else ctx.place(municipality)
    return Trend(id, place, now, before, earlier)


def always(ctx: Context) -> list[list[Trend]]:
    """For each figure always addressed, its trend in each municipality (or all, if only one)."""
    scopes = ctx.municipalities if len(ctx.municipalities) > 1 else (ALL,)
    found = []
    for id, keys in ALWAYS:
        trends = [t for m in scopes if (t := trend(ctx, id, m, keys))]
        if trends:
            found.append(trends)
    return found


def notable(ctx: Context) -> list[Trend]:
    """The other figures' large changes, the largest first, one per figure."""
    best: dict[str, Trend] = {}
    for id, keys, per_municipality in OTHERS:
        scopes = ctx.scopes if per_municipality else (ALL,)
        for m in scopes:
            t = trend(ctx, id, m, keys)
            if t and t.weight >= NOTABLE and (id not in best or t.weight > best[id].weight):
                best[id] = t
    return sorted(best.values(), key=lambda t: -t.weight)[:SHOWN]


def spending(ctx: Context) -> list[dict[str, object]]:
    """Budget and actual spending of each municipality with accounts for the year."""
    return [
        {
            "place": ctx.place(m),
            "budget": ctx.value("economy.total", municipality=m, measure="budget"),
            "actual": ctx.value("economy.total", municipality=m, measure="actual"),
        }
        for m in ctx.municipalities
        if ctx.has("economy.total", municipality=m)
    ]


def build(ctx: Context) -> list[Section]:
    say = ctx.sentences.sentence
    common = {**ctx.common, "small": SMALL}
    main = [say(TEXT, "trend", {**common, "trends": trends}) for trends in always(ctx)]
    others = [say(TEXT, "other", {**common, "t": t}) for t in notable(ctx)]
    if not any(main) and not any(others):
        return []
    accounts = spending(ctx)
    money = [say(TEXT, "spending", {**common, **a}) for a in accounts] or [say(TEXT, "no_spending", common)]
    paragraphs = [
        ctx.say(TEXT, ["lead"]),
        *(Paragraph(s) for s in main),
        Paragraph(" ".join(s for s in others if s)),
        Paragraph(" ".join(s for s in money if s)),
    ]
    return [Section("Konklusion").add(*paragraphs)]
