"""``boernetal serve`` as a real process over real HTTP: log-in, the access matrix of every role ×
route × another team's or municipality's resource, CSRF, lock-out, the audit log, Danish error
pages, and no CPR number or pseudonym in any response."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest

from dashboard_server import CPRS, DAY, PASSWORD, USERS, make_workspace, records, start

from helpers import query, run_cli, write_csv


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = start(make_workspace(tmp_path_factory.mktemp("dashboard")))
    yield running
    running.stop()


def logged_in(server, name):
    client = server.client()
    response = client.log_in(name)
    assert response.status == 303 and response.headers["location"] == "/", response.body
    return client


ROLES = ("leder", "leder187", "raad", "analytiker", "admin")
OTHER_TEAM = "Børneteam"  # not the adviser's (Akutteam)
#: route -> the status each of ROLES gets, worked out from the rules in docs/dashboard.md
MATRIX = {
    "/": (200, 200, 200, 200, 200),
    f"/frister?dato={DAY}": (200, 200, 200, 200, 403),
    f"/frister?dato={DAY}&kommune=183": (200, 403, 200, 200, 403),
    f"/frister?dato={DAY}&team={OTHER_TEAM}": (200, 200, 403, 200, 403),
    f"/poster/venter?dato={DAY}": (200, 200, 200, 403, 403),
    f"/poster/venter?dato={DAY}&kommune=183": (200, 403, 200, 403, 403),
    f"/poster/venter?dato={DAY}&team={OTHER_TEAM}": (200, 200, 403, 403, 403),
    f"/poster/undersoegelser-over-frist?dato={DAY}&kommune=187": (200, 200, 200, 403, 403),
    f"/sagstal?dato={DAY}": (200, 200, 200, 200, 403),
    f"/poster/aabne-sager?dato={DAY}&team={OTHER_TEAM}": (200, 200, 403, 403, 403),
    f"/sagstal?dato={DAY}&kommune=183": (200, 403, 200, 200, 403),
    "/noegletal?aar=2013": (200, 200, 200, 200, 200),
    "/noegletal?aar=2013&familie=placements": (200, 200, 200, 200, 200),
    "/noegletal.csv?aar=2013": (200, 200, 200, 200, 200),
    "/noegletal.xlsx?aar=2013": (200, 200, 200, 200, 200),
    "/revision": (403, 403, 403, 403, 200),
    "/revision.csv": (403, 403, 403, 403, 200),
}


def test_the_access_matrix(server):
    clients = {name: logged_in(server, name) for name in ROLES}
    wrong = []
    for route, expected in MATRIX.items():
        for name, status in zip(ROLES, expected, strict=True):
            got = clients[name].get(route).status
            if got != status:
                wrong.append(f"{name} {route}: {got}, not {status}")
    assert not wrong, "\n".join(wrong)


def test_nothing_answers_without_logging_in(server):
    client = server.client()
    assert client.get("/health").status == 200
    assert client.get("/login").status == 200
    for route in MATRIX:
        response = client.get(route)
        assert response.status == 303 and response.headers["location"] == "/login", route
    assert client.get("/static/dashboard.css").status == 200  # the style, nothing about anyone


def test_log_in_and_out(server):
    client = server.client()
    assert client.log_in("leder", "forkert-adgangskode").status == 401
    assert "Forkert brugernavn eller adgangskode" in client.bodies[-1]
    assert client.log_in("ingen-saadan", PASSWORD).status == 401  # the same words: no name revealed
    assert "Forkert brugernavn eller adgangskode" in client.bodies[-1]
    response = client.log_in("leder")
    cookie = next(c for c in response.cookies if c.startswith("boernetal_session="))
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
    assert "secure" not in cookie.lower()  # plain HTTP on localhost; Secure when served over TLS
    assert client.get("/").status == 200
    session = client.cookies["boernetal_session"]
    token = client.csrf("/")
    assert client.post("/logout", {"csrf": "forkert"}).status == 403
    assert client.post("/logout", {"csrf": token}).status == 303
    client.cookies["boernetal_session"] = session  # the old cookie no longer opens anything
    assert client.get("/").status == 303


def test_forms_need_their_csrf_token(server):
    client = server.client()
    client.get("/login")
    response = client.post("/login", {"csrf": "gaet", "navn": "leder", "adgangskode": PASSWORD})
    assert response.status == 403 and "Formularen er udløbet" in response.body
    bare = server.client()  # no cookie from the log-in page at all
    assert bare.post("/login", {"csrf": "", "navn": "leder", "adgangskode": PASSWORD}).status == 403


def test_repeated_failures_lock_the_account(server):
    client = server.client()
    for _ in range(5):
        assert client.log_in("laas", "forkert-forkert").status == 401
    response = client.log_in("laas")  # the right password, but locked now
    assert response.status == 401 and "låst" in response.body
    assert logged_in(server, "leder")  # another user is not locked out


def test_each_user_sees_their_part(server):
    leader = logged_in(server, "leder").get(f"/frister?dato={DAY}").body
    assert "Akutteam" in leader and "Børneteam" in leader and "Ungeteam" in leader
    adviser = logged_in(server, "raad").get(f"/poster/venter?dato={DAY}").body
    ids = set(re.findall(r"<td>(N\d\d)</td>", adviser))
    # waiting on 30 June: N01, N03, … (no first action); Akutteam's are N01, N04, N07, N10
    assert ids == {"N01", "N07"}
    leader187 = logged_in(server, "leder187").get(f"/poster/venter?dato={DAY}").body
    assert set(re.findall(r"<td>(N\d\d)</td>", leader187)) == {"N01", "N05", "N09"}
    assert "Vallensbæk" in leader187 and "Ishøj" not in leader187


def test_analysts_see_published_figures(server):
    # one placed child: a count under min_cell, shown to a leader, hidden from an analyst
    leader = logged_in(server, "leder").get("/?aar=2013").body
    analyst = logged_in(server, "analytiker").get("/?aar=2013").body
    card = re.compile(r'id="placements.children">.*?class="now">(?:<a [^>]*>)?([^<]*)<', re.S)
    assert card.search(leader).group(1) == "1"
    assert card.search(analyst).group(1) == "–"
    deadlines = logged_in(server, "analytiker").get(f"/frister?dato={DAY}").body
    assert "/poster/" not in deadlines  # counts, not the records behind them


def test_every_look_at_records_is_logged(server):
    logged_in(server, "raad").get(f"/poster/undersoegelser-over-frist?dato={DAY}")
    admin = logged_in(server, "admin")
    page = admin.get("/revision").body
    assert "raad" in page and "undersoegelser-over-frist" in page and f"dato={DAY}" in page
    assert "team=Akutteam" in page
    exported = admin.get("/revision.csv").body
    assert exported.splitlines()[0] == "tidspunkt;bruger;rolle;liste;filter"
    assert any(
        line.split(";")[1:4] == ["raad", "raadgiver", "undersoegelser-over-frist"]
        for line in exported.splitlines()
    )


def test_bad_requests_get_danish_pages(server):
    client = logged_in(server, "leder")
    for route, status, words in [
        ("/frister?dato=2013-13-01", 400, "kan ikke læses"),
        ("/frister?kommune=999", 404, "ikke en af arbejdsområdets kommuner"),
        ("/poster/findes-ikke", 404, "findes ikke"),
        ("/noegletal?familie=findes-ikke", 404, "findes ikke"),
        ("/noegletal?aar=tyve", 400, "kan ikke bruges"),
        ("/noegletal.pdf", 404, ".csv eller .xlsx"),
        ("/ingen/side", 404, "Siden findes ikke"),
    ]:
        response = client.get(route)
        assert response.status == status and words in response.body, (route, response.status)
        assert "Traceback" not in response.body and 'lang="da"' in response.body


def test_no_cpr_number_or_pseudonym_in_any_response(server):
    clients = {name: logged_in(server, name) for name, *_ in USERS if name != "laas"}
    for client in clients.values():
        for route in MATRIX:
            client.get(route)
        for list_id in (
            "venter",
            "over-24-timer",
            "undersoegelser-over-frist",
            "fylder-18",
            "uden-raadgiver",
        ):
            client.get(f"/poster/{list_id}?dato={DAY}")
    bodies = "\n".join(b for c in clients.values() for b in c.bodies)
    pseudonyms = [row[0] for row in query(server.folder / "warehouse.duckdb", "SELECT child FROM cases")]
    assert pseudonyms
    for cpr in CPRS:
        assert cpr not in bodies and cpr.replace("-", "") not in bodies
    for pseudonym in pseudonyms:
        assert bytes(pseudonym).hex() not in bodies and bytes(pseudonym).hex().upper() not in bodies


def test_serve_needs_a_user_first(tmp_path):
    run_cli("init", str(tmp_path / "ws"), "-m", "183")
    done = run_cli("serve", "-w", str(tmp_path / "ws"), "--port", "1")
    assert done.returncode != 0 and "ingen brugere" in done.stderr and "Traceback" not in done.stderr


def test_the_dashboard_keeps_answering_while_an_import_runs(tmp_path):
    """An import takes the DuckDB file between two requests (readers stay away while it writes);
    meanwhile pages answer 200 or 503 in Danish, never 500, and afterwards show the new records."""
    running = start(make_workspace(tmp_path))
    try:
        client = logged_in(running, "leder")
        before = client.get(f"/poster/venter?dato={DAY}").body
        assert "N99" not in before
        statuses: list[int] = []
        stop = threading.Event()

        def keep_asking() -> None:
            asker = logged_in(running, "leder")
            while not stop.is_set():
                response = asker.get(f"/frister?dato={DAY}")
                statuses.append(response.status)
                if response.status == 503:  # asks again by itself, in a while
                    assert "Lageret opdateres" in response.body and response.headers["retry-after"] == "5"
                    assert '<meta http-equiv="refresh" content="5">' in response.body

        asker = threading.Thread(target=keep_asking)
        asker.start()
        new = dict(records()["notifications"][0], notification_id="N99", received=dt.date(2013, 6, 29))
        (tmp_path / "ny").mkdir()
        write_csv(tmp_path / "ny" / "notifications.csv", [new], header=list(new))
        done = run_cli("ingest", str(tmp_path / "ny"), "-w", str(running.folder))
        stop.set()
        asker.join(60)
        assert done.returncode == 0, done.stderr
        assert statuses and set(statuses) <= {200, 503}
        assert "N99" in client.get(f"/poster/venter?dato={DAY}").body
    finally:
        running.stop()


def test_the_dashboard_on_postgresql(tmp_path):
    """The same pages from a workspace whose warehouse is on a PostgreSQL server."""
    import os

    from boernetal import Workspace
    from test_backends import POSTGRES_ENV, fresh_schema, moved_to_postgres, unavailable

    url = os.environ.get(POSTGRES_ENV)
    if not url:
        unavailable(f"ingen PostgreSQL-server: sæt {POSTGRES_ENV} (scripts/postgres start MAPPE giver en)")
    here = make_workspace(tmp_path / "here")
    moved = moved_to_postgres(Workspace.open(here), fresh_schema(str(url)), tmp_path / "there")
    running = start(moved.path)
    try:
        on_duckdb, on_server = start(here), running
        try:
            for route in (
                f"/frister?dato={DAY}",
                f"/poster/venter?dato={DAY}",
                f"/sagstal?dato={DAY}",
                "/?aar=2013",
            ):
                a, b = logged_in(on_duckdb, "leder").get(route), logged_in(on_server, "leder").get(route)
                assert a.status == b.status == 200, route
                assert re.findall(r"<td[^>]*>([^<]*)</td>", a.body) == re.findall(
                    r"<td[^>]*>([^<]*)</td>", b.body
                )
        finally:
            on_duckdb.stop()
    finally:
        running.stop()


def test_caseloads_per_team_and_adviser(server):
    # 18 open cases, teams in turn: 6 each; Akutteam's all with R1, Ungeteam's with R3 but one (S05)
    page = logged_in(server, "leder").get(f"/sagstal?dato={DAY}").body
    advisers = re.findall(r'<td>([^<]+)</td><td>(R\d)</td><td class="num"><a href="([^"]+)">(\d+)</a>', page)
    assert sorted((team, adviser, n) for team, adviser, _, n in advisers) == [
        ("Akutteam", "R1", "6"),
        ("Børneteam", "R2", "6"),
        ("Ungeteam", "R3", "5"),
    ]
    behind_r3 = next(link for _, adviser, link, _ in advisers if adviser == "R3").replace("&amp;", "&")
    cases = re.findall(r"<td>(S\d\d)</td>", logged_in(server, "leder").get(behind_r3).body)
    assert sorted(cases) == ["S02", "S08", "S11", "S14", "S17"]  # Ungeteam's but S05, which has no adviser
    analyst = logged_in(server, "analytiker").get(f"/sagstal?dato={DAY}").body
    assert "/poster/" not in analyst and "R3" in analyst


def test_overblik_sets_the_municipality_beside_its_peer_group(tmp_path):
    """Expenditure per 1,000 inhabitants (hand-made: 183 spends 2,000,000 kr. on placements with
    1,000 inhabitants, its peer 165 1,000,000 kr. with 2,000): 2,000,000 and the group's unweighted
    mean of 2,000,000 and 500,000 = 1,250,000 kr. per 1,000 inhabitants."""
    from boernetal import Workspace

    from helpers import load_records

    ws = make_workspace(tmp_path, extra_config="")
    config = ws / "boernetal.toml"
    config.write_text(
        config.read_text("utf-8").replace("[peer_groups]", '[peer_groups]\nvestegn = ["183", "165"]'),
        encoding="utf-8",
    )
    load_records(
        Workspace.open(ws),
        tmp_path / "dst",
        {
            "population": [
                {"municipality": "183", "year": 2012, "age": 30, "sex": "", "count": 1000},
                {"municipality": "165", "year": 2012, "age": 30, "sex": "", "count": 2000},
            ],
            "expenditure": [
                {"municipality": "183", "year": 2012, "area": "placements", "amount": 2_000_000},
                {"municipality": "165", "year": 2012, "area": "placements", "amount": 1_000_000},
            ],
        },
    )
    running = start(ws)
    try:
        page = logged_in(running, "leder").get("/?aar=2013&kommune=183").body
        section = page[page.index('id="sammenligning"') :]
        assert "2012" in section and "Gruppen vestegn" in section
        cells = re.findall(r'<td class="num">([^<]+)</td>', section)
        assert cells == ["2.000.000 kr.", "1.250.000 kr."]
    finally:
        running.stop()


def test_overblik_sets_the_municipality_beside_its_peers_and_the_country(tmp_path):
    """Statistics Denmark's figures per 1,000 children aged 0–17 (hand-made: 183 has 80
    notifications and 4,000 children, 20 per 1,000; its peer 165 60 and 2,000, 30; the country
    6,000 and 400,000, 15): 20, the group's unweighted mean (20 + 30) / 2 = 25, and 15."""
    from boernetal import Workspace

    from helpers import load_records

    ws = make_workspace(tmp_path, extra_config="")
    config = ws / "boernetal.toml"
    config.write_text(
        config.read_text("utf-8").replace("[peer_groups]", '[peer_groups]\nvestegn = ["183", "165"]'),
        encoding="utf-8",
    )

    def figure(place: str, value: int) -> dict:
        return {
            "source_table": "UND1",
            "municipality": place,
            "year": 2013,
            "statistic": "notifications",
            "dimensions": "",
            "figure": value,
            "unit": "antal",
        }

    load_records(
        Workspace.open(ws),
        tmp_path / "dst",
        {
            "population": [
                {"municipality": "183", "year": 2013, "age": 10, "sex": "", "count": 4000},
                {"municipality": "183", "year": 2013, "age": 40, "sex": "", "count": 9000},  # not a child
                {"municipality": "165", "year": 2013, "age": 10, "sex": "", "count": 2000},
                {"municipality": "Hele landet", "year": 2013, "age": 10, "sex": "", "count": 400000},
            ],
            "national_figures": [figure("183", 80), figure("165", 60), figure("000", 6000)],
        },
    )
    running = start(ws)
    try:
        page = logged_in(running, "leder").get("/?aar=2013&kommune=183").body
        section = page[page.index('id="sammenligning"') :]
        assert "Pr. 1.000 0–17-årige, 2013" in section and "Hele landet" in section
        assert "Gruppen vestegn" in section and "Underretninger" in section
        cells = re.findall(r'<td class="num">([^<]+)</td>', section)
        assert cells == ["20,0", "25,0", "15,0"]
    finally:
        running.stop()


