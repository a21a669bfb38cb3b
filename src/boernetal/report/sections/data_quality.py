"""Datagrundlag og datakvalitet: the sources and their imports, quarantined rows, the findings of the
indicator set, the chapters left out for want of data, and the disclosure note."""

from __future__ import annotations

from typing import Any

from ... import danish
from ...contract import KINDS
from ..context import Context
from ..document import Bullets, Cell, Section, Table

TEXT = "data_quality"


def build(ctx: Context, status: dict[str, Any], left_out: list[str]) -> list[Section]:
    kinds = status["kinds"]
    latest: dict[str, str] = {}
    for entry in status["imports"]:
        latest.setdefault(entry["kind"], entry["imported_at"])
    rows = []
    for name, info in kinds.items():
        if not info["rows"]:
            continue
        years = (
            str(info["first_year"])
            if info["first_year"] == info["last_year"]
            else f"{info['first_year']}–{info['last_year']}"
        )
        imported = latest.get(name)
        rows.append(
            [
                Cell(KINDS[name].danish.capitalize()),
                ctx.cell(info["rows"], "number", 0),
                Cell(years),
                Cell(danish.short_timestamp(_timestamp(imported)) if imported else ""),
                ctx.cell(status["quarantined"].get(name, 0), "number", 0),
            ]
        )
    return [
        Section("Datagrundlag og datakvalitet").add(
            ctx.say(TEXT, ["sources"]),
            Table(
                "Datagrundlag",
                ["Registrering", "Rækker", "År", "Senest indlæst", "Rækker i karantæne"],
                rows,
            ),
            ctx.say(TEXT, ["quarantine"], quarantined=status["quarantined_total"]),
            ctx.say(TEXT, ["findings"], findings=len(ctx.figures.findings)),
            Bullets([f.message for f in ctx.figures.findings]),
            ctx.say(TEXT, ["left_out"], left_out=left_out),
            ctx.say(TEXT, ["disclosure"]),
        )
    ]


def _timestamp(text: str):  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.datetime.fromisoformat(text)
