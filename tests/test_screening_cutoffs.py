"""Screening for efterfødselsreaktion: what counts as a moderate or a severe reaction is the
workspace's ([screening] in boernetal.toml), on every executor and through the compiled-SQL
cache; a cut-off that cannot be is said plainly."""

from __future__ import annotations

import datetime as dt

import pytest

from boernetal import Workspace, ingest_files, init_workspace
from boernetal.engine import compute
from boernetal.errors import ConfigError

from helpers import fake_cpr, run_cli, write_csv

D = dt.date
SCORES = {"epds": [2, 10, 11, 12, 13, 14, 25], "gotland": [5, 12, 13, 19, 20, 30]}


def screenings() -> list[dict]:
    rows = []
    for instrument, scores in SCORES.items():
        for score in scores:
            rows.append(
                {
                    "screening_id": f"{instrument}-{score}",
                    "cpr": fake_cpr(D(2013, 2, 1), len(rows) + 1),
                    "municipality": "183",
                    "screened": D(2013, 4, 2),
                    "parent": "mother" if instrument == "epds" else "father",
                    "instrument": instrument,
                    "score": score,
                }
            )
    return rows


def set_screening(ws: Workspace, lines: str) -> None:
    """The workspace's [screening] table (boernetal init writes the defaults) with these lines."""
    config = ws.path / "boernetal.toml"
    defaults = "epds = { moderate = 11, severe = 13 }\ngotland = { moderate = 13, severe = 20 }\n"
    text = config.read_text("utf-8")
    assert defaults in text
    config.write_text(text.replace(defaults, lines + "\n"), encoding="utf-8")


def counted(ws: Workspace, id: str) -> dict[str, float]:
    rows = compute(ws, 2013).rows(id, municipality="183", year=2013)
    return dict(zip(rows["parent"], rows["value"], strict=True))


@pytest.fixture
def ws(tmp_path) -> Workspace:
    ws = init_workspace(tmp_path / "ws", municipalities=["183"])
    assert ingest_files(ws, "postnatal_screenings", [write_csv(tmp_path / "s.csv", screenings())]).loaded
    return ws


def test_the_defaults_then_the_workspaces_own_cutoffs(ws, tmp_path, monkeypatch):
    monkeypatch.setenv("BOERNETAL_CACHE_DIR", str(tmp_path / "cache"))  # compiled SQL kept between runs
    # defaults: EPDS 11/13, Gotland 13/20
    assert counted(ws, "screenings.moderate_or_severe") == {"mother": 5, "father": 4}
    assert counted(ws, "screenings.severe") == {"mother": 3, "father": 2}
    set_screening(ws, "epds = { moderate = 13, severe = 20 }")
    ws = Workspace.open(ws.path)
    assert counted(ws, "screenings.moderate_or_severe") == {"mother": 3, "father": 4}  # Gotland as before
    assert counted(ws, "screenings.severe") == {"mother": 1, "father": 2}


def test_the_plain_executor_reads_the_same_cutoffs(ws):
    import ibis

    from boernetal.engine.executor import Plain
    from boernetal.engine.indicator_set import compute_with

    set_screening(ws, "gotland = { moderate = 20, severe = 30 }")
    ws = Workspace.open(ws.path)
    with ws.warehouse(read_only=True) as warehouse:
        plain = compute_with(Plain(ibis.duckdb.from_connection(warehouse.con)), ws.config, 2013)
    rows = plain.rows("screenings.severe", municipality="183", year=2013)
    assert dict(zip(rows["parent"], rows["value"], strict=True)) == {"mother": 3, "father": 1}
    assert counted(ws, "screenings.severe") == {"mother": 3, "father": 1}  # the DuckDB executor too


@pytest.mark.parametrize(
    "table, words",
    [
        ("phq9 = { moderate = 10, severe = 15 }", "phq9 er ikke en skala"),
        ('epds = { moderate = "ti", severe = 13 }', "moderate og severe som hele tal"),
        ("epds = { moderate = 14, severe = 12 }", "severe (12) er mindre end moderate (14)"),
    ],
)
def test_a_cutoff_that_cannot_be_is_said(ws, table, words):
    set_screening(ws, table)
    with pytest.raises(ConfigError, match="screening"):
        Workspace.open(ws.path)
    out = run_cli("status", "-w", str(ws.path))
    assert out.returncode != 0 and words in out.stderr and "Traceback" not in out.stderr
