"""How the CLI shows results: Rich text and tables in Danish."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from .. import danish
from ..contract import KINDS, RecordKind
from ..contract.describe import described
from ..ingest import IngestResult
from ..ingest.issues import summarise
from ..warehouse import postgres
from ..workspace import Workspace


class IngestProgress:
    """A Rich progress bar over the steps of an ingest (shown only on a terminal)."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self._task = self._progress.add_task("Indlæser", total=None)

    def __enter__(self) -> IngestProgress:
        self._progress.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._progress.stop()

    def start(self, total_steps: int) -> None:
        self._progress.update(self._task, total=total_steps, completed=0)

    def step(self, file: str, name: str) -> None:
        self._progress.update(self._task, description=f"{file}: {name}", advance=1)


def initialised(out: Console, ws: Workspace) -> None:
    out.print(f"[green]✔[/] Arbejdsområdet er oprettet i [bold]{ws.path}[/]")
    out.print(f"  Konfiguration: {ws.path / 'boernetal.toml'}")
    url = ws.config.warehouse_url
    out.print(f"  Lager:         {postgres.safe(url) if url else ws.warehouse_path}", highlight=False)
    out.print(f"  Nøgle:         {ws.key_path}")
    out.print(
        "[yellow]Tag en sikkerhedskopi af secret.key og opbevar den sikkert.[/] Uden den samme "
        "nøgle får børn i senere indlæsninger andre pseudonymer, og de kan ikke kobles til "
        "tidligere data.",
        highlight=False,
    )
    out.print(f"Næste skridt: boernetal ingest -w {ws.path} MAPPE", highlight=False)


def ingest_result(out: Console, err: Console, ws: Workspace, result: IngestResult) -> None:
    for file in result.files:
        name = f"{file.path.name} ({file.kind})"
        n = danish.number
        if file.errors:
            if result.loaded:
                err.print(
                    f"[yellow]![/] {name}: {n(file.rows_read)} rækker læst; "
                    f"{n(file.rejected)} med fejl er lagt i karantæne.",
                    highlight=False,
                )
            else:
                err.print(f"[red]✘[/] {name}: {n(len(file.errors))} fejl.", highlight=False)
        elif result.loaded:
            c = file.counts
            line = (
                f"[green]✔[/] {name}: {n(file.rows_read)} rækker læst – {n(c.new)} nye, "
                f"{n(c.updated)} opdaterede, {n(c.unchanged)} uændrede"
            )
            if file.duplicates:
                line += f", {n(file.duplicates)} identiske gentagelser"
            out.print(line + ".", highlight=False)
        else:
            err.print(f"  {name}: ingen fejl, men ikke indlæst, fordi andre filer har fejl.", highlight=False)
        for title, count, examples in summarise(file.issues):
            severe = examples[0].is_error
            err.print(f"  [{'red' if severe else 'yellow'}]{title}[/] ({n(count)})", highlight=False)
            for issue in examples:
                place = ", ".join(
                    p
                    for p in (
                        f"række {issue.row}" if issue.row else "",
                        f"kolonne {issue.column}" if issue.column else "",
                    )
                    if p
                )
                err.print(
                    f"    {place + ': ' if place else ''}{issue.message}", highlight=False, markup=False
                )
            if examples and examples[0].fix:
                err.print(f"    → {examples[0].fix}", highlight=False, markup=False)
        if file.error_file:
            err.print(f"  Alle fejl og advarsler: {file.error_file}", highlight=False)
    for path in result.ignored:
        err.print(
            f"[yellow]![/] {escape(path.name)} er ikke indlæst: navnet er ikke en type ({', '.join(KINDS)}).",
            highlight=False,
        )
    for note in result.notes:
        err.print(f"[yellow]![/] {escape(note)}", highlight=False)
    for path in result.outside:
        err.print(
            f"[yellow]![/] {escape(path.name)} er ikke læst: det er en genvej (symbolsk link) til en "
            "fil uden for mappen. Kopiér filen ind i mappen, hvis den skal indlæses.",
            highlight=False,
        )
    if not result.loaded:
        err.print(
            "[bold red]Intet er indlæst; lageret er uændret.[/] Ret fejlene og kør kommandoen "
            "igen, eller brug --allow-invalid for at indlæse de gyldige rækker og lægge de "
            "ugyldige i karantæne.",
            highlight=False,
        )
    elif result.quarantined:
        err.print(
            f"[yellow]{danish.number(result.quarantined)} rækker ligger i karantæne.[/] "
            "De indgår ikke i tallene; 'boernetal status' viser dem.",
            highlight=False,
        )


