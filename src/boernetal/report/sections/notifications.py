"""Underretningsstatistik: channels, numbers, months, age, per child, sex, who notifies, reasons,
first action and response time — for all municipalities together and each of them."""

from __future__ import annotations

import pandas as pd

from ... import danish
from ...contract.categories import category
from .. import charts
from ..charts import month_abbreviations
from ..context import ALL, Context, distribution
from ..document import Cell, Figure, Section, Table
from .common import names, part, year_table

TEXT = "notifications"
TITLE = "Underretningsstatistik"


def build(ctx: Context) -> list[Section]:
    if not ctx.has("notifications.total"):
        return []
    chapter = Section(TITLE).add(ctx.say(TEXT, ["intro"]))
    parts = [
        channels(ctx),
        numbers(ctx),
        months(ctx),
        ages(ctx),
        per_child(ctx),
        sexes(ctx),
        sources(ctx),
        reasons(ctx),
        first_action(ctx),
        response(ctx),
    ]
    return [chapter, *(p for p in parts if not p.empty)]


# -- parts --------------------------------------------------------------------------------------
def channels(ctx: Context) -> Section:
    years = ctx.years("notifications.by_channel")
    meetings = {y: ctx.count("notifications.by_channel", y, channel="meeting") for y in years}
    data = pd.DataFrame({"År": [str(y) for y in years], "Antal": list(meetings.values())})
    first = years[0]
    shares = {
        m: (
            ctx.value("notifications.meeting_share", ctx.year - 1, m),
            ctx.value("notifications.meeting_share", ctx.year, m),
        )
        for m in ctx.municipalities
    }
    return part("To typer underretninger").add(
        ctx.say(TEXT, ["channels"]),
        ctx.say(
            TEXT,
            ["meetings_trend", "meetings_change"],
            meetings=meetings,
            first=first,
            now=meetings.get(ctx.year),
            before=meetings.get(ctx.year - 1),
            oldest=meetings[first],
        ),
        Figure(
            "Underretninger modtaget via underretningsmøder",
            charts.bars(data, "År", "Antal", y_title="Underretningsmøder"),
            data,
            "Søjler med antal underretningsmøder pr. år: "
            + ", ".join(f"{y}: {_n(v)}" for y, v in meetings.items()),
            ("notifications.by_channel",),
            counts="Antal",
        ),
        ctx.say(TEXT, ["meeting_share"], shares=shares, names=names(ctx))
        if len(ctx.municipalities) > 1
        else None,
    )


def _n(value: float | None) -> str:
    return "skjult" if value is None else danish.number(value)


def numbers(ctx: Context) -> Section:
    id = "notifications.total"
    y, p = ctx.year, ctx.year - 1
    total = {m: (ctx.value(id, y, m), ctx.value(id, p, m)) for m in ctx.scopes}
    years = ctx.years(id)
    data = pd.DataFrame(
        [
            {"År": str(year), "Kommune": ctx.place(m), "Antal": ctx.value(id, year, m)}
            for year in years
            for m in ctx.municipalities
        ]
    )
    notification_share = {m: ctx.value("notifications.total_share", y, m) for m in ctx.municipalities}
    population_share = {m: ctx.value("population.children_0_17_share", y, m) for m in ctx.municipalities}
    section = part("Antal underretninger").add(
        ctx.say(TEXT, ["total", "total_change"], now=total[ALL][0], before=total[ALL][1]),
        year_table(ctx, "Underretninger pr. år", id),
    )
    if len(ctx.municipalities) > 1:
        section.add(
            ctx.say(TEXT, ["total_by_municipality"], total=total, names=names(ctx)),
            Figure(
                "Underretninger pr. år fordelt på kommuner",
                charts.bars(data, "År", "Antal", series="Kommune", y_title="Underretninger"),
                data,
                "Søjler med antal underretninger pr. år for hver kommune.",
                (id,),
                counts="Antal",
            ),
            ctx.say(
                TEXT,
                ["share_by_municipality", "population_share"],
                notification_share=notification_share,
                population_share=population_share,
                names=names(ctx),
            ),
        )
    return section


