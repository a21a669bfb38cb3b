"""What each page shows, apart from how it is served: the key figures of Overblik, the counts of
Frister, the tables of Sagstal and Nøgletal. Figures come from the catalogue (engine.compute), lists
from :mod:`lists` and :mod:`caseload`; this module only picks and shapes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from urllib.parse import urlencode

import numpy as np
import pandas as pd

from .. import charts, danish
from ..catalogue import REGISTRY
from ..catalogue.behind import has_records
from ..catalogue.names import definitions, dimension_names, family_names, municipality_label, value_name
from ..catalogue.scope import ALL
from ..contract.categories import categories
from ..contract.municipalities import COUNTRY
from ..engine import IndicatorSet
from ..engine.tidy import NUMBERED
from ..report.charts import AMOUNT, COUNT, PERCENT, bars, horizontal_bars, month_abbreviations, month_lines
from .lists import key_text

#: Overblik's key figures: (indicator, keys), in the order the seed's chapters take them
KEY_FIGURES = (
    ("notifications.total", {}),
    ("investigations.decided", {}),
    ("investigations.completed_in_time_share", {}),
    ("placements.children", {}),
    ("placements.new", {}),
    ("cases.per_adviser", {"team": ALL}),
    ("economy.total", {"measure": "actual"}),
    ("economy.total", {"measure": "budget"}),
)
#: the page a key figure that is not a count of records leads to (a count opens its records)
ELSEWHERE = {
    "cases.per_adviser": ("/sagstal?dato={year}-12-31", "lists", "Sagstal pr. team og rådgiver"),
    "economy.total": ("/noegletal?familie=economy&aar={year}", "figures", "Økonomien konto for konto"),
}
AXIS_TITLES = {"count": "Antal", "percent": "Procent", "ratio": "Antal", "kr": "Kr."}
TITLES = {("economy.total", "actual"): "Regnskab i alt", ("economy.total", "budget"): "Budget i alt"}


@dataclass(frozen=True)
class KeyFigure:
    id: str
    title: str
    now: str
    before: str
    chart: str  # inline SVG, '' when there is nothing to draw
    #: where the figure leads: the records behind it (a count, or a share's counted part), or the
    #: page that breaks it down; '' for nowhere
    link: str = ""
    #: what a user must be allowed to follow the link (permissions.allowed's action)
    needs: str = "figures"
    hint: str = ""  # where the link leads, in words (its title)


def key_figures(figures: IndicatorSet, municipality: str) -> list[KeyFigure]:
    """Each key figure this year and last, with a bar chart of the three years."""
    shown = []
    for id, keys in KEY_FIGURES:
        indicator = REGISTRY[id]
        where = {"municipality": municipality if indicator.rows != "all" else ALL, **keys}
        values = {
            year: shown_value(figures, id, year=year, **where)
            for year in range(figures.year - 2, figures.year + 1)
        }
        title = TITLES.get((id, keys.get("measure", "")), indicator.title)
        frame = pd.DataFrame({"År": [str(y) for y in values], title: list(values.values())})
        drawn = ""
        if frame[title].notna().any():
            axis = AXIS_TITLES.get(indicator.unit, "Antal")
            drawn = charts.svg(bars(frame, "År", title, y_title=axis, width=260, height=150))
        counted = next((c for c in (id, *(s.id for s in indicator.sources[:1])) if has_records(c)), None)
        link, needs, hint = "", "figures", ""
        if counted and values[figures.year]:
            query = records_query(figures.year, municipality, {})
            link, needs = f"/poster/noegletal/{counted}?{query}&fra=overblik", "records"
            hint = f"Posterne bag tallet: {REGISTRY[counted].title.lower()}"
        elif id in ELSEWHERE:
            page, needs, hint = ELSEWHERE[id]
            link = page.format(year=figures.year)
            link += f"&kommune={municipality}" if municipality != ALL else ""
        shown.append(
            KeyFigure(
                id,
                title,
                danish.figure(values[figures.year], indicator.unit),
                danish.figure(values.get(figures.year - 1), indicator.unit),
                drawn,
                link,
                needs,
                hint,
            )
        )
    return shown


@dataclass(frozen=True)
class PeerComparison:
    """A table of the municipality (or each of the workspace's) next to its peer groups (and the
    whole country), in the latest year with figures: Statistics Denmark's come a year late."""

    title: str
    first: str
    note: str
    headings: list[str]
    rows: list[list[str]]


