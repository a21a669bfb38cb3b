"""Compiled SQL kept between runs: the same figures cold and warm, and a bad cache never hurts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from boernetal import Workspace
from boernetal.indicators import compute
from boernetal.indicators.export import to_json
from boernetal.indicators.sqlcache import ENV_VAR, SqlCache, fingerprint

from helpers import run_cli

EXAMPLES = Path(__file__).parent.parent / "examples" / "udtraek"


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    ws = tmp_path_factory.mktemp("cache") / "ws"
    assert run_cli("init", str(ws), "-m", "183", "-m", "187").returncode == 0
    assert run_cli("ingest", str(EXAMPLES), "-w", str(ws)).returncode == 0
    return ws


def test_cold_and_warm_runs_give_the_same_figures(example, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "cache"))
    cold = to_json(compute(Workspace.open(example), 2013, publish=True))
    files = list((tmp_path / "cache").glob("sql-*.json"))
    assert [f.name for f in files] == [f"sql-{fingerprint()}.json"]
    cached = json.loads(files[0].read_text("utf-8"))
    assert any(key.startswith("notifications.total|2012,2013|183,187|") for key in cached)
    assert all(sql.lstrip().upper().startswith(("SELECT", "WITH")) for sql in cached.values())
    warm = to_json(compute(Workspace.open(example), 2013, publish=True))
    assert warm == cold


def test_a_damaged_cache_is_ignored_and_replaced(example, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    (tmp_path / f"sql-{fingerprint()}.json").write_text("{not json", encoding="utf-8")
    expected = to_json(compute(Workspace.open(example), 2013))
    assert json.loads((tmp_path / f"sql-{fingerprint()}.json").read_text("utf-8"))
    assert to_json(compute(Workspace.open(example), 2013)) == expected


def test_an_unwritable_cache_folder_is_no_error(example, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(blocker / "cache"))  # a folder inside a file cannot be made
    assert (
        compute(Workspace.open(example), 2013).value("notifications.total", year=2013, municipality="all")
        == 46
    )


def test_the_cache_key_is_everything_the_sql_depends_on(tmp_path):
    cache = SqlCache(tmp_path)
    built = []

    def build(n: int):  # type: ignore[no-untyped-def]
        import ibis

        built.append(n)
        return ibis.memtable({"a": [n]}).select("a")

    first = cache.sql("x|2013", lambda: build(1))
    assert cache.sql("x|2013", lambda: build(2)) == first and built == [1]
    cache.sql("x|2012", lambda: build(3))
    assert built == [1, 3]
