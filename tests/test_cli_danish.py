"""The command line speaks Danish (cli/danish.py): help screens, and the errors a user makes on the
command line (a missing or unknown option, a value of the wrong kind, a value after a flag)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from boernetal.cli import app

from helpers import run_cli

COMMANDS = ["init", "ingest", "status", "indicators", "demo", "report", "invest"]

#: what Typer and Click would have written in English
ENGLISH = [
    "Usage",
    "Options",
    "Commands",
    "Arguments",
    "Show this message",
    "[required]",
    "[default",
    "env var",
    "<bool>",
    "<int>",
    "<str>",
    "<path>",
    "list[str]",
    "Error",
    "Missing",
    "No such",
    "Got unexpected",
    "Invalid value",
    "requires an argument",
    "Did you mean",
    "Try '",
]


def english_in(text: str) -> list[str]:
    return [word for word in ENGLISH if word in text]


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_is_danish(command):
    result = run_cli(*([command] if command else []), "--help")
    assert result.returncode == 0, result.stderr
    assert "Brug: " in result.stdout and f"boernetal {command or '[VALG] KOMMANDO'}" in result.stdout
    assert "Valgmuligheder" in result.stdout and "Vis denne hjælp og afslut." in result.stdout
    assert english_in(result.stdout) == []


def test_help_shows_types_in_danish_and_no_value_for_a_flag():
    text = run_cli("indicators", "--help").stdout
    rows = [line.split() for line in text.splitlines() if " --" in line]
    lines = {next(t for t in row if t.startswith("--")): " ".join(row) for row in rows}
    assert "<tal>" in lines["--year"] and "[skal angives]" in lines["--year"]
    assert "<tekst>" in lines["--format"] and "[standard: json]" in lines["--format"]
    assert "<" not in lines["--publish"]  # a flag takes no value, so none is shown
    assert "[miljøvariabel: BOERNETAL_WORKSPACE]" in text


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["indicators"], "--year / -y skal angives."),
        (["indicators", "--year", "abc"], "Ugyldig værdi for --year / -y: skal være et helt tal."),
        (["indicators", "--year", "2013", "--min-cell", "3,5"], "--min-cell: skal være et helt tal."),
        (["indicatorz"], "Ukendt kommando: 'indicatorz'. Mente du 'indicators'?"),
        (["rapport"], "Ukendt kommando: 'rapport'. Mente du 'report' eller 'export'?"),
        (["report", "--yaer", "2013"], "Ukendt valgmulighed: --yaer. Mente du --year?"),
        (["--foo"], "Ukendt valgmulighed: --foo."),
        (["report", "--year"], "--year skal have en værdi."),
        (["ingest"], "FILER skal angives."),
        (["init", "a", "b"], "Uventet argument: b."),
        (
            ["indicators", "--year", "2013", "--publish", "ja"],
            "Uventet argument: ja. --publish tager ingen værdi: skriv bare --publish.",
        ),
    ],
)
def test_usage_errors_are_danish(tmp_path, args, said):
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert said in " ".join(result.stderr.split()), result.stderr  # the panel may wrap lines
    assert "Brug: " in result.stderr and "for hjælp." in result.stderr
    assert english_in(result.stderr) == [] and "Traceback" not in result.stderr


TOKENS = st.sampled_from(
    [
        *(c for c in COMMANDS if c != "demo"),  # the demo would be built: not a usage error
        "--year",
        "-y",
        "2013",
        "abc",
        "--publish",
        "ja",
        "--min-cell",
        "--format",
        "--out",
        "--yaer",
        "-x",
        "--workspace",
        "--allow-invalid",
        "notifications",
        "indicatorz",
    ]
)


USAGE_ERRORS: list[bool] = []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(args=st.lists(TOKENS, max_size=6))
def test_any_usage_error_is_danish(tmp_path, monkeypatch, args):
    """Whatever is typed: a usage error (exit code 2) is in Danish and without a traceback."""
    monkeypatch.chdir(tmp_path)  # what a command that runs writes (init, invest new) lands here
    result = CliRunner().invoke(app, args, env={"BOERNETAL_WORKSPACE": str(tmp_path / "none")})
    USAGE_ERRORS.append(result.exit_code == 2)
    if result.exit_code == 2:
        assert english_in(result.output) == [], (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), args


def test_the_usage_errors_above_were_many():
    """The property test is not vacuous: most of its command lines were usage errors."""
    if not USAGE_ERRORS:
        pytest.skip("run with test_any_usage_error_is_danish")
    assert sum(USAGE_ERRORS) > len(USAGE_ERRORS) / 2


def test_the_version():
    import tomllib
    from pathlib import Path

    project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text("utf-8"))
    done = run_cli("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"Børnetal {project['project']['version']}"
    assert "--version" in run_cli("--help").stdout and "<bool>" not in run_cli("--help").stdout
