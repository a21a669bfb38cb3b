"""What the running dashboard holds — tilstand: the workspace, its users, the open sessions, the
audit log, and what it has read from the warehouse, kept until the next import."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import jinja2
import pandas as pd
from starlette.requests import Request
from starlette.responses import HTMLResponse

from .. import danish
from ..engine import IndicatorSet, compute
from ..engine.backends import executor_for
from ..engine.indicator_set import own_municipalities
from ..errors import WarehouseLockedError
from ..warehouse import writer_at_work
from ..warehouse.connect import reading
from ..workspace import Workspace
from . import pages
from .audit import AuditLog
from .lists import RecordList
from .permissions import Policy, Resource, allowed
from .sessions import Session, Sessions, Throttle
from .users import ROLES, Users

#: how long the import log's last id is taken as current, and how many results are kept
STAMP_SECONDS = 1.0
MAX_KEPT = 512
T = TypeVar("T")
#: the columns whose last day tells how far the records reach
LATEST = (
    ("notifications", "received"),
    ("investigations", "decided"),
    ("cases", "opened"),
    ("placements", "start"),
)


class Dashboard:
    """The application's state: the workspace, its users, the open sessions, the audit log, and the
    figures computed so far (kept until the next import)."""

    def __init__(self, workspace: Workspace, clock: Callable[[], float] = time.monotonic) -> None:
        self.workspace = workspace
        self.settings = workspace.config.dashboard
        self.policy = Policy(self.settings.analysts_see_records)
        self.users = Users(workspace.path)
        self.sessions = Sessions(idle=self.settings.session_minutes * 60, clock=clock)
        self.throttle = Throttle(clock=clock)
        self.audit = AuditLog(workspace.path)
        self._kept: OrderedDict[tuple[object, ...], tuple[object, Any]] = OrderedDict()
        self._stamp: tuple[float, object] | None = None
        self._lock = threading.Lock()
        self.templates = jinja2.Environment(
            loader=jinja2.PackageLoader("boernetal.dashboard", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
        )
        self.templates.filters["figure"] = danish.figure
        self.templates.filters["number"] = danish.number
        self.templates.filters["cell"] = pages.shown_cell
        self.templates.globals["municipality_label"] = pages.municipality_label

    def stamp(self) -> object:
        """What changes with every import: the DuckDB file's (and its log's) time and size, read
        without opening it; on a server, the import log's last id, asked at most once a second."""
        if not self.workspace.config.warehouse_url:
            path = self.workspace.warehouse_path
            if writer_at_work(path):
                raise WarehouseLockedError(f"Lageret {path} opdateres lige nu af en indlæsning.")
            files = (path, path.with_name(path.name + ".wal"))
            return tuple((f.stat().st_mtime_ns, f.stat().st_size) if f.exists() else None for f in files)
        now = time.monotonic()
        with self._lock:
            if self._stamp is not None and now - self._stamp[0] < STAMP_SECONDS:
                return self._stamp[1]
        with reading(self.workspace) as backend:
            value = backend.execute(backend.table("import_log").import_id.max())
        with self._lock:
            self._stamp = (now, value)
        return value

    def remembered(self, key: tuple[object, ...], build: Callable[[], T]) -> T:
        """``build()``, kept until the next import; while an import is being written, what was kept
        from before it (or the WarehouseLockedError, when nothing was)."""
        try:
            stamp = self.stamp()
        except WarehouseLockedError:
            with self._lock:
                kept = self._kept.get(key)
            if kept is not None:
                return kept[1]  # type: ignore[no-any-return]
            raise
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and kept[0] == stamp:
                self._kept.move_to_end(key)
                return kept[1]  # type: ignore[no-any-return]
        value = build()
        with self._lock:
            self._kept[key] = (stamp, value)
            self._kept.move_to_end(key)
            while len(self._kept) > MAX_KEPT:
                self._kept.popitem(last=False)
        return value

    def municipalities(self) -> tuple[str, ...]:
        """The workspace's own: those in boernetal.toml, else those the case records name."""
        if self.workspace.config.municipalities:
            return self.workspace.config.municipalities

        def own() -> tuple[str, ...]:
            with executor_for(self.workspace, plain=True) as executor:
                return own_municipalities(self.workspace.config, executor)

        return self.remembered(("municipalities",), own)

    def figures(self, year: int, published: bool) -> IndicatorSet:
        """The catalogue for ``year`` (engine.compute), computed once per import."""
        return self.remembered(
            ("figures", year, published), lambda: compute(self.workspace, year, publish=published)
        )

    def records(self, lst: RecordList, day: date, resource: Resource) -> pd.DataFrame:
        """A list's records on ``day`` for ``resource``, read once per import."""

        def read() -> pd.DataFrame:
            with reading(self.workspace) as backend:
                return lst.records(backend, day, resource)

        return self.remembered(("records", lst.id, day, resource), read)

    def latest_day(self) -> date | None:
        """The last day the case records reach (a notification received, an investigation decided,
        a case opened, a placement begun): pages open on it when the records end before today."""

        def latest() -> date | None:
            with reading(self.workspace) as backend:
                found = [backend.execute(backend.table(kind)[column].max()) for kind, column in LATEST]
            days = [pd.Timestamp(d).date() for d in found if not pd.isna(d)]
            return max(days) if days else None

        return self.remembered(("latest_day",), latest)

    def default_day(self) -> date:
        latest = self.latest_day()
        return min(date.today(), latest) if latest else date.today()

    def render(self, request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        session: Session | None = request.state.session if hasattr(request.state, "session") else None
        html = self.templates.get_template(template).render(
            organisation=self.workspace.config.organisation,
            user=session.user if session else None,
            role_name=ROLES.get(session.user.role, "") if session else "",
            csrf=session.csrf if session else "",
            path=request.url.path,
            can_audit=bool(session and allowed(session.user, "audit")),
            **{"tab": "", **context},
        )
        return HTMLResponse(html, status_code=status_code)
