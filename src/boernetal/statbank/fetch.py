"""Statistics Denmark fetched, not typed (``boernetal hent dst``).

Population by age and sex (FOLK1A), net operating expenditure by area (REGK31), both the whole
country's too, and the figures every municipality is compared by (notifications, children with
preventive measures, placed children: ``national_figures``, the whole country's too) for the
workspace's own municipalities and its peer groups' members, checked against each table's
metadata, turned into the contract's ``population`` and ``expenditure`` records and imported
through the normal ingest path: validated, all or nothing, recorded in the import log under a
name that says the table, the query and when it was fetched. The answers are kept in
``hentet/`` as one file, which ``--fra-fil`` imports on a machine without network.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import tempfile
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..contract import KINDS
from ..contract.municipalities import COUNTRY
from ..ingest import IngestResult
from ..ingest import run as ingest
from ..workspace import Workspace
from .client import Client, StatbankError

#: the workspace folder the answers are kept in
FOLDER = "hentet"
#: Statbank's marks for a figure it does not publish (confidential or not compiled)
MISSING = {"..", ".", "-", ""}


@dataclass(frozen=True)
class Table:
    """One Statbank table as ``data/tables.toml`` describes it."""

    name: str
    kind: str
    table: str
    title: str
    municipality: str
    time: str
    period: str
    fixed: dict[str, str] = field(default_factory=dict)
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    age: str | None = None
    function: str | None = None
    unit: float = 1.0
    #: asked for the whole country (000) too: population and the national comparison figures
    country: bool = False
    #: national_figures: what the table's figure counts (the contract's ``statistic`` code)
    statistic: str | None = None
    #: a comparison, not the report's own base: years the table has no figures for (Statistics
    #: Denmark began the series later, or has not published the year yet) are left out and said,
    #: instead of stopping the whole fetch
    only_published_years: bool = False

    def periods(self, years: Iterable[int]) -> list[str]:
        return [self.period.format(year=year) for year in years]

    def spelt_as(self, ids: Iterable[str]) -> Table:
        """This table with its variables named as the Statbank names them (``ids``, tableinfo's):
        the same name in another case or without æøå is the same variable."""
        real = {fold(id): id for id in ids}

        def named(id: str) -> str:
            return real.get(fold(id), id)

        return replace(
            self,
            municipality=named(self.municipality),
            time=named(self.time),
            fixed={named(k): v for k, v in self.fixed.items()},
            codes={named(k): v for k, v in self.codes.items()},
            age=named(self.age) if self.age else None,
            function=named(self.function) if self.function else None,
        )

    def year_of(self, period: str) -> int:
        return int(period[:4])


def fold(name: str) -> str:
    """A variable's name as compared: the Statbank writes 'Tid' in a table's metadata and 'TID' in
    its CSV, and descriptions of its tables write OMRÅDE as 'omrade'."""
    return name.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "a")


def spelt(value: str, values: list[str]) -> str:
    """``value`` as the table writes it: a number may be written with or without leading zeros
    (the whole country is '000' in FOLK1A, '0' in other tables)."""
    if value in values or not value.isdigit():
        return value
    return next((v for v in values if v.isdigit() and int(v) == int(value)), value)


def place(code: str) -> str:
    """The contract's three-digit code for a Statbank place ('0' -> '000')."""
    return f"{int(code):03d}" if code.isdigit() else code


@cache
def tables() -> dict[str, Table]:
    text = resources.files("boernetal.statbank").joinpath("data/tables.toml").read_text("utf-8")
    return {name: Table(name=name, **spec) for name, spec in tomllib.loads(text).items()}


@cache
def functions() -> dict[str, tuple[str, ...]]:
    """Expenditure area -> the REGK functions summed into it."""
    text = resources.files("boernetal.statbank").joinpath("data/regk_functions.toml").read_text("utf-8")
    return {area: tuple(spec["functions"]) for area, spec in tomllib.loads(text).items()}


@dataclass
class Answer:
    """What was asked of one table and what came back."""

    table: str
    variables: dict[str, list[str]]
    tableinfo: dict[str, Any]
    csv: str


# -- asking ---------------------------------------------------------------------------------------
def values_of(info: dict[str, Any], table: Table) -> dict[str, list[str]]:
    """Variable id -> its value ids, as the table's metadata gives them."""
    try:
        return {v["id"]: [str(x["id"]) for x in v["values"]] for v in info["variables"]}
    except (KeyError, TypeError):
        raise StatbankError(
            f"Statistikbankens beskrivelse af tabel {table.table} kan ikke læses (ingen variable).",
            "Prøv igen senere; se docs/statbank.md.",
        ) from None


def query(
    table: Table, info: dict[str, Any], municipalities: list[str], years: list[int]
) -> dict[str, list[str]]:
    """The values to ask for, each checked against the table's metadata: a variable or value the
    Statbank does not have (renamed, not yet published, a code that does not exist) is named."""
    known = values_of(info, table)

    def variable(id: str) -> list[str]:
        if id not in known:
            raise StatbankError(
                f"Tabel {table.table} har ikke variablen '{id}' (den har {', '.join(known)}).",
                "Danmarks Statistik har omdøbt eller fjernet den. Ret "
                f"src/boernetal/statbank/data/tables.toml efter statistikbanken.dk/{table.table}.",
            )
        return known[id]

    def present(id: str, wanted: list[str], what: str) -> list[str]:
        values = variable(id)
        wanted = [spelt(w, values) for w in wanted]
        missing = [w for w in wanted if w not in values]
        if missing:
            shown = ", ".join(values[-8:]) if id == table.time else ", ".join(values[:12])
            raise StatbankError(
                f"Tabel {table.table} har ikke {what} {', '.join(missing)} i {id} (den har fx {shown}).",
                "Vælg andre år med --years, eller ret koden i boernetal.toml eller "
                "src/boernetal/statbank/data/ (se docs/statbank.md).",
            )
        return wanted

    asked: dict[str, list[str]] = {
        table.municipality: present(table.municipality, municipalities, "kommunekoden"),
        table.time: present(table.time, table.periods(years), "perioden"),
    }
    for id, value in table.fixed.items():
        asked[id] = present(id, [value], "værdien")
    for id, codes in table.codes.items():
        asked[id] = present(id, list(codes), "koden")
    if table.age:
        asked[table.age] = [v for v in variable(table.age) if v.isdigit()]
    if table.function:
        needed = sorted({f for group in functions().values() for f in group})
        asked[table.function] = present(table.function, needed, "funktionen")
    order = list(known)
    return dict(sorted(asked.items(), key=lambda item: order.index(item[0])))


def ask(
    client: Client,
    table: Table,
    municipalities: list[str],
    years: list[int],
    say: Callable[[str], None],
) -> Answer | None:
    """The table's metadata, then its figures; ``None`` (and said) when a comparison table has
    none of the years."""
    info = client.tableinfo(table.table)
    known = values_of(info, table)
    table = table.spelt_as(known)
    if table.only_published_years:
        published = set(known.get(table.time, []))
        have = [y for y in years if table.period.format(year=y) in published]
        if len(have) < len(years):
            left = ", ".join(str(y) for y in years if y not in have)
            shown = sorted(published)
            span = f" (den har {shown[0]}–{shown[-1]})" if shown else ""
            say(
                f"Tabel {table.table} ({table.title}) har ingen tal for {left}{span}: "
                + ("de år er uden sammenligning." if have else "den er sprunget over.")
            )
        if not have:
            return None
        years = have
    variables = query(table, info, municipalities, years)
    return Answer(table.table, variables, info, client.data(table.table, variables))


# -- reading the answers -----------------------------------------------------------------------------
def figures(answer: Answer, table: Table) -> list[dict[str, str]]:
    """The CSV rows (Statbank ids -> codes, and INDHOLD); a figure Statbank does not publish ('..')
    stops the import, naming where it is."""
    text = answer.csv.strip()
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    header = {fold(f.strip()): f for f in reader.fieldnames or []}
    columns = {id: header.get(fold(id)) for id in [*answer.variables, "INDHOLD"]}
    if not text or None in columns.values():
        raise StatbankError(
            f"Statistikbankens svar for tabel {table.table} har ikke kolonnerne "
            f"{', '.join(sorted(columns))}.",
            "Prøv igen senere; sker det igen, har Danmarks Statistik ændret formatet (se docs/statbank.md).",
        )
    rows = [{id: (row[str(column)] or "").strip() for id, column in columns.items()} for row in reader]
    for row in rows:
        if row["INDHOLD"] in MISSING:
            where = ", ".join(f"{k}={v}" for k, v in row.items() if k != "INDHOLD")
            raise StatbankError(
                f"Statistikbanken har ikke tallet for {where} i tabel {table.table} "
                f"('{row['INDHOLD']}': fortroligt eller ikke opgjort). Intet er indlæst.",
                "Vælg andre år med --years, eller tag kommunen ud af sammenligningsgruppen i boernetal.toml.",
            )
    return rows


def number(text: str) -> float:
    """A Statbank figure: a decimal comma, no thousands separator ('1234,5')."""
    return float(text.replace(",", "."))


def population_records(answer: Answer, table: Table) -> list[dict[str, object]]:
    """Population by municipality, year, single year of age and sex (FOLK1A's first quarter)."""
    assert table.age is not None
    ((sex, sexes),) = table.codes.items()  # the one coded variable: KØN
    return [
        {
            "municipality": place(row[table.municipality]),
            "year": table.year_of(row[table.time]),
            "age": int(row[table.age]),
            "sex": sexes[row[sex]],
            "count": round(number(row["INDHOLD"])),
        }
        for row in figures(answer, table)
    ]


def national_records(answer: Answer, table: Table) -> list[dict[str, object]]:
    """One figure per place and year: the table's other variables are left to the Statbank to
    total (elimination), unless ``fixed`` names a value, which ``dimensions`` then records."""
    dimensions = " ".join(f"{k}={v}" for k, v in table.fixed.items())
    return [
        {
            "source_table": table.table,
            "municipality": place(row[table.municipality]),
            "year": table.year_of(row[table.time]),
            "statistic": table.statistic,
            "dimensions": dimensions or None,
            "figure": number(row["INDHOLD"]) * table.unit,
            "unit": "antal",
        }
        for row in figures(answer, table)
    ]


def expenditure_records(answer: Answer, table: Table) -> list[dict[str, object]]:
    """Net operating expenditure per municipality, year and area: the area's functions summed, in kr."""
    assert table.function is not None
    area_of = {f: area for area, group in functions().items() for f in group}
    sums: dict[tuple[str, int, str], float] = {}
    for row in figures(answer, table):
        key = (place(row[table.municipality]), table.year_of(row[table.time]), area_of[row[table.function]])
        sums[key] = sums.get(key, 0.0) + number(row["INDHOLD"]) * table.unit
    return [
        {"municipality": m, "year": y, "area": a, "amount": round(amount)}
        for (m, y, a), amount in sums.items()
    ]


RECORDS: dict[str, Callable[[Answer, Table], list[dict[str, object]]]] = {
    "population": population_records,
    "expenditure": expenditure_records,
    "national_figures": national_records,
}


# -- the whole fetch ------------------------------------------------------------------------------------
def municipalities_of(workspace: Workspace, peers: list[str] | None) -> list[str]:
    """The workspace's own municipalities and the members of its peer groups (all, or those named)."""
    config = workspace.config
    groups = config.peer_groups
    chosen = list(groups) if peers is None else peers
    unknown = [p for p in chosen if p not in groups]
    if unknown:
        raise StatbankError(
            f"Sammenligningsgruppen {', '.join(unknown)} findes ikke i boernetal.toml.",
            "Grupperne står under [peer_groups]: " + (", ".join(groups) or "ingen endnu") + ".",
        )
    found = [*config.municipalities, *(m for p in chosen for m in groups[p])]
    if not found:
        raise StatbankError(
            "Arbejdsområdet nævner ingen kommuner at hente tal for.",
            'Skriv kommunerne i boernetal.toml: municipalities = ["183"] og evt. [peer_groups].',
        )
    return list(dict.fromkeys(found))


def save(workspace: Workspace, answers: list[Answer], fetched: dt.datetime, base: str) -> Path:
    folder = workspace.path / FOLDER
    folder.mkdir(exist_ok=True)
    path = folder / f"statistikbanken-{fetched:%Y%m%d-%H%M%S}.json"
    content = {
        "kilde": "Danmarks Statistik, Statistikbanken (CC BY 4.0)",
        "adresse": base,
        "hentet": fetched.isoformat(timespec="seconds"),
        "svar": [answer.__dict__ for answer in answers],
    }
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(content, ensure_ascii=False, indent=1), encoding="utf-8")
    temporary.replace(path)
    return path


