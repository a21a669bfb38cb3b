"""Indledning: what the report is, for which organisation and municipalities."""

from __future__ import annotations

from ..context import Context
from ..document import Section

TEXT = "introduction"


def build(ctx: Context) -> list[Section]:
    return [Section("Indledning").add(ctx.say(TEXT, ["purpose", "scope"]), ctx.say(TEXT, ["reading"]))]
