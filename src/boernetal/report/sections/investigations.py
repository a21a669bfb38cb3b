"""Børnefaglige undersøgelser: decided in the year, completed in time, overdue."""

from __future__ import annotations

from ..context import Context
from ..document import Section
from .common import year_table

TEXT = "investigations"


def build(ctx: Context) -> list[Section]:
    if not ctx.has("investigations.decided"):
        return []
    return [
        Section("Børnefaglige undersøgelser").add(
            ctx.say(TEXT, ["about"]),
            ctx.say(
                TEXT,
                ["decided", "in_time", "overdue"],
                decided=ctx.value("investigations.decided"),
                before=ctx.value("investigations.decided", ctx.year - 1),
                in_time=ctx.value("investigations.completed_in_time_share"),
                overdue=ctx.count("investigations.overdue_open"),
            ),
            year_table(ctx, "Afgørelser om børnefaglig undersøgelse pr. år", "investigations.decided"),
        )
    ]