def months(ctx: Context) -> Section:
    id = "notifications.by_month"
    y, p = ctx.year, ctx.year - 1
    abbreviations = month_abbreviations()
    now = {m: ctx.count(id, y, month=m) for m in range(1, 13)}
    before = {m: ctx.count(id, p, month=m) for m in range(1, 13)} if ctx.has(id, p) else {}
    rows = [{"Måned": abbreviations[m - 1], "År": str(y), "Antal": now[m]} for m in now]
    rows += [{"Måned": abbreviations[m - 1], "År": str(p), "Antal": before[m]} for m in before]
    data = pd.DataFrame(rows)

    def top(series: dict[int, float | None], n: int = 3) -> list[int]:
        known = {m: v for m, v in series.items() if v is not None}
        return sorted(known, key=lambda m: -known[m])[:n]

    common = [m for m in top(now) if m in top(before)] if before else []
    drops = {m: before[m] - now[m] for m in now if before and now[m] is not None and before[m] is not None}
    biggest_drop = max(drops, key=lambda m: drops[m]) if drops and max(drops.values()) > 0 else None
    section = part("Underretninger pr. måned").add(
        ctx.say(
            TEXT,
            ["monthly_average"],
            now=ctx.value("notifications.per_month_average", y),
            before=ctx.value("notifications.per_month_average", p),
        ),
        ctx.say(
            TEXT,
            ["months_peaks", "months_drop"],
            peaks_now=top(now),
            common=common,
            drop=biggest_drop,
            drop_now=now.get(biggest_drop) if biggest_drop else None,
            drop_before=before.get(biggest_drop) if biggest_drop else None,
        ),
        Figure(
            f"Underretninger pr. måned, {p} og {y}" if before else f"Underretninger pr. måned, {y}",
            charts.month_lines(data, "Antal", "År", y_title="Underretninger"),
            data,
            "Linjer med antal underretninger i hver måned af årene.",
            (id,),
            counts="Antal",
        ),
    )
    if len(ctx.municipalities) > 1:
        per_municipality = pd.DataFrame(
            [
                {
                    "Måned": abbreviations[m - 1],
                    "Kommune": ctx.place(k),
                    "Antal": ctx.count(id, y, k, month=m),
                }
                for k in ctx.municipalities
                for m in range(1, 13)
            ]
        )
        peaks = {
            k: top({m: ctx.count(id, y, k, month=m) for m in range(1, 13)}, 1) for k in ctx.municipalities
        }
        section.add(
            ctx.say(TEXT, ["months_by_municipality"], peaks=peaks, names=names(ctx)),
            Figure(
                f"Underretninger pr. måned fordelt på kommuner, {y}",
                charts.month_lines(per_municipality, "Antal", "Kommune", y_title="Underretninger"),
                per_municipality,
                "Linjer med antal underretninger pr. måned for hver kommune.",
                (id,),
                counts="Antal",
            ),
        )
    return section


