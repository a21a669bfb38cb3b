"""A dashboard to test against: a workspace with hand-made records in two municipalities and
three teams, users of every role, and ``boernetal serve`` started on it as a process on a free
local port, spoken to over real HTTP."""

from __future__ import annotations

import datetime as dt
import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from boernetal import init_workspace

from helpers import fake_cpr, load_records, placement_row

D, T = dt.date, dt.datetime
PASSWORD = "en-lang-adgangskode"
DAY = "2013-06-30"
CPRS = [fake_cpr(D(2002, 1, 1) + dt.timedelta(days=97 * i), i) for i in range(24)]
#: (name, role, team, municipality)
USERS = [
    ("leder", "leder", None, None),
    ("leder187", "leder", None, "187"),
    ("raad", "raadgiver", "Akutteam", None),
    ("analytiker", "analytiker", None, None),
    ("admin", "admin", None, None),
    ("laas", "leder", None, None),  # for the lock-out test only
]


def records() -> dict[str, list[dict[str, object]]]:
    """Notifications waiting and late in two teams and two municipalities, an investigation over
    its deadline, a young person turning 18, cases with and without an adviser."""
    teams = ["Akutteam", "Børneteam", "Ungeteam"]
    notifications = []
    for i in range(12):
        received = D(2013, 6, 10 + i)
        notifications.append(
            {
                "notification_id": f"N{i + 1:02d}",
                "cpr": CPRS[i],
                "municipality": "183" if (i // 2) % 2 else "187",
                "received": received,
                "channel": "written",
                "source": "school",
                "first_action": "meeting_with_parents" if i % 2 else None,
                "first_action_at": received + dt.timedelta(days=3) if i % 2 else None,
                "team": teams[i % 3],
            }
        )
    investigations = [
        {
            "investigation_id": f"U{i}",
            "cpr": CPRS[i],
            "municipality": "183" if i % 2 else "187",
            "decided": D(2013, 1, 10 + i),
            "completed": None,
            "team": teams[i % 3],
        }
        for i in range(6)
    ]
    cases = [
        {
            "case_id": f"S{i:02d}",
            "cpr": CPRS[i],
            "municipality": "183" if i % 2 else "187",
            "team": teams[i % 3],
            "adviser_id": None if i == 5 else f"R{i % 3 + 1}",
            "opened": D(2012, 1, 1),
            "closed": None,
        }
        for i in range(18)
    ]
    staff = [
        {"adviser_id": f"R{n + 1}", "team": team, "start": D(2010, 1, 1), "end": None, "fte": Decimal("1")}
        for n, team in enumerate(teams)
    ]
    placements = [placement_row("P1", fake_cpr(D(1995, 9, 1), 40), "183", D(2010, 1, 1), None)]
    return {
        "notifications": notifications,
        "investigations": investigations,
        "cases": cases,
        "staff": staff,
        "placements": placements,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    folder: Path
    port: int
    process: subprocess.Popen[bytes]

    @property
    def log(self) -> str:
        """What the server wrote (warnings and errors)."""
        return (self.folder.parent / f"serve-{self.port}.log").read_text(errors="replace")

    def client(self) -> Client:
        return Client(self.port)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def make_workspace(folder: Path, extra_config: str = "") -> Path:
    ws = init_workspace(folder / "ws", organisation="Familiecentret", municipalities=["183", "187"])
    load_records(ws, folder / "in", records())
    if extra_config:
        config = ws.path / "boernetal.toml"
        config.write_text(config.read_text("utf-8") + extra_config, encoding="utf-8")
    for name, role, team, municipality in USERS:
        args = [sys.executable, "-m", "boernetal", "users", "add", name, "--role", role, "--password-stdin"]
        args += ["--team", team] if team else []
        args += ["--municipality", municipality] if municipality else []
        done = subprocess.run(
            [*args, "-w", str(ws.path)], input=PASSWORD + "\n", capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    return ws.path


def start(ws: Path) -> Server:
    port = free_port()
    log = (ws.parent / f"serve-{port}.log").open(
        "wb"
    )  # a file, not a pipe nobody reads: a full pipe stops the server
    process = subprocess.Popen(
        [sys.executable, "-m", "boernetal", "serve", "-w", str(ws), "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "NO_COLOR": "1"},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError((ws.parent / f"serve-{port}.log").read_text())
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return Server(ws, port, process)
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError("boernetal serve did not start within 60 s")


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    cookies: list[str]
    body: str


@dataclass
class Client:
    """A browser's HTTP in miniature: cookies kept, redirects not followed."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    bodies: list[str] = field(default_factory=list)

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, urllib.parse.quote(path, safe="/?&=%:"), body=body, headers=headers)
        raw = connection.getresponse()
        content = raw.read().decode("utf-8", errors="replace")
        set_cookies = raw.headers.get_all("set-cookie") or []
        for cookie in set_cookies:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0].strip().strip('"')
            if value and "max-age=0" not in cookie.lower():
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        connection.close()
        self.bodies.append(content)
        return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, set_cookies, content)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, str]) -> Response:
        return self.request("POST", path, form)

    def csrf(self, path: str = "/") -> str:
        found = re.search(r'name="csrf" value="([^"]+)"', self.get(path).body)
        assert found, "no CSRF field on the page"
        return found.group(1)

    def log_in(self, name: str, password: str = PASSWORD) -> Response:
        token = self.csrf("/login")
        return self.post("/login", {"csrf": token, "navn": name, "adgangskode": password})