def test_overblik_counts_lead_to_their_records(server):
    leader = logged_in(server, "leder")
    page = leader.get("/?aar=2013").body
    card = re.search(r'id="notifications.total">.*?class="now"><a href="([^"]+)"[^>]*>(\d+)</a>', page, re.S)
    assert card and card.group(2) == "12"  # N01–N12, all received in June 2013
    records = leader.get(card.group(1).replace("&amp;", "&")).body
    assert len(re.findall(r"<td>N\d\d</td>", records)) == 12
    decided = re.search(
        r'id="investigations.decided">.*?class="now"><a href="([^"]+)"[^>]*>(\d+)</a>', page, re.S
    )
    assert decided and decided.group(2) == "6"
    assert len(re.findall(r"<td>U\d</td>", leader.get(decided.group(1).replace("&amp;", "&")).body)) == 6
    placed = re.search(
        r'id="placements.children">.*?class="now"><a href="([^"]+)"[^>]*>(\d+)</a>', page, re.S
    )
    assert placed and placed.group(2) == "1"  # P1, placed since 2010
    placed_page = leader.get(placed.group(1).replace("&amp;", "&")).body
    assert re.findall(r"<td>(P\d)</td>", placed_page) == ["P1"]
    assert "<td>Ja</td>" in placed_page and "True" not in placed_page  # consent in words
    new = re.search(r'id="placements.new">.*?class="now">([^<]+)</p>', page, re.S)
    assert new and new.group(1) == "0"  # P1 began in 2010: nothing to open
    per_adviser = re.search(r'id="cases.per_adviser">.*?class="now"><a href="([^"]+)"[^>]*>', page, re.S)
    assert per_adviser and per_adviser.group(1).startswith("/sagstal?dato=2013-12-31")
    economy = re.search(r'id="economy.total">.*?class="now"><a href="([^"]+)"[^>]*>', page, re.S)
    assert economy is None or "familie=economy" in economy.group(1)
    analyst = logged_in(server, "analytiker").get("/?aar=2013").body
    assert "/poster/" not in analyst  # counts without the records behind them
    assert "/sagstal" in analyst  # but the caseloads, which analysts see
    assert "/sagstal?" not in logged_in(server, "admin").get("/?aar=2013").body


