"""The dashboard served over HTTP — ledelsesinformation: log-in, the pages, drill-down to records
with the audit log, downloads. A Starlette application; every request that shows something asks
:func:`permissions.allowed` first, and nothing but ``/login`` and ``/health`` answers without a
session.
"""

from __future__ import annotations

import inspect
import secrets
import tempfile
import time
from collections.abc import Callable
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import danish
from ..catalogue import REGISTRY
from ..catalogue.behind import has_records
from ..catalogue.names import family_names
from ..catalogue.scope import ALL
from ..contract import KINDS
from ..engine.export import to_csv, write_xlsx
from ..errors import BoernetalError, WarehouseLockedError
from ..warehouse.connect import reading
from ..workspace import Workspace
from . import pages
from .caseload import Caseload, caseload
from .lists import DEADLINES, LISTS, RecordList, figure_list
from .permissions import ACTIONS, Resource, allowed, narrowed, published_only
from .sessions import COOKIE
from .state import Dashboard
from .users import User

LOGIN_CSRF = "boernetal_login"
#: seconds after which a page asked while an import is written asks again
RETRY_AFTER = 5


# -- requests -------------------------------------------------------------------------------------


def bad_request(message: str) -> HTTPException:
    return HTTPException(400, message)


def day_of(request: Request) -> date:
    """``?dato=ÅÅÅÅ-MM-DD``; today when not given (or the records' last day, if they end before)."""
    text = request.query_params.get("dato", "").strip()
    if not text:
        return request.app.state.dashboard.default_day()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise bad_request(
            f"Datoen {text!r} kan ikke læses. Skriv den som ÅÅÅÅ-MM-DD, fx 2013-12-31."
        ) from None


def year_of(request: Request) -> int:
    text = request.query_params.get("aar", "").strip()
    if not text:
        return request.app.state.dashboard.default_day().year
    if not text.isdigit() or not 1902 <= int(text) <= 2100:
        raise bad_request(f"Året {text!r} kan ikke bruges. Skriv et årstal, fx 2013.")
    return int(text)


def asked_resource(dashboard: Dashboard, request: Request) -> Resource:
    """The municipality and team a page is asked for (``?kommune=&team=``), checked."""
    municipality = request.query_params.get("kommune", "").strip() or None
    if municipality == ALL:
        municipality = None
    if municipality is not None and municipality not in dashboard.municipalities():
        raise HTTPException(404, f"Kommunen {municipality!r} er ikke en af arbejdsområdets kommuner.")
    team = request.query_params.get("team", "").strip() or None
    if team is not None and len(team) > 200:
        raise bad_request("Teamnavnet er for langt.")
    return Resource(municipality, team)


def granted(dashboard: Dashboard, request: Request, action: str) -> tuple[User, Resource]:
    """The user and the resource the request is for, when the user may do ``action`` on it."""
    user = request.state.session.user
    resource = narrowed(user, asked_resource(dashboard, request))
    if not allowed(user, action, resource, dashboard.policy):
        raise HTTPException(
            403, "Du har ikke adgang til dette. Spørg jeres administrator, hvis du skal have det."
        )
    return user, resource


# -- pages ----------------------------------------------------------------------------------------


def login_form(request: Request) -> Response:
    dashboard: Dashboard = request.app.state.dashboard
    token = request.cookies.get(LOGIN_CSRF) or secrets.token_urlsafe(32)
    response = dashboard.render(request, "login.html.j2", login_csrf=token, message="", name="")
    set_cookie(request, response, LOGIN_CSRF, token)
    return response


async def login(request: Request) -> Response:
    dashboard: Dashboard = request.app.state.dashboard
    form = await request.form()
    token = request.cookies.get(LOGIN_CSRF, "")
    if not token or not secrets.compare_digest(token, str(form.get("csrf", ""))):
        raise HTTPException(403, "Formularen er udløbet. Genindlæs log-ind-siden og prøv igen.")
    name, password = str(form.get("navn", "")).strip(), str(form.get("adgangskode", ""))
    user = await run_in_threadpool(check_password, dashboard, name, password)
    if isinstance(user, str):
        response = dashboard.render(request, "login.html.j2", 401, login_csrf=token, message=user, name=name)
        return response
    session_token = dashboard.sessions.start(user)
    response = RedirectResponse("/", status_code=303)
    set_cookie(request, response, COOKIE, session_token)
    response.delete_cookie(LOGIN_CSRF, path="/")
    return response