def status(out: Console, info: dict[str, Any]) -> None:
    out.print(f"[bold]{info['organisation']}[/] – {info['workspace']}", highlight=False)
    if info["municipalities"]:
        out.print("Kommuner: " + ", ".join(info["municipalities"]), highlight=False)
    table = Table(title="Lagerets indhold", title_justify="left")
    for header in ("Type", "Rækker", "År", "Kommuner", "I karantæne"):
        table.add_column(header, justify="right" if header in ("Rækker", "I karantæne") else "left")
    for name, kind in info["kinds"].items():
        years = (
            ""
            if kind["first_year"] is None
            else (
                str(kind["first_year"])
                if kind["first_year"] == kind["last_year"]
                else f"{kind['first_year']}–{kind['last_year']}"
            )
        )
        table.add_row(
            f"{name} ({KINDS[name].danish})",
            danish.number(kind["rows"]),
            years,
            ", ".join(kind["municipalities"]),
            danish.number(info["quarantined"].get(name, 0)),
        )
    out.print(table)
    if info["quarantined_total"]:
        out.print(
            f"[yellow]{danish.number(info['quarantined_total'])} rækker ligger i karantæne[/] og "
            "indgår ikke i tallene.",
            highlight=False,
        )
    if info["imports"]:
        imports = Table(title="Seneste indlæsninger", title_justify="left")
        imports.add_column("Tidspunkt", no_wrap=True)
        imports.add_column("Fil")
        for header in ("Nye", "Opdaterede", "Uændrede", "Afviste"):
            imports.add_column(header, justify="right")
        for imp in info["imports"]:
            imports.add_row(
                danish.short_timestamp(dt.datetime.fromisoformat(imp["imported_at"])),
                f"{imp['file_name']} ({imp['kind']})",
                *(
                    danish.number(imp[k])
                    for k in ("rows_new", "rows_updated", "rows_unchanged", "rows_rejected")
                ),
            )
        out.print(imports)
    else:
        out.print("Der er endnu ikke indlæst noget. Brug 'boernetal ingest'.")


def absolute(path: Any) -> str:
    """A path as the user can find it again from any folder."""
    return str(Path(path).absolute())


def indicators_written(console: Console, figures: Any, path: Any) -> None:
    years = sorted({y for ys in figures.years.values() for y in ys})
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(figures.year)
    hidden = sum(int(frame.suppressed.sum()) for frame in figures.results.values())
    written = absolute(path)
    console.print(
        f"[green]✔[/] {len(figures.indicators)} nøgletal for {span} er skrevet til {written}", highlight=False
    )
    if figures.published:
        console.print(
            f"Diskretioneret til offentliggørelse: mindst {figures.min_cell} pr. celle, "
            f"{danish.number(hidden)} celler er skjult.",
            highlight=False,
        )
    else:
        console.print("[yellow]Til intern brug – indeholder små tal.[/] Brug --publish før offentliggørelse.")


def findings(console: Console, found: list[Any]) -> None:
    if not found:
        return
    console.print(f"\n[bold]Fund om datakvaliteten ({len(found)}):[/]")
    for finding in found:
        console.print(f"  • {finding.message}", highlight=False)


def follow_up(console: Console, result: Any) -> None:
    """The half-yearly follow-up of a business case as a Danish table."""
    table = Table(
        title=f"Opfølgning: {result.case.name} (kommune {', '.join(result.municipalities)})",
        title_justify="left",
    )
    table.add_column("Halvår")
    table.add_column("Periode")
    table.add_column("Anbragte", justify="right")
    table.add_column("Nye anbr.", justify="right")
    table.add_column("Andel anbragt af 0–17-årige med sag", justify="right")
    table.add_column("Udgift, kr.", justify="right")
    for rate in result.case.success_rates:
        table.add_column(f"Forventet ved {danish.percent(rate * 100, 0)}, kr.", justify="right")
    for h in result.half_years:
        table.add_row(
            "Basis" if h.number == 0 else f"{h.number}. (år {h.case_year})",
            f"{h.first_day:%d.%m.%Y}–{h.last_day:%d.%m.%Y}",
            danish.number(h.children_placed),
            danish.number(h.new_placements),
            "–" if h.share_placed is None else danish.percent(h.share_placed),
            danish.number(h.spending),
            *(danish.number(v) for v in h.expected_spending.values()),
        )
    console.print(table)