def nøgletal_links(page: str, indicator: str) -> list[tuple[str, int]]:
    """(link, count) of the counts in an indicator's table on Nøgletal."""
    section = page[page.index(f'id="{indicator}"') :]
    section = section[: section.index("</section>")]
    found = re.findall(r'<a href="(/poster/noegletal/[^"]+)">([\d.]+)</a>', section)
    return [(link.replace("&amp;", "&"), int(n.replace(".", ""))) for link, n in found]


def test_nøgletal_counts_lead_to_their_records(server):
    leader = logged_in(server, "leder")
    page = leader.get("/noegletal?familie=notifications&aar=2013&kommune=183").body
    links = nøgletal_links(page, "notifications.by_first_action")
    assert [n for _, n in links] == [3, 3]  # in 183 N04, N08, N12 had a first action; N03, N07, N11 not
    opened = {}
    for link, n in links:
        ids = re.findall(r"<td>(N\d\d)</td>", leader.get(link).body)
        assert len(ids) == n, link
        opened["meeting_with_parents" in link] = set(ids)
    assert opened == {True: {"N04", "N08", "N12"}, False: {"N03", "N07", "N11"}}
    entries = [
        e for e in logged_in(server, "admin").get("/revision").body.split("<tr>") if "by_first_action" in e
    ]
    assert entries and "leder" in entries[-1]  # each look at records is logged, with its filter
    every = nøgletal_links(
        leader.get("/noegletal?familie=notifications&aar=2013").body, "notifications.total"
    )
    assert len(every) == 1 and every[0][1] == 12
    assert len(re.findall(r"<td>(N\d\d)</td>", leader.get(every[0][0]).body)) == 12
    # no link where nothing is behind: a share, and for those who may not see records
    assert not nøgletal_links(page, "notifications.meeting_share")
    analyst = logged_in(server, "analytiker").get("/noegletal?familie=notifications&aar=2013").body
    assert "/poster/" not in analyst


