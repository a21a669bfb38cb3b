"""Users, sessions and the brake on guessing, without a server: the users file holds Argon2 hashes
only, sessions end after the idle time, failed log-ins slow down and then lock a name."""

from __future__ import annotations

import stat

import pytest

from boernetal.config import load_config
from boernetal.dashboard.permissions import EVERYTHING, Policy, Resource, allowed, narrowed
from boernetal.dashboard.sessions import LOCK_AFTER, LOCK_FOR, SLOWDOWN, Sessions, Throttle
from boernetal.dashboard.users import User, UserError, Users
from boernetal.errors import ConfigError

from helpers import run_cli


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_passwords_are_stored_as_argon2_hashes_only(tmp_path):
    users = Users(tmp_path)
    users.add(User("mette", "leder", municipality="183"), "hemmelig-kode-1")
    text = (tmp_path / "users.json").read_text()
    assert "hemmelig-kode-1" not in text and "$argon2id$" in text
    assert stat.S_IMODE((tmp_path / "users.json").stat().st_mode) == 0o600
    assert users.verify("mette", "hemmelig-kode-1") == User("mette", "leder", None, "183")
    assert users.verify("mette", "hemmelig-kode-2") is None
    assert users.verify("ingen", "hemmelig-kode-1") is None
    users.set_password("mette", "en-anden-kode")
    assert users.verify("mette", "hemmelig-kode-1") is None and users.verify("mette", "en-anden-kode")
    users.remove("mette")
    assert users.all() == []


@pytest.mark.parametrize(
    ("user", "password", "words"),
    [
        (User("a b", "leder"), "langt-nok-kodeord", "kan ikke bruges"),
        (User("ole", "chef"), "langt-nok-kodeord", "findes ikke"),
        (User("ole", "raadgiver"), "langt-nok-kodeord", "skal have et team"),
        (User("ole", "leder"), "kort", "for kort"),
    ],
)
def test_bad_users_are_refused_in_danish(tmp_path, user, password, words):
    with pytest.raises(UserError, match=words):
        Users(tmp_path).add(user, password)


def test_a_session_ends_after_the_idle_time():
    clock = Clock()
    sessions = Sessions(idle=30 * 60, clock=clock)
    token = sessions.start(User("mette", "leder"))
    clock.now += 29 * 60
    assert sessions.get(token) is not None  # and the clock starts again
    clock.now += 29 * 60
    assert sessions.get(token) is not None
    clock.now += 30 * 60 + 1
    assert sessions.get(token) is None
    assert sessions.get("gættet") is None


def test_failed_log_ins_slow_down_then_lock_for_a_while():
    clock = Clock()
    throttle = Throttle(clock=clock)
    delays = []
    for _ in range(LOCK_AFTER):
        assert throttle.locked_for("ole") == 0
        delays.append(throttle.delay("ole"))
        throttle.failed("ole")
    assert delays == [SLOWDOWN * n for n in range(LOCK_AFTER)]
    assert throttle.locked_for("ole") == LOCK_FOR
    assert throttle.locked_for("mette") == 0
    clock.now += LOCK_FOR - 1
    assert throttle.locked_for("ole") == 1
    clock.now += 2
    assert throttle.locked_for("ole") == 0
    throttle.failed("ole")  # after the lock, counting starts afresh
    assert throttle.locked_for("ole") == 0 and throttle.delay("ole") == SLOWDOWN


# role -> may see (figures, lists, records, audit) for: own scope / another municipality / another team
RULES = {
    User("l", "leder"): ((1, 1, 1, 0), (1, 1, 1, 0), (1, 1, 1, 0)),
    User("l", "leder", municipality="183"): ((1, 1, 1, 0), (1, 0, 0, 0), (1, 1, 1, 0)),
    User("r", "raadgiver", team="A"): ((1, 1, 1, 0), (1, 1, 1, 0), (1, 0, 0, 0)),
    User("r", "raadgiver", team="A", municipality="183"): ((1, 1, 1, 0), (1, 0, 0, 0), (1, 0, 0, 0)),
    User("a", "analytiker"): ((1, 1, 0, 0), (1, 1, 0, 0), (1, 1, 0, 0)),
    User("x", "admin"): ((1, 0, 0, 1), (1, 0, 0, 1), (1, 0, 0, 1)),
}


@pytest.mark.parametrize("user", list(RULES))
def test_allowed(user):
    own = narrowed(user, EVERYTHING)
    other_municipality = Resource("187", own.team)
    other_team = Resource(own.municipality, "B")
    for resource, expected in zip((own, other_municipality, other_team), RULES[user], strict=True):
        got = tuple(int(allowed(user, a, resource)) for a in ("figures", "lists", "records", "audit"))
        assert got == expected, (user, resource)
    assert not allowed(None, "figures")
    assert not allowed(user, "something else")


def test_analysts_see_records_only_where_the_workspace_allows_it():
    analyst = User("a", "analytiker")
    assert not allowed(analyst, "records", EVERYTHING)
    assert allowed(analyst, "records", EVERYTHING, Policy(analysts_see_records=True))


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ("caseload_threshold = 0", "caseload_threshold"),
        ('caseload_threshold = "mange"', "caseload_threshold"),
        ("session_minutes = 0", "session_minutes"),
        ("analysts_see_records = 1", "analysts_see_records"),
    ],
)
def test_dashboard_settings_are_checked(tmp_path, setting, words):
    config = tmp_path / "boernetal.toml"
    config.write_text(f"[dashboard]\n{setting}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=words):
        load_config(config)


def test_users_from_the_command_line(tmp_path):
    ws = str(tmp_path / "ws")
    assert run_cli("init", ws, "-m", "183", "-m", "187").returncode == 0
    added = run_cli(
        "users",
        "add",
        "mette",
        "--role",
        "leder",
        "--municipality",
        "Ishøj",
        "--password-stdin",
        "-w",
        ws,
        input_text="en-lang-adgangskode\n",
    )
    assert added.returncode == 0, added.stderr
    listed = run_cli("users", "list", "-w", ws)
    assert "mette" in listed.stdout and "Leder" in listed.stdout and "Ishøj" in listed.stdout
    wrong = run_cli(
        "users",
        "add",
        "ole",
        "--role",
        "leder",
        "--municipality",
        "Aarhus",
        "--password-stdin",
        "-w",
        ws,
        input_text="en-lang-adgangskode\n",
    )
    assert wrong.returncode != 0 and "arbejdsområdets kommuner" in wrong.stderr
    again = run_cli(
        "users",
        "add",
        "mette",
        "--role",
        "leder",
        "--password-stdin",
        "-w",
        ws,
        input_text="en-lang-adgangskode\n",
    )
    assert again.returncode != 0 and "findes allerede" in again.stderr and "Traceback" not in again.stderr
    assert run_cli("users", "remove", "mette", "-w", ws).returncode == 0
    gone = run_cli("users", "remove", "mette", "-w", ws)
    assert gone.returncode != 0 and "findes ikke" in gone.stderr