@contextlib.contextmanager
def steps(console: Console, total: int) -> Iterator[Callable[[str], None]]:
    """A progress bar over ``total`` steps; call the yielded function as each step starts."""
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), console=console, transient=True
    ) as progress:
        task = progress.add_task("", total=total)
        started = False

        def step(description: str) -> None:
            nonlocal started
            if started:
                progress.advance(task)
            started = True
            progress.update(task, description=description)

        yield step
        progress.update(task, completed=total)


def report_written(console: Console, report: Any, written: dict[str, Any]) -> None:
    console.print(f"[green]✔[/] {report.title} for {report.organisation} er skrevet:", highlight=False)
    for path in written.values():
        console.print(f"  {absolute(path)}", highlight=False)
    if report.left_out:
        console.print("Udeladt for mangel på data: " + ", ".join(report.left_out), highlight=False)
    if report.published:
        console.print(
            f"Diskretioneret til offentliggørelse: mindst {report.min_cell} pr. celle.", highlight=False
        )
    else:
        console.print("[yellow]Til intern brug – indeholder små tal.[/] Brug --publish før offentliggørelse.")


def demo_done(console: Console, demo: Any) -> None:
    folder = demo.workspace.path
    console.print(f"[green]✔[/] Demoen er klar i {absolute(folder)}", highlight=False)
    for i, path in enumerate(demo.report.values()):
        console.print(f"  {'Årsrapporten 2013:' if i == 0 else '':18s}  {absolute(path)}", highlight=False)
    console.print(f"  Nøgletal:           {absolute(demo.indicators)}", highlight=False)
    console.print(f"  Udtrækkene:         {absolute(demo.extracts)}", highlight=False)
    console.print("Prøv derefter:", highlight=False)
    for line in (
        f"boernetal status -w {folder}",
        f"boernetal indicators -w {folder} --year {demo.year} --format xlsx",
        f"boernetal report -w {folder} --year {demo.year} --publish",
    ):
        console.print(f"  {line}", highlight=False)


#: the reading rules, in brief (docs/data-contract.md has them in full)
READING_RULES = (
    "Én fil pr. type: <type>.csv eller <type>.xlsx (første ark, eller arket med typens navn).",
    "CSV med ; eller , og UTF-8 eller Windows-1252; decimalkomma eller -punktum.",
    "Datoer som ÅÅÅÅ-MM-DD, DD-MM-ÅÅÅÅ eller DD.MM.ÅÅÅÅ; klokkeslæt som TT:MM efter datoen.",
    "Overskrifter som kontraktens navne eller de danske (fx kommune, modtaget, cpr-nr).",
    "Koder som kontraktens koder eller deres danske betydning; egne betegnelser under [mapping] i "
    "boernetal.toml.",
    "Tom celle = ukendt. Samme id igen med andet indhold erstatter den tidligere række.",
)


def contract(out: Console, kinds: list[RecordKind], whole: bool) -> None:
    """The contract's kinds (``whole``: every column with its codes; else a line per kind)."""
    if not whole:
        table = Table(title="Datakontrakten: filerne Børnetal læser", title_justify="left")
        for header in ("Type", "Dansk", "Skal have", "Kan have"):
            table.add_column(header)
        for kind in kinds:
            columns = described(kind)
            table.add_row(
                kind.name,
                kind.danish,
                ", ".join(c.name for c in columns if c.required),
                ", ".join(c.name for c in columns if not c.required),
            )
        out.print(table)
    for kind in kinds if whole else []:
        columns = described(kind)
        table = Table(title=f"{kind.name} ({kind.danish})", title_justify="left")
        for header in ("Kolonne", "Dansk navn", "Type", "Skal udfyldes"):
            table.add_column(header)
        for column in columns:
            table.add_row(column.name, column.heading, column.type, "ja" if column.required else "")
        out.print(table)
        for column in columns:
            if column.codes is None:
                continue
            codes = Table(title=f"Koder i {column.name}", title_justify="left", show_header=False)
            codes.add_column("Kode")
            codes.add_column("Betydning")
            for code, spec in column.codes.codes.items():
                codes.add_row(code, spec.label)
            out.print(codes)
    out.print("[bold]Sådan læses filerne[/]")
    for rule in READING_RULES:
        out.print(f"• {escape(rule)}", highlight=False)
    out.print(
        "Hele kontrakten står i docs/data-contract.md. En tom fil at udfylde: boernetal skabelon TYPE.",
        highlight=False,
    )