def check_password(dashboard: Dashboard, name: str, password: str) -> User | str:
    """The user, or the message to show: wrong name or password (never which), or locked."""
    locked = dashboard.throttle.locked_for(name)
    if locked > 0:
        minutes = max(1, round(locked / 60))
        return (
            f"For mange forkerte forsøg. Brugeren er låst i {minutes} minut{'' if minutes == 1 else 'ter'}."
        )
    time.sleep(dashboard.throttle.delay(name))
    user = dashboard.users.verify(name, password)
    if user is None:
        dashboard.throttle.failed(name)
        return "Forkert brugernavn eller adgangskode."
    dashboard.throttle.succeeded(name)
    return user


async def logout(request: Request) -> Response:
    dashboard: Dashboard = request.app.state.dashboard
    await check_csrf(request)
    dashboard.sessions.end(request.cookies.get(COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


async def check_csrf(request: Request) -> None:
    form = await request.form()
    expected = request.state.session.csrf
    if not secrets.compare_digest(expected, str(form.get("csrf", ""))):
        raise HTTPException(403, "Formularen er udløbet. Genindlæs siden og prøv igen.")


def overview(request: Request) -> Response:
    dashboard: Dashboard = request.app.state.dashboard
    user, resource = granted(dashboard, request, "figures")
    year = year_of(request)
    municipality = resource.municipality or ALL
    published = published_only(user, dashboard.policy)
    figures = dashboard.figures(year, published)
    key_figures = dashboard.remembered(
        ("key_figures", year, published, municipality), lambda: pages.key_figures(figures, municipality)
    )
    return dashboard.render(
        request,
        "overview.html.j2",
        year=year,
        municipality=municipality,
        choices=choices(dashboard, user),
        key_figures=key_figures,
        comparisons=[
            c
            for c in (
                pages.national_comparison(figures, municipality),
                pages.peer_comparison(figures, municipality),
            )
            if c
        ],
        may={action: allowed(user, action, resource, dashboard.policy) for action in ACTIONS},
        published=figures.published,
        deadline_count=deadline_count(dashboard, user),
    )


def choices(dashboard: Dashboard, user: User) -> list[str]:
    """The municipalities the user may choose between (``all`` first where they may see all)."""
    if user.municipality:
        return [user.municipality]
    return [ALL, *dashboard.municipalities()]


def deadline_count(dashboard: Dashboard, user: User, day: date | None = None) -> int | None:
    """The number shown on the Frister tab; none for a user who may not see the records (the
    lists' counts are then shown under disclosure control, which a sum would undo)."""
    resource = narrowed(user, Resource())
    if not allowed(user, "records", resource, dashboard.policy):
        return None
    try:
        day = day or dashboard.default_day()
        return sum(len(dashboard.records(lst, day, resource)) for lst in DEADLINES.values())
    except WarehouseLockedError:
        return None  # an import is being written: the tab goes without its count for now


def deadlines(request: Request) -> Response:
    dashboard: Dashboard = request.app.state.dashboard
    user, resource = granted(dashboard, request, "lists")
    day = day_of(request)
    may_open = allowed(user, "records", resource, dashboard.policy)
    published = not may_open
    min_cell = dashboard.workspace.config.min_cell
    shown = []
    for lst in DEADLINES.values():
        records = dashboard.records(lst, day, resource)
        shown.append(
            {
                "list": lst,
                "total": len(records),
                "teams": pages.count_by_team(records),
            }
        )
    total = sum(s["total"] for s in shown)
    return dashboard.render(
        request,
        "deadlines.html.j2",
        day=day,
        day_text=danish.date(day),
        resource=resource,
        lists=shown,
        may_open=may_open,
        published=published,
        min_cell=min_cell,
        deadline_count=total if may_open else None,
        choices=choices(dashboard, user),
    )


def records(request: Request) -> Response:
    """The records behind a count of Frister or Sagstal: written to the audit log before they are
    shown."""
    dashboard: Dashboard = request.app.state.dashboard
    list_id = request.path_params["list"]
    lst = LISTS.get(list_id)
    if lst is None:
        raise HTTPException(404, f"Listen {list_id!r} findes ikke.")
    user, resource = granted(dashboard, request, "records")
    day = day_of(request)
    filter = {"dato": day.isoformat(), **shown_filter(resource)}
    adviser = request.query_params.get("raadgiver", "").strip()
    if adviser:
        if "adviser_id" not in lst.columns or len(adviser) > 200:
            raise bad_request(f"Listen {list_id!r} kan ikke vælges efter rådgiver.")
        filter["raadgiver"] = adviser
    dashboard.audit.write(user.name, user.role, list_id, filter)
    frame = dashboard.records(lst, day, resource)
    if adviser:
        frame = frame[frame["adviser_id"] == adviser]
    page = {"frister": "Frister", "sagstal": "Sagstal"}[lst.page]
    back = f"/{lst.page}?dato={day.isoformat()}" + (
        f"&kommune={resource.municipality}" if resource.municipality else ""
    )
    when = f"Den {danish.date(day)}"
    return shown_records(request, lst, frame, resource, when, (page, back, lst.page), adviser)


def figure_records(request: Request) -> Response:
    """The records behind a figure of the catalogue (Overblik, Nøgletal) in a year, as its own
    definition selects them: written to the audit log before they are shown."""
    dashboard: Dashboard = request.app.state.dashboard
    id = request.path_params["indicator"]
    indicator = REGISTRY.get(id)
    if indicator is None or (indicator.hidden and not has_records(id)) or not has_records(id):
        raise HTTPException(404, f"Tallet {id!r} findes ikke, eller der ligger ingen poster bag det.")
    user, resource = granted(dashboard, request, "records")
    year = year_of(request)
    where = {}
    for key, value in request.query_params.items():
        if key in ("aar", "kommune", "team", "fra"):
            continue
        if key not in indicator.breakdown:
            raise bad_request(f"{indicator.title} er ikke opdelt efter {key!r}.")
        if len(value) > 200:
            raise bad_request(f"Værdien af {key!r} er for lang.")
        where[key] = value
    if resource.team is not None and not KINDS[indicator.kind].stores("team"):
        raise HTTPException(
            403, f"{indicator.title} kan ikke afgrænses til et team, så du kan ikke åbne posterne."
        )
    lst = figure_list(id, where, dashboard.municipalities(), together=resource.municipality is None)
    dashboard.audit.write(user.name, user.role, lst.id, {"aar": str(year), **shown_filter(resource)})
    frame = dashboard.records(lst, date(year, 12, 31), resource)
    municipality = f"&kommune={resource.municipality}" if resource.municipality else ""
    if request.query_params.get("fra") == "overblik":
        back = ("Overblik", f"/?aar={year}{municipality}", "overblik")
    else:
        back = ("Nøgletal", f"/noegletal?familie={indicator.family}&aar={year}{municipality}", "noegletal")
    return shown_records(request, lst, frame, resource, f"I {year}", back)


def shown_filter(resource: Resource) -> dict[str, str]:
    """The municipality and team a list was opened for, as the audit log writes them."""
    shown = {"kommune": resource.municipality, "team": resource.team}
    return {key: value for key, value in shown.items() if value}


def shown_records(
    request: Request,
    lst: RecordList,
    frame: pd.DataFrame,
    resource: Resource,
    when: str,
    back: tuple[str, str, str],
    adviser: str = "",
) -> Response:
    """A list of records, with the way back (title, link, and the tab it is under)."""
    dashboard: Dashboard = request.app.state.dashboard
    return dashboard.render(
        request,
        "records.html.j2",
        lst=lst,
        when=when,
        back=back,
        tab=back[2],
        resource=resource,
        adviser=adviser,
        headings=list(lst.columns.values()),
        rows=[
            [pages.record_cell(c, v) for c, v in zip(frame.columns, row, strict=True)]
            for row in frame.itertuples(index=False)
        ],
        deadline_count=None,
    )


def caseloads(request: Request) -> Response:
    dashboard: Dashboard = request.app.state.dashboard
    user, resource = granted(dashboard, request, "lists")
    day = day_of(request)
    threshold = dashboard.settings.caseload_threshold
    may_open = allowed(user, "records", resource, dashboard.policy)

    def load_now() -> Caseload:
        with reading(dashboard.workspace) as backend:
            return caseload(backend, day, resource, threshold)

    load = dashboard.remembered(("caseload", day, resource), load_now)
    figures = dashboard.figures(day.year, published_only(user, dashboard.policy))
    months = figures.rows("cases.month_end", municipality=resource.municipality or ALL, year=day.year)
    if resource.team:
        months = months[months["team"] == resource.team]
    months = months[months["team"] != ALL] if resource.team is None and len(months) else months
    months = months.assign(
        shown=[
            pages.count_cell(None if s else v)
            for v, s in zip(months["value"], months["suppressed"], strict=True)
        ]
    )
    # a month without a row had no open case (0); a suppressed one is "–", never 0
    monthly = months.pivot_table(index="team", columns="month", values="shown", aggfunc="first").fillna("0")
    return dashboard.render(
        request,
        "caseload.html.j2",
        day=day,
        day_text=danish.date(day),
        resource=resource,
        advisers=load.advisers.to_dict("records"),
        teams=load.teams.to_dict("records"),
        monthly=monthly,
        month_names=[pages.label("month", m) for m in monthly.columns],
        threshold=threshold,
        may_open=may_open,
        published=not may_open,
        min_cell=dashboard.workspace.config.min_cell,
        deadline_count=None,
        choices=choices(dashboard, user),
    )


def key_figures_page(request: Request) -> Response:
    dashboard: Dashboard = request.app.state.dashboard
    user, resource = granted(dashboard, request, "figures")
    year = year_of(request)
    municipality = resource.municipality or ALL
    families = pages.families()
    family = request.query_params.get("familie") or next(iter(families))
    if family not in families:
        raise HTTPException(404, f"Familien {family!r} findes ikke.")
    figures = dashboard.figures(year, published_only(user, dashboard.policy))

    def shown() -> list[tuple[object, ...]]:
        return [
            (
                REGISTRY[id],
                pages.definition(id),
                pages.indicator_table(figures, id, municipality),
                pages.indicator_chart(figures, id, municipality),
            )
            for id in families[family]
        ]

    tables = dashboard.remembered(("indicators", year, figures.published, municipality, family), shown)
    may_open = allowed(user, "records", resource, dashboard.policy)
    openable = {
        id
        for id in families[family]
        if may_open and (resource.team is None or KINDS[REGISTRY[id].kind].stores("team"))
    }
    return dashboard.render(
        request,
        "indicators.html.j2",
        year=year,
        municipality=municipality,
        families={f: family_names().get(f, f) for f in families},
        family=family,
        tables=tables,
        openable=openable,
        published=figures.published,
        choices=choices(dashboard, user),
        deadline_count=None,
    )


def download(request: Request) -> Response:
    """The indicator set as CSV or XLSX: the same export as ``boernetal indicators``."""
    dashboard: Dashboard = request.app.state.dashboard
    user, _ = granted(dashboard, request, "figures")
    year = year_of(request)
    fmt = request.path_params["format"]
    if fmt not in ("csv", "xlsx"):
        raise HTTPException(404, f"Nøgletal kan hentes som .csv eller .xlsx, ikke .{fmt}.")
    figures = dashboard.figures(year, published_only(user, dashboard.policy))
    name = f"noegletal-{year}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "csv":
        return Response(to_csv(figures), media_type="text/csv; charset=utf-8", headers=headers)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        write_xlsx(figures, path)
        content = path.read_bytes()
    return Response(
        content,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers=headers,
    )


def audit_page(request: Request) -> Response:
    dashboard: Dashboard = request.app.state.dashboard
    user = request.state.session.user
    if not allowed(user, "audit"):
        raise HTTPException(403, "Kun en administrator kan læse loggen over opslag.")
    if request.url.path.endswith(".csv"):
        headers = {"Content-Disposition": 'attachment; filename="opslag.csv"'}
        return Response(dashboard.audit.as_csv(), media_type="text/csv; charset=utf-8", headers=headers)
    return dashboard.render(request, "audit.html.j2", entries=dashboard.audit.entries(), deadline_count=None)


def health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


# -- the application ------------------------------------------------------------------------------


def set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    response.set_cookie(
        name, value, httponly=True, samesite="strict", secure=request.url.scheme == "https", path="/"
    )


PUBLIC = {"/login", "/health", "/static"}


def needs_session(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """The endpoint runs only in a live session; without one, a page goes to /login."""
    if inspect.iscoroutinefunction(endpoint):

        async def run_async(request: Request) -> Response:
            if (redirect := attach_session(request)) is not None:
                return redirect
            return await endpoint(request)

        return run_async

    def run(request: Request) -> Response:
        if (redirect := attach_session(request)) is not None:
            return redirect
        return endpoint(request)

    return run


def attach_session(request: Request) -> Response | None:
    """The request's live session, or the way to /login. A user removed or changed on the command
    line (role, team, municipality) is logged out at their next request."""
    dashboard: Dashboard = request.app.state.dashboard
    token = request.cookies.get(COOKIE)
    session = dashboard.sessions.get(token)
    if session is not None and dashboard.users.get(session.user.name) != session.user:
        dashboard.sessions.end(token)
        session = None
    if session is None:
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response
    request.state.session = session
    return None


def error_page(request: Request, exc: Exception) -> Response:
    dashboard: Dashboard = request.app.state.dashboard
    if isinstance(exc, HTTPException):
        status, message = exc.status_code, str(exc.detail)
        if status == 404 and message == "Not Found":
            message = "Siden findes ikke."
        elif status == 405:
            message = "Siden kan ikke bruges sådan."
    elif isinstance(exc, WarehouseLockedError):
        status, message = 503, "Lageret opdateres lige nu (en indlæsning er i gang). Prøv igen om et øjeblik."
    elif isinstance(exc, BoernetalError):
        status, message = 400, exc.message
    else:
        status, message = (
            500,
            "Der skete en fejl i Børnetal. Prøv igen; sker det igen, så kontakt jeres administrator.",
        )
    if request.url.path in ("/health",):
        return PlainTextResponse(message, status_code=status)
    response = dashboard.render(
        request,
        "error.html.j2",
        status,
        status=status,
        message=message,
        retry_after=RETRY_AFTER,
        deadline_count=None,
    )
    if status == 503:
        response.headers["Retry-After"] = str(RETRY_AFTER)
    return response


def create_app(workspace: Workspace, clock: Callable[[], float] = time.monotonic) -> Starlette:
    """The dashboard application on ``workspace``."""
    static = resources.files("boernetal.dashboard").joinpath("static")
    routes = [
        Route("/health", health),
        Route("/login", login_form, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", needs_session(logout), methods=["POST"]),
        Route("/", needs_session(overview)),
        Route("/frister", needs_session(deadlines)),
        Route("/poster/{list}", needs_session(records)),
        Route("/poster/noegletal/{indicator}", needs_session(figure_records)),
        Route("/sagstal", needs_session(caseloads)),
        Route("/noegletal", needs_session(key_figures_page)),
        Route("/noegletal.{format:str}", needs_session(download)),
        Route("/revision", needs_session(audit_page)),
        Route("/revision.csv", needs_session(audit_page)),
        Mount("/static", StaticFiles(directory=str(static)), name="static"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={
            HTTPException: error_page,
            BoernetalError: error_page,  # a warehouse being written, a bad setting: no traceback
            Exception: error_page,
        },
    )
    app.state.dashboard = Dashboard(workspace, clock)
    return app
