"""The ``boernetal`` command: a thin layer over the library, speaking Danish to its users."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from ..contract import KINDS
from ..contract.describe import kind_named
from ..contract.template import write_csv_template, write_xlsx_template
from ..errors import BoernetalError, disk_full, is_disk_full
from ..files import write_with
from ..ingest import ingest_directory, ingest_files
from ..warehouse.status import status as warehouse_status
from ..workspace import ENV_VAR, Workspace, init_workspace
from . import danish, render

danish.use_danish_help()
app = typer.Typer(
    name="boernetal",
    cls=danish.DanishGroup,
    help="Børnetal: tal for børne- og familieområdet fra kommunens egne data.",
    no_args_is_help=True,
    add_completion=False,
    # Never show local variables in a traceback: they could hold CPR numbers.
    pretty_exceptions_show_locals=False,
)
out = Console(soft_wrap=True)  # a long line (a path) is the terminal's to wrap, never cut in two
err = Console(stderr=True, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])


def show_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        out.print(f"Børnetal {version('boernetal')}", highlight=False)
        raise typer.Exit()


@app.callback()
def options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=show_version, is_eager=True, help="Vis versionen og afslut."),
    ] = False,
) -> None:
    """Børnetal: tal for børne- og familieområdet fra kommunens egne data."""


WorkspaceOption = Annotated[
    Path | None,
    typer.Option(
        "--workspace", "-w", envvar=ENV_VAR, show_default="den aktuelle mappe", help="Arbejdsområdets mappe."
    ),
]


PublishOption = Annotated[
    bool, typer.Option("--publish", help="Diskretionér til offentliggørelse (skjul små tal).")
]
MinCellOption = Annotated[
    int | None, typer.Option("--min-cell", help="Mindste antal pr. celle ved --publish (mindst 3).")
]


def user_errors(fn: F) -> F:
    """Print a user's error as plain words (no traceback) and exit non-zero."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except BoernetalError as exc:
            # the words are the message's own: a [section] or a value in brackets is not markup
            err.print(f"[bold red]Fejl:[/] {escape(exc.message)}", highlight=False)
            if exc.hint:
                err.print(escape(exc.hint), highlight=False)
            raise typer.Exit(exc.exit_code) from None
        except Exception as exc:
            if not is_disk_full(exc):
                raise
            full = disk_full("en fil", "Filer der allerede fandtes, er som før.")
            err.print(
                f"[bold red]Fejl:[/] {escape(full.message)}\n{escape(full.hint or '')}", highlight=False
            )
            raise typer.Exit(full.exit_code) from None

    return wrapper  # type: ignore[return-value]


@app.command(cls=danish.DanishCommand)
@user_errors
def init(
    directory: Annotated[
        Path, typer.Argument(metavar="MAPPE", help="Mappen der skal blive arbejdsområde.")
    ] = Path("."),
    organisation: Annotated[
        str, typer.Option("--organisation", "-o", help="Navnet i rapporterne.")
    ] = "Familiecentret",
    municipality: Annotated[
        list[str] | None,
        typer.Option(
            "--municipality", "-m", help="En af arbejdsområdets kommuner (kode eller navn); kan gentages."
        ),
    ] = None,
    warehouse_url: Annotated[
        str | None,
        typer.Option(
            "--warehouse-url",
            help="Lageret på en PostgreSQL-server (postgresql://bruger@server/database) i stedet for "
            "warehouse.duckdb; adgangskoden i PGPASSWORD eller ~/.pgpass.",
        ),
    ] = None,
) -> None:
    """Opret et arbejdsområde: boernetal.toml, lageret warehouse.duckdb og nøglen secret.key."""
    ws = init_workspace(
        directory, organisation=organisation, municipalities=municipality or [], warehouse_url=warehouse_url
    )
    render.initialised(out, ws)