def compared_columns(rows: pd.DataFrame, municipality: str, own_places: tuple[str, ...]) -> list[str]:
    """The columns of a comparison: the own municipalities with figures, the peer groups, the country."""
    places = set(rows["municipality"])
    own = [municipality] if municipality != ALL else list(own_places)
    columns = [m for m in own if m in places]
    peers = sorted(m for m in places if str(m).startswith("peer:"))
    if not columns or not (peers or COUNTRY in places):
        return []
    return columns + peers + ([COUNTRY] if COUNTRY in places else [])


def latest(figures: IndicatorSet, id: str) -> tuple[int, pd.DataFrame] | None:
    rows = figures.rows(id)
    rows = rows[~rows["suppressed"]]
    if rows.empty:
        return None
    year = int(rows["year"].max())
    return year, rows[rows["year"] == year]


def compared(
    figures: IndicatorSet, municipality: str, id: str, breakdown: tuple[str, str], unit: str
) -> tuple[int, list[str], list[list[str]]] | None:
    """The latest year of ``id``, its columns (see compared_columns) and a row per value of the
    ``breakdown`` (column, category), in the category's order, each value in ``unit``."""
    found = latest(figures, id)
    if found is None:
        return None
    year, rows = found
    columns = compared_columns(rows, municipality, figures.municipalities)
    if not columns:
        return None
    column, category = breakdown
    order = list(categories()[category].codes)
    table = []
    for code in sorted(rows[column].unique(), key=lambda c: order.index(c) if c in order else len(order)):
        values = rows[rows[column] == code].set_index("municipality")["value"]
        table.append([label(category, code)] + [danish.figure(values.get(m), unit) for m in columns])
    return year, [municipality_label(m) for m in columns], table


def peer_comparison(figures: IndicatorSet, municipality: str) -> PeerComparison | None:
    """Net operating expenditure per 1,000 inhabitants by area."""
    found = compared(figures, municipality, "expenditure.per_1000", ("area", "expenditure_area"), "kr")
    if found is None:
        return None
    year, headings, table = found
    return PeerComparison(
        f"Nettodriftsudgifter pr. 1.000 indbyggere, {year}, mod sammenligningsgruppen",
        "Område",
        "Sammenligningsgruppen er gennemsnittet af kommunernes tal "
        "(Danmarks Statistik, REGK31, funktion 5.28).",
        headings,
        table,
    )


def national_comparison(figures: IndicatorSet, municipality: str) -> PeerComparison | None:
    """Notifications, children with preventive measures and placed children per 1,000
    0–17-year-olds, next to the peer groups and the whole country."""
    found = compared(
        figures, municipality, "comparison.per_1000_children", ("statistic", "statistic"), "ratio"
    )
    if found is None:
        return None
    year, headings, table = found
    return PeerComparison(
        f"Pr. 1.000 0–17-årige, {year}, mod sammenligningsgruppen og hele landet",
        "Opgørelse",
        "Danmarks Statistiks tal for alle kommuner; sammenligningsgruppen er gennemsnittet af kommunernes.",
        headings,
        table,
    )


def shown_value(figures: IndicatorSet, id: str, **keys: object) -> float | None:
    """The value with these keys; a count with no row in a year its records cover is 0 (the
    catalogue leaves zero rows out); a suppressed one is None."""
    value = figures.value(id, **keys)
    if value is None and REGISTRY[id].unit == "count" and figures.rows(id, **keys).empty:
        covered = figures.years.get(REGISTRY[id].kind, [])
        return 0 if keys.get("year") in covered else None
    return value


def label(dimension: str, value: object) -> str:
    """A breakdown's or a record's value as a reader says it (municipalities by name)."""
    if dimension == "municipality" and value is not None:
        return municipality_label(str(value))
    return value_name(dimension, value)