def ages(ctx: Context) -> Section:
    id = "notifications.by_age"
    y = ctx.year
    counts = ctx.breakdown(id, "age", y)
    if not counts:
        return part("Aldersfordeling")
    ages_seen = sorted(a for a in {*counts} if a is not None)
    data = pd.DataFrame({"Alder": [str(a) for a in ages_seen], "Antal": [counts.get(a) for a in ages_seen]})
    known = {a: v for a, v in counts.items() if v is not None}
    top = sorted(known, key=lambda a: -known[a])[:3]
    section = part("Aldersfordelingen på de børn der underrettes om").add(
        ctx.say(TEXT, ["ages_top"], top=top),
        Figure(
            f"Underretninger fordelt på barnets alder, {y}",
            charts.bars(data, "Alder", "Antal", x_sort=[str(a) for a in ages_seen], y_title="Underretninger"),
            data,
            "Søjler med antal underretninger for hver alder (år) på den dag underretningen kom.",
            (id,),
            counts="Antal",
        ),
    )
    if len(ctx.municipalities) > 1:
        series = {ctx.place(m): (y, m) for m in ctx.municipalities}
        shares = distribution(ctx, id, "age", "notifications.by_age_share", series, "Alder", order=ages_seen)
        section.add(
            Figure(
                f"Aldersfordeling i procent fordelt på kommuner, {y}",
                charts.bars(
                    shares,
                    "Alder",
                    "Andel (%)",
                    series="Serie",
                    y_format=charts.PERCENT,
                    x_sort=[str(a) for a in ages_seen],
                ),
                shares,
                "Søjler med andelen af underretningerne om fødte børn for hver alder, pr. kommune.",
                (id, "notifications.born"),
                counts="Antal",
            )
        )
    return section


def per_child(ctx: Context) -> Section:
    y, p = ctx.year, ctx.year - 1
    times = ["1", "2", "3+"]
    labels = {"1": "1 gang", "2": "2 gange", "3+": "3 eller flere gange"}
    shares = {
        (year, m): {t: ctx.value("notifications.children_by_count_share", year, m, times=t) for t in times}
        for year in (y, p)
        for m in ctx.scopes
    }

    def more_than_once(year: int, m: str = ALL) -> float | None:
        two, three = shares[(year, m)]["2"], shares[(year, m)]["3+"]
        return None if two is None or three is None else two + three

    series = {str(year): (year, ALL) for year in (p, y) if ctx.has("notifications.children_by_count", year)}
    data = distribution(
        ctx,
        "notifications.children_by_count",
        "times",
        "notifications.children_by_count_share",
        series,
        "Antal gange",
        labels,
        times,
    )
    section = part("Underretninger pr. barn").add(
        ctx.say(
            TEXT,
            ["per_child", "children_born"],
            now=ctx.value("notifications.per_child", y),
            before=ctx.value("notifications.per_child", p),
            children=ctx.value("notifications.children", y),
            born=ctx.value("notifications.born", y),
            children_before=ctx.value("notifications.children", p),
            born_before=ctx.value("notifications.born", p),
            total=ctx.value("notifications.total", y),
        ),
        ctx.say(
            TEXT,
            ["more_than_once", "three_or_more"],
            more_now=more_than_once(y),
            more_before=more_than_once(p) if ctx.has("notifications.children_by_count", p) else None,
            three_now=shares[(y, ALL)]["3+"],
            three_before=shares[(p, ALL)]["3+"] if ctx.has("notifications.children_by_count", p) else None,
        ),
        Figure(
            "Børn fordelt på antal underretninger om dem i året (%)",
            charts.bars(
                data,
                "Antal gange",
                "Andel (%)",
                series="Serie",
                y_format=charts.PERCENT,
                x_sort=list(labels.values()),
            ),
            data,
            "Søjler med andelen af de børn, der er underrettet om, efter hvor mange gange.",
            ("notifications.children_by_count", "notifications.children"),
            counts="Antal",
        ),
    )
    if len(ctx.municipalities) > 1:
        section.add(
            ctx.say(
                TEXT,
                ["per_child_by_municipality"],
                twice={m: shares[(y, m)]["2"] for m in ctx.municipalities},
                thrice={m: shares[(y, m)]["3+"] for m in ctx.municipalities},
                names=names(ctx),
            )
        )
    return section


