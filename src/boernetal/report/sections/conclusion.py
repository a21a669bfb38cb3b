"""Konklusion: the year's main changes, chosen from the data — the largest relative changes first."""

from __future__ import annotations

from dataclasses import dataclass

from ..context import ALL, Context
from ..document import Bullets, Section

TEXT = "conclusion"
SHOWN = 6

#: (indicator, keys) whose change from last year can be a main point, for all and each municipality
CANDIDATES: tuple[tuple[str, dict[str, object], bool], ...] = (
    ("notifications.total", {}, True),
    ("notifications.by_channel", {"channel": "meeting"}, False),
    ("investigations.decided", {}, True),
    ("placements.children", {}, True),
    ("placements.new", {}, False),
    ("placements.forced", {}, False),
    ("measures.children", {}, True),
    ("cases.monthly_average", {"team": "all"}, False),
)


@dataclass(frozen=True)
class Change:
    id: str
    municipality: str
    now: float
    before: float

    @property
    def relative(self) -> float:
        return abs(self.now - self.before) / self.before if self.before else float("inf")


def changes(ctx: Context) -> list[Change]:
    """Every candidate's change from last year where both values are known, largest first."""
    found = []
    for id, keys, per_municipality in CANDIDATES:
        scopes = ctx.scopes if per_municipality else (ALL,)
        for m in scopes:
            now = ctx.value(id, ctx.year, m, **keys)
            before = ctx.value(id, ctx.year - 1, m, **keys)
            if now is not None and before is not None and (now or before):
                found.append(Change(id, m, now, before))
    return sorted(found, key=lambda c: -c.relative)


def build(ctx: Context) -> list[Section]:
    found = changes(ctx)[:SHOWN]
    items = [
        ctx.sentences.sentence(
            TEXT,
            "change",
            {
                **ctx.common,
                "id": c.id,
                "place": None if c.municipality == ALL else ctx.place(c.municipality),
                "now": c.now,
                "before": c.before,
            },
        )
        for c in found
    ]
    economy = [
        ctx.sentences.sentence(
            TEXT,
            "economy",
            {
                **ctx.common,
                "place": ctx.place(m),
                "budget": ctx.value("economy.total", municipality=m, measure="budget"),
                "actual": ctx.value("economy.total", municipality=m, measure="actual"),
            },
        )
        for m in ctx.municipalities
        if ctx.has("economy.total", municipality=m)
    ]
    bullets = [i for i in [*items, *economy] if i]
    if not bullets:
        return []
    return [Section("Konklusion").add(ctx.say(TEXT, ["lead"]), Bullets(bullets))]