def test_the_records_behind_a_figure_refuse_what_they_cannot_show(server):
    leader, adviser = logged_in(server, "leder"), logged_in(server, "raad")
    base = "/poster/noegletal/notifications.by_first_action?aar=2013"
    assert leader.get(base + "&first_action=meeting_with_parents").status == 200
    assert leader.get(base + "&kanal=written").status == 400  # not one of its breakdowns
    assert "ikke opdelt efter" in leader.bodies[-1]
    assert leader.get("/poster/noegletal/notifications.nothing?aar=2013").status == 404
    assert leader.get("/poster/noegletal/notifications.meeting_share?aar=2013").status == 404
    assert leader.get("/poster/noegletal/notifications.total?aar=to").status == 400
    assert logged_in(server, "leder187").get(base + "&kommune=183").status == 403
    # an adviser sees their own team's notifications, and placements (which have no team) not at all
    own = re.findall(r"<td>(N\d\d)</td>", adviser.get("/poster/noegletal/notifications.total?aar=2013").body)
    assert set(own) == {"N01", "N04", "N07", "N10"}
    assert adviser.get("/poster/noegletal/placements.children?aar=2013").status == 403
    assert "/poster/noegletal/placements" not in adviser.get("/noegletal?familie=placements&aar=2013").body


def test_a_removed_user_is_logged_out_at_once(server):
    client = logged_in(server, "leder187")
    assert client.get("/").status == 200
    assert run_cli("users", "remove", "leder187", "-w", str(server.folder)).returncode == 0
    try:
        response = client.get("/")
        assert response.status == 303 and response.headers["location"] == "/login"
    finally:
        run_cli(
            "users",
            "add",
            "leder187",
            "--role",
            "leder",
            "--municipality",
            "187",
            "--password-stdin",
            "-w",
            str(server.folder),
            input_text=PASSWORD + "\n",
        )


def test_a_session_ends_after_the_idle_time(tmp_path):
    """The application served over real HTTP (uvicorn in a thread, as ``serve`` runs it) with a
    clock the test moves: 30 minutes idle ends the session; each request starts them again."""
    import time

    import uvicorn

    from boernetal import Workspace
    from boernetal.dashboard.app import create_app
    from dashboard_server import Client, free_port

    now = [10_000.0]
    app = create_app(Workspace.open(make_workspace(tmp_path)), clock=lambda: now[0])
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        client = Client(port)
        assert client.log_in("leder").status == 303
        for _ in range(3):  # active every 29 minutes: still logged in after 87
            now[0] += 29 * 60
            assert client.get("/").status == 200
        now[0] += 30 * 60 + 1
        response = client.get("/")
        assert response.status == 303 and response.headers["location"] == "/login"
        assert "boernetal_session" not in client.cookies
    finally:
        server.should_exit = True
        thread.join(10)
