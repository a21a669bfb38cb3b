"""Compiled SQL kept between runs: the same figures cold and warm, and a bad cache never hurts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from boernetal import Workspace
from boernetal.engine import compute
from boernetal.engine.executor import wanted
from boernetal.engine.export import to_json
from boernetal.engine.sqlcache import ENV_VAR, SqlCache, fingerprint, run
from boernetal.warehouse.schema import schema_sql

from helpers import EXAMPLES, example_workspace


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return example_workspace(tmp_path_factory.mktemp("cache"))


def test_cold_and_warm_runs_give_the_same_figures(example, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "cache"))
    cold = to_json(compute(Workspace.open(example), 2013, publish=True))
    files = list((tmp_path / "cache").glob("sql-*.json"))
    assert [f.name for f in files] == [f"sql-{fingerprint()}.json"]
    cached = json.loads(files[0].read_text("utf-8"))
    assert "notifications.by_month|own_and_unassigned" in cached
    compiled = [entry["sql"] for entry in cached.values() if "sql" in entry]
    assert compiled and all(sql.lstrip().upper().startswith(("SELECT", "WITH")) for sql in compiled)
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


def test_peer_groups_read_from_cached_sql(tmp_path, monkeypatch):
    """A definition joining the peer groups: the cached SQL finds them registered."""
    from boernetal import ingest_directory, init_workspace

    monkeypatch.setenv(ENV_VAR, str(tmp_path / "cache"))
    ws = init_workspace(
        tmp_path / "ws", municipalities=["183", "187"], peer_groups={"vestegn": ["183", "187", "165"]}
    )
    assert ingest_directory(ws, EXAMPLES).loaded
    cold = compute(ws, 2013)
    warm = compute(ws, 2013)
    assert to_json(warm) == to_json(cold)
    assert (
        warm.value("expenditure.per_1000", year=2012, municipality="peer:vestegn", area="placements")
        is not None
    )


def test_the_warehouse_returns_rows_in_catalogue_order(example):
    """Query rows are sorted by the SQL (catalogue_order), as tidy would sort them in pandas."""
    from boernetal.catalogue import REGISTRY
    from boernetal.engine.indicator_set import tidy

    figures = compute(Workspace.open(example), 2013)
    queried = [id for id, frame in figures.results.items() if REGISTRY[id].query and len(frame) > 1]
    assert len(queried) > 20
    for id in queried:
        frame = figures.results[id].drop(columns="suppressed")
        shuffled = frame.sample(frac=1, random_state=1).reset_index(drop=True)
        pd.testing.assert_frame_equal(tidy(REGISTRY[id], shuffled), frame, obj=id)


def test_an_indicator_s_sql_names_no_year_or_municipality(example, tmp_path, monkeypatch):
    """Years, municipalities and peer groups come from the scope's small tables, kept as placeholders."""
    from boernetal.catalogue import REGISTRY

    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    compute(Workspace.open(example), 2013)
    cached = json.loads((tmp_path / f"sql-{fingerprint()}.json").read_text("utf-8"))
    queries = {
        key: entry for key, entry in cached.items() if key.split("|")[0] in REGISTRY and "sql" in entry
    }
    assert len(queries) == sum(1 for i in wanted(None) if i.query is not None)  # the annual set
    for key, entry in cached.items():  # the covered years and the findings too
        for literal in ("2011", "2012", "2013", "'183'", "'187'"):
            assert literal not in key and literal not in entry.get("sql", ""), (key, literal)
    for key, entry in queries.items():
        assert "boernetal_" not in entry["sql"].replace('"@', ""), key  # no content-named table
        for literal in ("2011", "2012", "2013", "'183'", "'187'"):
            assert literal not in entry["sql"], (key, literal)
        assert not re.search(r"MAKE_DATE\((?!9999, 12, 31)", entry["sql"]), key  # only the far date
        assert {"calendar", "days", "month_ends"} & set(entry["tables"]), key


def test_sql_compiled_for_one_workspace_serves_another(example, tmp_path, monkeypatch):
    """Another workspace (other municipalities, peer groups) and year: nothing is compiled again,
    and the figures are those a cold run gives."""
    from boernetal import ingest_directory, init_workspace
    from boernetal.catalogue import REGISTRY
    from boernetal.engine import sqlcache

    monkeypatch.setenv(ENV_VAR, str(tmp_path / "shared"))
    compute(Workspace.open(example), 2013)
    other = init_workspace(
        tmp_path / "other", municipalities=["165", "183", "187"], peer_groups={"vest": ["183", "187"]}
    )
    assert ingest_directory(other, EXAMPLES).loaded
    compiled: list[str] = []
    put = sqlcache.SqlCache.put

    def counting_put(self, key, expr, names=None):  # type: ignore[no-untyped-def]
        compiled.append(key)
        return put(self, key, expr, names)

    monkeypatch.setattr(sqlcache.SqlCache, "put", counting_put)
    warm = compute(other, 2012)
    assert compiled == []  # indicators, covered years and findings alike
    assert warm.municipalities == ("165", "183", "187")
    assert set(warm.rows("notifications.total").municipality) == {"183", "187", "all"}
    assert warm.value("expenditure.per_1000", year=2012, municipality="peer:vest", area="placements")
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "cold"))
    assert to_json(compute(other, 2012)) == to_json(warm)
    assert any(key.split("|")[0] in REGISTRY for key in compiled)  # the cold run did compile


