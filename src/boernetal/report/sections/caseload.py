"""Sagstal og sagsfordeling: cases at each month's end, the average, and cases per adviser by team."""

from __future__ import annotations

import pandas as pd

from .. import charts
from ..charts import month_abbreviations
from ..context import ALL, Context
from ..document import Cell, Figure, Section, Table

TEXT = "caseload"


def build(ctx: Context) -> list[Section]:
    if not ctx.has("cases.month_end"):
        return []
    months = {m: ctx.value("cases.month_end", month=m, team=ALL) for m in range(1, 13)}
    abbreviations = month_abbreviations()
    data = pd.DataFrame({"Måned": abbreviations, "Sager": list(months.values()), "År": str(ctx.year)})
    known = {m: v for m, v in months.items() if v is not None}
    lowest = min(known, key=lambda m: known[m]) if known else None
    teams = ctx.breakdown("cases.per_adviser", "team")
    average = ctx.breakdown("cases.monthly_average", "team")
    team_names = sorted((t for t in teams if t != ALL), key=lambda t: -(teams[t] or 0))
    advisers = pd.DataFrame(
        {"Team": [*team_names, "Alle"], "Sager pr. rådgiver": [teams[t] for t in [*team_names, ALL]]}
    )
    table_rows = [
        [
            Cell("Alle" if t == ALL else str(t)),
            ctx.cell(average.get(t), "number", 0),
            ctx.cell(teams.get(t), "number", 1),
        ]
        for t in [*team_names, ALL]
    ]
    section = Section("Sagstal og sagsfordeling").add(
        ctx.say(
            TEXT,
            ["months", "december"],
            january=months[1],
            lowest=lowest,
            lowest_value=months.get(lowest) if lowest else None,
            december=months[12],
        ),
        Figure(
            f"Sager ved udgangen af hver måned, {ctx.year}",
            charts.month_lines(data, "Sager", "År", y_title="Sager"),
            data,
            "Linje med antal åbne sager ved udgangen af hver måned.",
            ("cases.month_end",),
            counts="Sager",
        ),
        ctx.say(TEXT, ["note"]),
        ctx.say(TEXT, ["average"], average=average.get(ALL), per_adviser=teams.get(ALL)),
    )
    if team_names:
        section.add(
            Figure(
                f"Gennemsnitligt antal sager pr. rådgiver fordelt på team, {ctx.year}",
                charts.bars(
                    advisers, "Team", "Sager pr. rådgiver", y_format=",.0f", x_sort=[*team_names, "Alle"]
                ),
                advisers,
                "Søjler med gennemsnitligt antal sager pr. rådgiver (årsværk) i hvert team.",
                ("cases.per_adviser",),
            ),
            Table(
                f"Sager og sager pr. rådgiver fordelt på team, {ctx.year}",
                ["Team", "Sager pr. måned (gennemsnit)", "Sager pr. rådgiver"],
                table_rows,
                ("cases.monthly_average", "cases.per_adviser"),
                totals=frozenset({len(table_rows) - 1}),
            ),
            ctx.say(
                TEXT,
                ["teams"],
                highest=team_names[0],
                highest_value=teams[team_names[0]],
                lowest_team=team_names[-1],
                lowest_team_value=teams[team_names[-1]],
            ),
        )
    return [section]