def indicator_table(figures: IndicatorSet, id: str, municipality: str) -> pd.DataFrame:
    """One indicator as a reader's table: its breakdown down the side, the years across. A cell is
    (text, link): the link's query names the records behind a count (drill-down), '' where there
    are none (a share, an amount, a hidden or zero count)."""
    indicator = REGISTRY[id]
    rows = figures.rows(id, municipality=municipality if indicator.rows != "all" else ALL)
    dims = list(indicator.breakdown)
    if rows.empty:
        return pd.DataFrame()
    rows = rows.sort_values([d for d in dims if d in NUMBERED], kind="stable") if dims else rows
    values = [None if hidden else v for v, hidden in zip(rows["value"], rows["suppressed"], strict=True)]
    drillable = has_records(id)
    links = [
        records_query(int(row["year"]), municipality, {d: row[d] for d in dims}) if drillable and v else ""
        for v, (_, row) in zip(values, rows.iterrows(), strict=True)
    ]
    table = rows.assign(
        shown=[(danish.figure(v, indicator.unit), link) for v, link in zip(values, links, strict=True)]
    )
    for d in dims:
        table[d] = [label(d, v) for v in table[d]]
    wide = table.pivot_table(index=dims or None, columns="year", values="shown", aggfunc="first", sort=False)
    if not dims:
        wide = table.set_index("year")[["shown"]].T
        wide.index = [indicator.title]
    wide.columns = [str(c) for c in wide.columns]
    wide.index.names = [dimension_names().get(d, d) for d in dims] or [None]
    return wide.map(lambda cell: cell if isinstance(cell, tuple) else ("–", ""))


def records_query(year: int, municipality: str, where: dict[str, object]) -> str:
    """The query of a link to the records behind a figure (``/poster/noegletal/ID?…``)."""
    keys: dict[str, str] = {"aar": str(year)}
    if municipality != ALL:
        keys["kommune"] = municipality
    keys.update({d: key_text(v) for d, v in where.items()})
    return urlencode(keys)


def definition(id: str) -> str:
    """What the indicator counts, in Danish (the catalogue's definitions file)."""
    return definitions().get(id, "")


FORMATS = {"percent": PERCENT, "kr": AMOUNT, "kr_per_1000": AMOUNT, "ratio": ",.1f"}


def indicator_chart(figures: IndicatorSet, id: str, municipality: str) -> str:
    """The indicator drawn as the report draws it (inline SVG): the years as bars, the months as
    lines, one breakdown as bars per year; '' for two breakdowns or more (the table says it)."""
    indicator = REGISTRY[id]
    rows = figures.rows(id, municipality=municipality if indicator.rows != "all" else ALL)
    rows = rows[~rows["suppressed"]]
    dims = list(indicator.breakdown)
    if rows.empty or len(dims) > 1:
        return ""
    value = AXIS_TITLES.get(indicator.unit, "Antal")
    fmt = FORMATS.get(indicator.unit, COUNT)
    data = pd.DataFrame({"År": [str(y) for y in rows["year"]], value: rows["value"].astype(float)})
    if not dims:
        return charts.svg(bars(data, "År", value, y_format=fmt, width=300, height=160))
    dim = dims[0]
    if dim == "month":
        data["Måned"] = [month_abbreviations()[int(m) - 1] for m in rows["month"]]
        return charts.svg(month_lines(data, value, "År", y_title=value))
    if rows[dim].nunique() > 20:
        return ""
    name = dimension_names().get(dim, dim)
    ordered = rows.sort_values([dim] if dim in NUMBERED else ["year"], kind="stable")
    data[name] = [label(dim, v) for v in rows[dim]]
    order = list(dict.fromkeys(label(dim, v) for v in ordered[dim]))
    return charts.svg(horizontal_bars(data, name, value, series="År", value_format=fmt, sort=order))


def families() -> dict[str, list[str]]:
    """The visible indicators by family, in catalogue order."""
    found: dict[str, list[str]] = {name: [] for name in family_names()}
    for indicator in REGISTRY.values():
        if not indicator.hidden:
            found.setdefault(indicator.family, []).append(indicator.id)
    return {family: ids for family, ids in found.items() if ids}


def count_by_team(records: pd.DataFrame) -> list[tuple[str, int]]:
    """(team, records) for a list, the teams in name order and records without a team last."""
    if records.empty:
        return []
    teams = records["team"].fillna("")
    counted = teams.value_counts()
    return sorted(((str(t), int(n)) for t, n in counted.items()), key=lambda tn: (tn[0] == "", tn[0]))


def record_cell(column: str, value: object) -> str:
    """A cell of a record list: codes by their Danish names, dates the Danish way."""
    if isinstance(value, str):
        return label(column, value)
    return shown_cell(value)


def count_cell(value: float | None) -> str:
    """A count in a table: '–' when it is hidden (disclosure control)."""
    return danish.figure(value, "count")


def shown_cell(value: object) -> str:
    """A cell of a table: dates the Danish way, numbers with Danish separators."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, time):
        return value.strftime("%H.%M")
    if isinstance(value, bool | np.bool_):
        return "Ja" if value else "Nej"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return danish.number(value)
    return str(value)