def load(path: Path) -> tuple[list[Answer], dt.datetime]:
    try:
        content = json.loads(path.read_text("utf-8"))
        answers = [Answer(**answer) for answer in content["svar"]]
        return answers, dt.datetime.fromisoformat(content["hentet"])
    except (OSError, ValueError, KeyError, TypeError):
        raise StatbankError(
            f"{path} er ikke en svarfil fra boernetal hent dst.",
            "Brug filen, som kommandoen gemte i arbejdsområdets mappe hentet/.",
        ) from None


def source_name(answer: Answer, table: Table, fetched: dt.datetime) -> str:
    """The import log's name for the fetched records: table, query and time of fetching."""
    places = "+".join(answer.variables.get(table.municipality, []))
    periods = answer.variables.get(table.time, [])
    span = periods[0] if len(periods) == 1 else f"{periods[0]}-{periods[-1]}"
    asked = f"{table.municipality}={places} {table.time}={span}"
    name = f"Statistikbanken {table.table} {asked} hentet {fetched:%Y-%m-%d %H.%M}"
    return re.sub(r"[/\\:]", "-", name)[:200]


def fetch(
    workspace: Workspace,
    years: list[int],
    peers: list[str] | None = None,
    from_file: Path | None = None,
    client: Client | None = None,
    now: dt.datetime | None = None,
    say: Callable[[str], None] = lambda _: None,
) -> tuple[IngestResult, Path]:
    """Fetch (or read from ``from_file``), check and import; returns the import's result and the
    answer file. Nothing is imported unless every table's every figure could be read. ``say``
    hears of the comparison years Statistics Denmark has no figures for."""
    wanted = tables()
    if from_file is not None:
        answers, fetched = load(from_file)
        saved = from_file
    else:
        client = client or Client()
        places = municipalities_of(workspace, peers)
        asked = (
            ask(client, table, [*places, *([COUNTRY] if table.country else [])], years, say)
            for table in wanted.values()
        )
        answers = [answer for answer in asked if answer is not None]
        fetched = now or dt.datetime.now().replace(microsecond=0)
        saved = save(workspace, answers, fetched, client.base)
    by_table = {t.table: t for t in wanted.values()}
    with tempfile.TemporaryDirectory(prefix="boernetal-dst-") as folder:
        plan = []
        for answer in answers:
            table = by_table.get(answer.table)
            if table is None:
                raise StatbankError(f"Svarfilen har tabel {answer.table}, som Børnetal ikke indlæser.")
            table = table.spelt_as(values_of(answer.tableinfo, table))
            records = RECORDS[table.kind](answer, table)
            kind = KINDS[table.kind]
            path = Path(folder) / f"{source_name(answer, table, fetched)}.csv"
            with path.open("w", encoding="utf-8", newline="") as out:
                writer = csv.DictWriter(out, fieldnames=[c.name for c in kind.input_columns], delimiter=";")
                writer.writeheader()
                writer.writerows(records)
            plan.append((kind, path))
        return ingest(workspace, plan), saved