def sexes(ctx: Context) -> Section:
    id = "notifications.by_sex"
    y = ctx.year
    boys = {m: ctx.count("notifications.by_sex_share", y, m, sex="boy") for m in ctx.scopes}
    girls = {m: ctx.count("notifications.by_sex_share", y, m, sex="girl") for m in ctx.scopes}
    series = {ctx.place(m): (y, m) for m in ctx.scopes}
    data = distribution(
        ctx,
        id,
        "sex",
        "notifications.by_sex_share",
        series,
        "Køn",
        {"boy": "Drenge", "girl": "Piger"},
        ["boy", "girl"],
    )
    section = part("Fordeling i køn").add(
        ctx.say(TEXT, ["sex"], boys=boys[ALL], girls=girls[ALL]),
        Figure(
            f"Underretninger fordelt på køn, {y} (%)",
            charts.bars(data, "Serie", "Andel (%)", series="Køn", y_format=charts.PERCENT, x_title=""),
            data,
            "Søjler med andelen af underretninger om drenge og piger, i alt og pr. kommune.",
            (id, "notifications.born"),
            counts="Antal",
        ),
    )
    if len(ctx.municipalities) > 1:
        section.add(ctx.say(TEXT, ["sex_by_municipality"], boys=boys, names=names(ctx)))
    return section


def sources(ctx: Context) -> Section:
    y, p = ctx.year, ctx.year - 1
    groups = category("source").groups
    group_shares = ctx.breakdown("notifications.by_source_group_share", "source_group", y)
    before_shares = ctx.breakdown("notifications.by_source_group_share", "source_group", p)
    duty_codes = [c for c, spec in category("source").codes.items() if spec.group == "other_with_duty"]
    duty_now = {c: ctx.count("notifications.by_source", y, source=c) for c in duty_codes}
    duty_now = {c: v for c, v in sorted(duty_now.items(), key=lambda kv: -(kv[1] or 0)) if v != 0}
    duty_before = {c: ctx.count("notifications.by_source", p, source=c) for c in duty_codes}
    duty_before = {c: v for c, v in sorted(duty_before.items(), key=lambda kv: -(kv[1] or 0)) if v != 0}
    section = part("Hvem underretter?").add(
        ctx.say(
            TEXT,
            ["largest_group", "duty_details", "largest_group_before"],
            largest=_first(group_shares),
            largest_share=group_shares.get(_first(group_shares)),
            largest_before=_first(before_shares),
            largest_before_share=before_shares.get(_first(before_shares)),
            duty=list(duty_now.items())[:3],
            duty_shares={c: ctx.count("notifications.by_source_share", y, source=c) for c in duty_now},
            duty_before=list(duty_before.items())[:2],
            duty_before_shares={
                c: ctx.count("notifications.by_source_share", p, source=c) for c in duty_before
            },
        )
    )
    group_order = list(groups)
    if len(ctx.municipalities) > 1:
        series = {ctx.place(m): (y, m) for m in ctx.scopes}
        data = distribution(
            ctx,
            "notifications.by_source_group",
            "source_group",
            "notifications.by_source_group_share",
            series,
            "Underretter",
            groups,
            group_order,
        )
        data = data[data.groupby("Underretter")["Antal"].transform(lambda s: s.fillna(1).sum()) > 0]
        section.add(
            Figure(
                f"Hvem underretter, fordelt på kommuner, {y} (%)",
                charts.horizontal_bars(
                    data, "Underretter", "Andel (%)", "Serie", value_title="Andel af underretningerne (%)"
                ),
                data,
                "Vandrette søjler med andelen af underretninger fra hver gruppe af underrettere, "
                "i alt og pr. kommune.",
                ("notifications.by_source_group", "notifications.total"),
                counts="Antal",
            )
        )
        duty_series = {ctx.place(m): (y, m) for m in ctx.municipalities}
        duty_share = _duty_shares(ctx, duty_series, duty_codes)
        duty_top = {m: _first_item(shares) for m, shares in duty_share.items()}
        section.add(
            ctx.say(
                TEXT,
                ["duty_by_municipality"],
                duty_top={m: top for m, top in duty_top.items() if top},
                names=names(ctx),
            ),
        )
    years = ctx.years("notifications.by_source_group")
    trend = pd.DataFrame(
        [
            {
                "År": str(year),
                "Underretter": groups[g],
                "Antal": ctx.count("notifications.by_source_group", year, source_group=g),
            }
            for year in years
            for g in group_order
            if g != "unknown" or ctx.count("notifications.by_source_group", year, source_group=g)
        ],
        columns=["År", "Underretter", "Antal"],
    )
    largest_by_year = {
        year: _first(ctx.breakdown("notifications.by_source_group", "source_group", year)) for year in years
    }
    section.add(
        Figure(
            "Hvem underretter, pr. år",
            charts.bars(
                trend, "Underretter", "Antal", series="År", x_sort=[groups[g] for g in group_order], width=620
            ),
            trend,
            "Søjler med antal underretninger fra hver gruppe af underrettere, pr. år.",
            ("notifications.by_source_group",),
            counts="Antal",
        ),
        ctx.say(TEXT, ["largest_by_year"], largest_by_year=largest_by_year),
        _source_table(ctx, years),
    )
    return section