def test_the_queries_that_took_longest_start_first(example, tmp_path, monkeypatch):
    """Each query's time is kept with its SQL; the next run compiles and starts them longest first
    (those not timed yet before all), and still returns them in the catalogue's order."""
    from boernetal.catalogue import REGISTRY
    from boernetal.engine import fast

    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    compute(Workspace.open(example), 2013)
    kept = json.loads((tmp_path / f"sql-{fingerprint()}.json").read_text("utf-8"))
    timed = {key: entry["seconds"] for key, entry in kept.items() if "seconds" in entry}
    queries = [i for i in wanted(None) if i.query is not None]
    con = duckdb.connect()
    con.execute(schema_sql())
    executor = fast.Fast(con)
    assert {fast.query_key(i, executor.additive(i)) for i in queries} <= set(timed)
    assert all(seconds > 0 for seconds in timed.values())

    started: list[str] = []
    compile_query = fast.compile_query

    def recording(indicator, scope, sql, summed):  # type: ignore[no-untyped-def]
        started.append(indicator.id)
        return compile_query(indicator, scope, sql, summed)

    slow, untimed = "placements.new", "complaints.decisions"
    monkeypatch.setattr(fast, "compile_query", recording)
    monkeypatch.setattr(
        SqlCache,
        "seconds",
        lambda self, key: {slow: 9.0, untimed: None}.get(key.split("|")[0], 0.001),
    )
    figures = compute(Workspace.open(example), 2013)
    assert started[0] == untimed and started[1] == slow
    assert list(figures.results) == [id for id in REGISTRY if id in figures.results]


def test_queries_share_the_threads_and_the_setting_is_restored(tmp_path):
    import duckdb

    from boernetal.engine.fast import threads_per_query

    con = duckdb.connect(str(tmp_path / "x.duckdb"))
    for threads, workers, each in ((4, 2, 2), (2, 2, 1), (1, 2, 1), (5, 2, 2)):
        con.execute(f"SET threads = {threads}")
        with threads_per_query(con, workers):
            assert con.sql("SELECT current_setting('threads')").fetchall()[0][0] == each
        assert con.sql("SELECT current_setting('threads')").fetchall()[0][0] == threads


def test_a_derived_indicator_does_not_wait_for_a_query_it_does_not_read():
    """Derivations run as their inputs arrive: one reading the slowest query waits, the others
    (and those derived from derived ones) are computed meanwhile, in catalogue order when ready."""
    import threading
    from concurrent.futures import Future

    from boernetal.catalogue.registry import Indicator
    from boernetal.engine.fast import derive_as_they_arrive

    def frame(value: int) -> pd.DataFrame:
        return pd.DataFrame({"year": [2013], "municipality": ["183"], "value": [value]})

    def plus_one(of: str):  # type: ignore[no-untyped-def]
        return lambda results: frame(int(results[of]["value"].iloc[0]) + 1)

    def derived(id: str, of: str) -> Indicator:
        return Indicator(id, id, "count", "notifications", derive=plus_one(of))

    slow: Future[pd.DataFrame] = Future()
    results: dict = {"slow": slow, "fast": frame(10)}
    waits = [
        derived("after_slow", "slow"),
        derived("after_fast", "fast"),
        derived("after_after", "after_slow"),
    ]
    done = threading.Thread(target=derive_as_they_arrive, args=(waits, results))
    done.start()
    for _ in range(500):  # the fast one is computed while the slow query still runs
        if "after_fast" in results:
            break
        threading.Event().wait(0.01)
    assert results["after_fast"]["value"].tolist() == [11]
    assert "after_slow" not in results and "after_after" not in results and done.is_alive()
    slow.set_result(frame(20))
    done.join(timeout=10)
    assert not done.is_alive()
    assert results["after_slow"]["value"].tolist() == [21]
    assert results["after_after"]["value"].tolist() == [22]


def test_a_query_finishing_while_the_derivations_look_is_not_missed():
    """A derivation finds its query unfinished, and the query finishes right after, before the
    engine looks for queries still running: it goes round again, it does not give up."""
    from concurrent.futures import Future

    from boernetal.catalogue.registry import Indicator
    from boernetal.engine.fast import NotYet, derive_as_they_arrive

    frame = pd.DataFrame({"year": [2013], "municipality": ["183"], "value": [1]})
    query: Future[pd.DataFrame] = Future()

    def read(results):  # type: ignore[no-untyped-def]
        try:
            return results["query"]
        except NotYet:
            query.set_result(frame)  # the query finishes just after the derivation looked
            raise

    results: dict = {"query": query}
    derive_as_they_arrive([Indicator("derived", "derived", "count", "notifications", derive=read)], results)
    assert results["derived"]["value"].tolist() == [1]


def test_whole_number_sums_arrive_as_int64_exactly():
    """DuckDB sums integers into 128-bit integers (Arrow decimals); they arrive as int64, exact
    beyond a float's 2**53, and a sum with decimals keeps them."""
    con = duckdb.connect()
    rows = run(
        con,
        "SELECT sum(x) AS value, sum(x * 0.5) AS half, sum(x) + 9007199254740983 AS big FROM range(5) t(x)",
        {},
    )
    assert rows["value"].dtype == "int64" and rows["value"].tolist() == [10]
    assert rows["big"].tolist() == [9007199254740993]
    assert float(rows["half"].iloc[0]) == 5.0