@app.command(name="ingest", cls=danish.DanishCommand)
@user_errors
def ingest_command(
    targets: Annotated[
        list[str],
        typer.Argument(
            metavar="FILER",
            help="TYPE FIL... (fx notifications underretninger.csv) eller en MAPPE med <type>.csv/.xlsx.",
            show_default=False,
        ),
    ],
    allow_invalid: Annotated[
        bool, typer.Option("--allow-invalid", help="Indlæs de gyldige rækker og læg de ugyldige i karantæne.")
    ] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Kontrollér filer mod datakontrakten og indlæs dem i lageret (alt eller intet)."""
    ws = Workspace.open(workspace)
    first = targets[0]
    with render.IngestProgress(err) as progress:
        if len(targets) == 1 and Path(first).is_dir():
            result = ingest_directory(ws, first, allow_invalid=allow_invalid, progress=progress)
        elif first in KINDS:
            if len(targets) == 1:
                raise BoernetalError(
                    f"Angiv mindst én fil efter typen {first}.", f"Fx: boernetal ingest {first} {first}.csv"
                )
            result = ingest_files(ws, first, targets[1:], allow_invalid=allow_invalid, progress=progress)
        else:
            raise BoernetalError(
                f"'{first}' er hverken en type af data eller en mappe.",
                "Brug 'boernetal ingest TYPE FIL...' eller 'boernetal ingest MAPPE'. "
                "Typerne er: " + ", ".join(KINDS) + ".",
            )
    render.ingest_result(out, err, ws, result)
    if not result.loaded:
        raise typer.Exit(1)


@app.command(cls=danish.DanishCommand)
@user_errors
def status(
    as_json: Annotated[bool, typer.Option("--json", help="Som JSON til andre programmer.")] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Vis hvad lageret indeholder: rækker, år og kommuner pr. type, karantæne og seneste indlæsninger."""
    ws = Workspace.open(workspace)
    info = warehouse_status(ws)
    if as_json:
        sys.stdout.write(json.dumps(info, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        render.status(out, info)


@app.command(cls=danish.DanishCommand)
@user_errors
def kontrakt(
    kind: Annotated[
        str | None,
        typer.Argument(
            metavar="TYPE", help="Én type, fx notifications eller underretninger.", show_default=False
        ),
    ] = None,
) -> None:
    """Vis datakontrakten: typerne af filer, deres kolonner og de gyldige koder."""
    render.contract(out, [kind_named(kind)] if kind else list(KINDS.values()), whole=kind is not None)


@app.command(cls=danish.DanishCommand)
@user_errors
def skabelon(
    kind: Annotated[
        str,
        typer.Argument(
            metavar="TYPE", help="Typen, fx notifications eller underretninger.", show_default=False
        ),
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="xlsx eller csv.")] = "xlsx",
    out_path: Annotated[
        Path | None, typer.Option("--out", "-o", help="Filen der skrives.", show_default="TYPE.FORMAT")
    ] = None,
) -> None:
    """Skriv en tom fil at udfylde: kontraktens overskrifter, og i Excel de gyldige koder."""
    chosen = kind_named(kind)
    writers = {"xlsx": write_xlsx_template, "csv": write_csv_template}
    if fmt not in writers:
        raise BoernetalError(f"Formatet '{fmt}' kendes ikke.", "Brug --format xlsx eller --format csv.")
    path = (out_path or Path(f"{chosen.name}.{fmt}")).absolute()
    write_with(lambda partial: writers[fmt](chosen, partial), path)
    out.print(
        f"✔ Skabelonen for {chosen.name} ({chosen.danish}) er skrevet: {path}",
        highlight=False,
        soft_wrap=True,
    )


@app.command(cls=danish.DanishCommand)
@user_errors
def indicators(
    year: Annotated[
        int, typer.Option("--year", "-y", help="Året (og de to år før det).", show_default=False)
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, csv eller xlsx.")] = "json",
    out_path: Annotated[
        str | None,
        typer.Option(
            "--out", "-o", help="Filen der skrives ('-' = skærmen).", show_default="noegletal-ÅR.FORMAT"
        ),
    ] = None,
    publish: PublishOption = False,
    min_cell: MinCellOption = None,
    backend: Annotated[
        str,
        typer.Option(
            "--backend",
            help="Hvor der regnes: arbejdsområdets lager (duckdb-filen eller PostgreSQL-serveren "
            "i boernetal.toml), eller spark på en eksport (--data).",
        ),
    ] = "workspace",
    data: Annotated[
        Path | None,
        typer.Option("--data", help="Med --backend spark: mappen fra 'boernetal export parquet'."),
    ] = None,
    master: Annotated[
        str | None,
        typer.Option("--master", help="Med --backend spark: klyngens adresse.", show_default="local[*]"),
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Beregn alle nøgletal for et år og de to år før, og skriv dem som JSON, CSV eller Excel."""
    from ..engine import compute
    from ..engine.backends import spark_executor
    from ..engine.export import FORMATS, to_csv, to_json, write
    from ..engine.indicator_set import compute_with

    if fmt not in FORMATS:
        raise BoernetalError(f"--format {fmt} kendes ikke.", f"Vælg en af: {', '.join(FORMATS)}.")
    if out_path == "-" and fmt == "xlsx":
        raise BoernetalError(
            "Excel kan ikke skrives til skærmen.", "Angiv en fil med --out, fx noegletal.xlsx."
        )
    if backend not in ("workspace", "spark"):
        raise BoernetalError(f"--backend {backend} kendes ikke.", "Vælg workspace eller spark.")
    if (backend == "spark") != (data is not None):
        raise BoernetalError(
            "--backend spark og --data hører sammen.",
            "Fx: boernetal indicators --backend spark --data eksport/ --year 2013",
        )
    with err.status("Beregner nøgletal …"):
        if data is not None:
            with spark_executor(data, master) as (executor, config):
                figures = compute_with(executor, config, year, publish=publish, min_cell=min_cell)
        else:
            figures = compute(Workspace.open(workspace), year, publish=publish, min_cell=min_cell)
    if out_path == "-":
        sys.stdout.write(to_json(figures) if fmt == "json" else to_csv(figures))
    else:
        path = write(figures, Path(out_path or f"noegletal-{year}.{fmt}"), fmt)
        render.indicators_written(err, figures, path)
    render.findings(err, figures.findings)


fetch_app = typer.Typer(
    cls=danish.DanishGroup,
    help="Hent tal fra andre kilder ind i lageret.",
    no_args_is_help=True,
)
app.add_typer(fetch_app, name="hent")


@fetch_app.command(name="dst", cls=danish.DanishCommand)
@user_errors
def fetch_dst(
    years: Annotated[str, typer.Option("--years", help="Årene, fx 2011-2013.", show_default=False)] = "",
    peers: Annotated[
        list[str] | None,
        typer.Option("--peers", help="Sammenligningsgruppe fra boernetal.toml (kan gentages); ellers alle."),
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option("--fra-fil", help="Indlæs en gemt svarfil (fra mappen hentet/) i stedet for at hente."),
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Hent befolkning og udgifter fra Danmarks Statistik (Statistikbanken) og indlæs dem."""
    import datetime as dt

    from ..demo.run import parse_years
    from ..statbank import Client, fetch

    ws = Workspace.open(workspace)
    last = dt.date.today().year - 1
    first, final = parse_years(years) if years else (last - 2, last)
    client = Client(on_request=lambda what: err.print(f"Henter {what} …", highlight=False))
    result, saved = fetch(
        ws,
        list(range(first, final + 1)),
        peers,
        from_file,
        client,
        say=lambda notice: err.print(notice, highlight=False),
    )
    render.ingest_result(out, err, ws, result)
    out.print(f"Svarene fra Statistikbanken: {render.absolute(saved)}", highlight=False)
    if not result.loaded:
        raise typer.Exit(1)


export_app = typer.Typer(
    cls=danish.DanishGroup,
    help="Skriv lageret ud til andre værktøjer.",
    no_args_is_help=True,
)
app.add_typer(export_app, name="export")


@export_app.command(name="parquet", cls=danish.DanishCommand)
@user_errors
def export_parquet(
    folder: Annotated[
        Path, typer.Argument(metavar="MAPPE", help="En ny mappe til eksporten.", show_default=False)
    ],
    workspace: WorkspaceOption = None,
) -> None:
    """Skriv lageret som Parquet (én mappe pr. slags, delt efter år; kun pseudonymer) til Spark."""
    from ..engine.backends import executor_for
    from ..warehouse.parquet import export

    ws = Workspace.open(workspace)
    config_text = (ws.path / "boernetal.toml").read_text("utf-8")
    with executor_for(ws, plain=True) as executor, err.status("Eksporterer …") as shown:
        counts = export(
            executor.backend, config_text, folder, lambda name: shown.update(f"Eksporterer {name} …")
        )
    out.print(
        f"[green]✔[/] {sum(counts.values()):,} rækker skrevet til {folder.resolve()}".replace(",", "."),
        highlight=False,
    )


@app.command(cls=danish.DanishCommand)
@user_errors
def demo(
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Mappen demoen bygges i.")] = Path(
        "boernetal-demo"
    ),
    force: Annotated[bool, typer.Option("--force", help="Byg en tidligere demo forfra.")] = False,
    profile: Annotated[
        str,
        typer.Option(
            "--profile", help="seed: Ishøj og Vallensbæk som i årsrapporten; national: 98 kommuner."
        ),
    ] = "seed",
    years: Annotated[
        str, typer.Option("--years", help="Årene for --profile national, fx 2014-2023.")
    ] = "2014-2023",
) -> None:
    """Vis hele Børnetal på demodata: Ishøj og Vallensbæk 2011–2013, nøgletal og årsrapporten for 2013."""
    from ..demo.run import PROFILES, STEPS, parse_years, run, run_national

    if profile not in PROFILES:
        raise BoernetalError(f"--profile {profile} kendes ikke.", f"Vælg en af: {', '.join(PROFILES)}.")
    span = parse_years(years)
    try:
        with render.steps(err, STEPS if profile == "seed" else 14) as step:
            if profile == "seed":
                built = run(out_dir, force=force, step=step)
            else:
                built = run_national(out_dir, span, force=force, step=step)
    except KeyboardInterrupt:
        err.print("Afbrudt. Kør igen med --force for at bygge demoen forfra.", highlight=False)
        raise typer.Exit(130) from None
    render.demo_done(out, built)


@app.command(cls=danish.DanishCommand)
@user_errors
def report(
    year: Annotated[int, typer.Option("--year", "-y", help="Rapportens år.", show_default=False)],
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Mappen rapporten skrives i.", show_default="aarsrapport-ÅR"),
    ] = None,
    formats: Annotated[
        str, typer.Option("--format", "-f", help="Kommasepareret: html, pdf, docx, xlsx.")
    ] = "html,pdf,docx,xlsx",
    publish: PublishOption = False,
    min_cell: MinCellOption = None,
    carry_forward: Annotated[
        bool,
        typer.Option(
            "--carry-forward",
            help="Kopiér sidste års egne kapitler (mappen kapitler/) til dette år som udgangspunkt.",
        ),
    ] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Skriv årsrapporten for et år: tekst, tabeller og figurer som HTML, PDF, Word og Excel."""
    from ..report import build_report
    from ..report.chapters import carry_forward as copy_chapters
    from ..report.formats import parse_formats, write

    chosen = parse_formats(formats)
    ws = Workspace.open(workspace)
    if carry_forward:
        copied = copy_chapters(ws.path, year)
        for path in copied:
            out.print(f"Kopieret til {year}: {render.absolute(path)}", highlight=False)
        if not copied:
            out.print(f"Ingen kapitler fra {year - 1} at kopiere (eller de findes allerede for {year}).")
    folder = out_dir or Path(f"aarsrapport-{year}")
    try:
        with render.steps(err, 1 + len(chosen)) as step:
            step("Beregner nøgletal og skriver teksten …")
            built = build_report(ws, year, publish=publish, min_cell=min_cell)
            step(f"Skriver {chosen[0].upper()} …")
            written = write(
                built,
                folder,
                chosen,
                on_written=lambda fmt, _: step(
                    f"Skriver {chosen[chosen.index(fmt) + 1].upper()} …" if fmt != chosen[-1] else "Færdig"
                ),
            )
    except KeyboardInterrupt:
        err.print("Afbrudt. Ingen halve filer er efterladt.", highlight=False)
        raise typer.Exit(130) from None
    render.report_written(out, built, written)


@app.command(cls=danish.DanishCommand)
@user_errors
def invest(
    args: Annotated[
        list[str],
        typer.Argument(
            metavar="CASE",
            help="CASE-FIL (TOML eller YAML) – eller 'new [FIL]' for en kommenteret skabelon, "
            "eller 'follow-up CASE-FIL --as-of DATO' for opfølgning mod lageret hvert halve år.",
            show_default=False,
        ),
    ],
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Mappe til resultaterne.", show_default="<case>-resultat")
    ] = None,
    formats: Annotated[
        str, typer.Option("--format", help="Kommasepareret: json, xlsx, html, pdf, docx.")
    ] = "json,xlsx,html,pdf,docx",
    draws: Annotated[int | None, typer.Option("--draws", help="Antal simuleringer (ellers casens).")] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Startværdi for simuleringen.")] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Opfølgning: opgør til og med denne dato (ÅÅÅÅ-MM-DD).")
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Beregn en investeringscase: nettogevinst pr. år, tilbagebetaling, break-even og usikkerhed."""
    from ..invest.prices import warehouse_prices
    from ..invest.report import summary
    from ..invest.run import run_case, write_template

    if args[0] == "new":
        path = write_template(Path(args[1] if len(args) > 1 else "investeringscase.toml"))
        out.print(f"[green]✔[/] Skabelonen er skrevet: {path.absolute()}", highlight=False)
        out.print(f"Udfyld den, og kør: boernetal invest {path}", highlight=False)
        return
    if args[0] == "follow-up":
        follow_up_command(args[1:], as_of, out_dir, workspace)
        return
    case_path = Path(args[0])

    def prices(reference: str) -> tuple[float, str]:
        return warehouse_prices(Workspace.open(workspace))(reference)

    evaluation, written = run_case(
        case_path,
        out_dir or Path(f"{case_path.stem}-resultat"),
        [f.strip() for f in formats.split(",") if f.strip()],
        prices,
        draws,
        seed,
    )
    print(summary(evaluation.result, evaluation.simulation))
    for path in written:
        out.print(f"[green]✔[/] {path.absolute()}", highlight=False)


def follow_up_command(
    args: list[str], as_of: str | None, out_path: Path | None, workspace: Path | None
) -> None:
    """``boernetal invest follow-up CASE --as-of DATE``: the case against the warehouse."""
    import datetime as dt

    from ..invest.case import load_case
    from ..invest.follow_up import follow_up, to_dict
    from ..invest.prices import warehouse_prices

    if len(args) != 1 or as_of is None:
        raise BoernetalError(
            "Opfølgning kræver én case-fil og --as-of.",
            "Fx: boernetal invest follow-up examples/ishoej-model.toml --as-of 2016-12-31",
        )
    try:
        day = dt.date.fromisoformat(as_of)
    except ValueError:
        raise BoernetalError(f"--as-of {as_of} er ikke en dato.", "Skriv datoen som ÅÅÅÅ-MM-DD.") from None
    ws = Workspace.open(workspace)
    result = follow_up(ws, load_case(Path(args[0]), warehouse_prices(ws)), day)
    render.follow_up(out, result)
    if out_path is not None:
        text = json.dumps(to_dict(result), ensure_ascii=False, indent=1) + "\n"
        write_with(lambda path: path.write_text(text, encoding="utf-8"), out_path)
        out.print(f"[green]✔[/] {out_path.absolute()}", highlight=False)


@app.command(cls=danish.DanishCommand)
@user_errors
def serve(
    host: Annotated[str, typer.Option("--host", help="Adressen, serveren lytter på.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Porten, serveren lytter på.")] = 8000,
    workspace: WorkspaceOption = None,
) -> None:
    """Start ledelsesinformationen: en webside med overblik, frister, sagstal og nøgletal."""
    import uvicorn

    from ..dashboard import create_app
    from ..dashboard.users import Users

    ws = Workspace.open(workspace)
    if not Users(ws.path).all():
        raise BoernetalError(
            "Arbejdsområdet har ingen brugere, så ingen kan logge ind.",
            "Opret en bruger først: boernetal users add NAVN --role leder",
        )
    if not 0 < port < 65536:
        raise BoernetalError(f"--port {port} er ikke en port.", "Vælg et tal mellem 1 og 65535, fx 8000.")
    out.print(f"Børnetal kører på http://{host}:{port}/  (stop med Ctrl+C)", highlight=False)
    try:
        uvicorn.run(create_app(ws), host=host, port=port, log_level="warning", access_log=False)
    except OSError as exc:
        raise BoernetalError(
            f"Serveren kan ikke starte på {host}:{port}: {exc.strerror or exc}.",
            "Vælg en anden port med --port, eller stop det program, der bruger porten.",
        ) from None


users_app = typer.Typer(
    cls=danish.DanishGroup,
    help="Brugerne af ledelsesinformationen (boernetal serve).",
    no_args_is_help=True,
)
app.add_typer(users_app, name="users")
NameArgument = Annotated[str, typer.Argument(metavar="NAVN", help="Brugernavnet.", show_default=False)]
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Læs adgangskoden fra standard input (til scripts).")
]


def new_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("Adgangskode", hide_input=True, confirmation_prompt="Gentag adgangskoden"))


@users_app.command(name="add", cls=danish.DanishCommand)
@user_errors
def users_add(
    name: NameArgument,
    role: Annotated[
        str, typer.Option("--role", help="leder, raadgiver, analytiker eller admin.", show_default=False)
    ],
    team: Annotated[str | None, typer.Option("--team", help="Rådgiverens team.")] = None,
    municipality: Annotated[
        str | None, typer.Option("--municipality", help="Kun denne kommune (kode eller navn).")
    ] = None,
    password_stdin: PasswordStdin = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Opret en bruger; adgangskoden spørges der om (eller læses med --password-stdin)."""
    from ..contract.municipalities import resolve
    from ..dashboard.users import User, Users, check_user

    ws = Workspace.open(workspace)
    code = None
    if municipality:
        code = resolve(municipality)
        own = ws.config.municipalities
        if code is None or (own and code not in own):
            raise BoernetalError(
                f"--municipality {municipality!r} er ikke en af arbejdsområdets kommuner.",
                f"Vælg en af: {', '.join(own)}." if own else "Brug kommunekoden, fx 183.",
            )
    user = User(name, role, team.strip() if team else None, code)
    check_user(user)
    Users(ws.path).add(user, new_password(password_stdin))
    out.print(f"[green]✔[/] Brugeren {escape(name)} er oprettet.", highlight=False)


@users_app.command(name="list", cls=danish.DanishCommand)
@user_errors
def users_list(workspace: WorkspaceOption = None) -> None:
    """Vis brugerne med rolle, team og kommune."""
    from ..contract.municipalities import name as municipality_name
    from ..dashboard.users import Users

    ws = Workspace.open(workspace)
    users = Users(ws.path).all()
    if not users:
        out.print("Ingen brugere endnu. Opret en med: boernetal users add NAVN --role leder")
    for user in users:
        place = municipality_name(user.municipality) if user.municipality else None
        scope = " · ".join(x for x in (user.team, place) if x)
        out.print(f"{escape(user.name)}\t{user.role_name}\t{escape(scope)}", highlight=False)


@users_app.command(name="remove", cls=danish.DanishCommand)
@user_errors
def users_remove(name: NameArgument, workspace: WorkspaceOption = None) -> None:
    """Slet en bruger."""
    from ..dashboard.users import Users

    Users(Workspace.open(workspace).path).remove(name)
    out.print(f"[green]✔[/] Brugeren {escape(name)} er slettet.", highlight=False)


@users_app.command(name="password", cls=danish.DanishCommand)
@user_errors
def users_password(
    name: NameArgument, password_stdin: PasswordStdin = False, workspace: WorkspaceOption = None
) -> None:
    """Skift en brugers adgangskode."""
    from ..dashboard.users import Users

    users = Users(Workspace.open(workspace).path)
    if users.get(name) is None:
        from ..dashboard.users import missing

        raise missing(name)
    users.set_password(name, new_password(password_stdin))
    out.print(f"[green]✔[/] Adgangskoden for {escape(name)} er skiftet.", highlight=False)


def main() -> None:
    app()