def _duty_shares(
    ctx: Context, series: dict[str, tuple[int, str]], codes: list[str]
) -> dict[str, dict[str, float | None]]:
    """Per municipality: each 'other with duty' source's share of that group's notifications."""
    id = "notifications.by_source_share_of_group"
    return {
        m: {c: ctx.count(id, year, m, source_group="other_with_duty", source=c) for c in codes}
        for year, m in series.values()
    }


def _source_table(ctx: Context, years: list[int]) -> Table:
    """Who notified, by source, for the years (all municipalities)."""
    spec = category("source")
    rows = []
    for group, group_name in spec.groups.items():
        codes = [c for c, s in spec.codes.items() if s.group == group]
        lines = [
            [
                Cell(spec.codes[c].label),
                *(ctx.value_cell("notifications.by_source", year=y, source=c) for y in years),
            ]
            for c in codes
            if any(ctx.count("notifications.by_source", y, source=c) != 0 for y in years)
        ]
        if not lines:
            continue
        rows.extend(lines)
        if len(codes) > 1:
            rows.append(
                [
                    Cell(f"{group_name} i alt"),
                    *(
                        ctx.value_cell("notifications.by_source_group", year=y, source_group=group)
                        for y in years
                    ),
                ]
            )
    totals = frozenset(i for i, r in enumerate(rows) if r[0].text.endswith(" i alt"))
    return Table(
        "Underretninger efter underretter",
        ["Underretter", *map(str, years)],
        rows,
        ("notifications.by_source", "notifications.by_source_group"),
        totals=totals,
    )


def _first_item(values: dict[str, float | None]) -> tuple[str, float] | None:
    key = _first(values)
    return None if key is None else (str(key), values[key])  # type: ignore[return-value]


def _first(values: dict[object, float | None]) -> object | None:
    """The key with the largest known value."""
    known = {k: v for k, v in values.items() if v is not None}
    return max(known, key=lambda k: known[k]) if known else None


def reasons(ctx: Context) -> Section:
    id = "notifications.by_reason"
    y, p = ctx.year, ctx.year - 1
    spec = category("reason")
    now = ctx.breakdown(id, "reason", y)
    before = ctx.breakdown(id, "reason", p)
    top = [r for r in now if now[r] is not None][:3]
    top_before = [r for r in before if before[r] is not None][:3]
    top_shares = [ctx.count("notifications.by_reason_share", y, reason=r) for r in top]
    top_share = sum(top_shares) if top and None not in top_shares else None  # type: ignore[arg-type]
    section = part("Årsag til underretning").add(
        ctx.say(
            TEXT,
            ["reasons_top"],
            top=top,
            top_share=top_share,
            same=set(top) == set(top_before) if top_before else None,
        )
    )
    labels = {c: s.label for c, s in spec.codes.items()}
    order = [c for c in now] + [c for c in labels if c not in now]
    series = {ctx.place(m): (y, m) for m in ctx.scopes}
    data = distribution(ctx, id, "reason", "notifications.by_reason_share", series, "Årsag", labels, order)
    data = data[data.groupby("Årsag")["Antal"].transform(lambda s: s.fillna(1).sum()) > 0]
    if len(ctx.municipalities) > 1:
        tops = {
            m: [r for r, v in ctx.breakdown(id, "reason", y, m).items() if v is not None][:3]
            for m in ctx.municipalities
        }
        section.add(ctx.say(TEXT, ["reasons_by_municipality"], tops=tops, names=names(ctx)))
    section.add(
        Figure(
            f"Årsag til underretning, {y} (%)",
            charts.horizontal_bars(
                data, "Årsag", "Andel (%)", "Serie", value_title="Andel af underretningerne (%)"
            ),
            data,
            "Vandrette søjler med andelen af underretninger for hver årsag, i alt og pr. kommune.",
            (id, "notifications.total"),
            counts="Antal",
        )
    )
    return section


def first_action(ctx: Context) -> Section:
    id = "notifications.by_first_action_share"
    y, p = ctx.year, ctx.year - 1
    now = ctx.breakdown(id, "first_action", y)
    before = ctx.breakdown(id, "first_action", p)
    top = [a for a in now if now[a] is not None][:2]
    spec = category("first_action")
    labels = {c: s.label for c, s in spec.codes.items()}
    series = {str(year): (year, ALL) for year in (p, y) if ctx.has("notifications.by_first_action", year)}
    data = pd.DataFrame(
        [
            {
                "Første handling": labels.get(code, str(code)),
                "Serie": serie,
                "Andel (%)": ctx.value(id, year, m, first_action=code),
            }
            for serie, (year, m) in series.items()
            for code in now
        ],
        columns=["Første handling", "Serie", "Andel (%)"],
    )
    same_by_municipality = None
    if len(ctx.municipalities) > 1:
        tops = [
            [a for a, v in ctx.breakdown(id, "first_action", y, m).items() if v is not None][:2]
            for m in ctx.municipalities
        ]
        same_by_municipality = all(set(t) == set(top) for t in tops)
    return part("Første handling efter modtagelse").add(
        ctx.say(
            TEXT,
            ["first_action_top", "first_action_municipalities"],
            top=[(a, now[a], before.get(a)) for a in top],
            same=same_by_municipality,
        ),
        Figure(
            "Første handling efter modtagelse af en underretning (%)",
            charts.horizontal_bars(
                data,
                "Første handling",
                "Andel (%)",
                "Serie",
                value_title="Andel af underretningerne med registreret første handling (%)",
            ),
            data,
            "Vandrette søjler med andelen af underretninger for hver første handling, pr. år.",
            (id,),
        ),
    )


def response(ctx: Context) -> Section:
    id = "notifications.response"
    y = ctx.year
    order = ["same_day", "1_day", "2_7_days", "8_14_days", "over_14_days", "unrecorded"]
    labels = {
        "same_day": "Samme dag",
        "1_day": "1 dag",
        "2_7_days": "2–7 dage",
        "8_14_days": "8–14 dage",
        "over_14_days": "Over 14 dage",
        "unrecorded": "Ikke registreret",
    }
    data = pd.DataFrame(
        [{"Tid til første handling": labels[r], "Antal": ctx.count(id, y, response=r)} for r in order]
    )
    data = data[data["Antal"] != 0]
    return part("Responstid").add(
        ctx.say(
            TEXT,
            ["same_day", "within_14_days", "within_24_hours"],
            same_day=ctx.count(id, y, response="same_day"),
            within_14=ctx.value("notifications.within_14_days_share", y),
            within_24=ctx.value("notifications.within_24_hours_share", y),
        ),
        Figure(
            f"Tid fra modtagelse til første handling, {y}",
            charts.bars(
                data,
                "Tid til første handling",
                "Antal",
                x_sort=list(labels.values()),
                y_title="Underretninger",
            ),
            data,
            "Søjler med antal underretninger efter dage fra modtagelse til første handling.",
            (id,),
            counts="Antal",
        ),
    )
