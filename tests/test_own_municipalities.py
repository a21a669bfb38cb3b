"""A workspace listing no municipalities has those its case records name: kept by each import."""

from __future__ import annotations

import duckdb
import ibis
import pytest

from boernetal import ingest_files, init_workspace
from boernetal.engine import compute
from boernetal.engine.executor import Plain
from boernetal.engine.indicator_set import own_municipalities

from helpers import SAMPLES, query, write_csv

KEPT = "SELECT value FROM meta WHERE key = 'municipality' ORDER BY value"


@pytest.fixture
def unlisted(tmp_path):
    return init_workspace(tmp_path / "ws")


def own(ws):
    with ws.warehouse(read_only=True) as wh:
        return own_municipalities(ws.config, Plain(ibis.duckdb.from_connection(wh.con)))


def moved(rows, municipality):
    return [dict(row, municipality=municipality) for row in rows]


def test_an_import_keeps_the_municipalities_of_the_case_records(unlisted, inputs):
    notifications = write_csv(inputs / "notifications.csv", moved(SAMPLES["notifications"], "183"))
    assert ingest_files(unlisted, "notifications", [notifications]).loaded
    assert query(unlisted.warehouse_path, KEPT) == [("183",)]
    cases = write_csv(inputs / "cases.csv", moved(SAMPLES["cases"], "187"))
    assert ingest_files(unlisted, "cases", [cases]).loaded
    assert query(unlisted.warehouse_path, KEPT) == [("183",), ("187",)]
    assert own(unlisted) == ("183", "187")
    assert compute(unlisted, 2013).municipalities == ("183", "187")


def test_records_moved_to_another_municipality_take_it_out(unlisted, inputs):
    rows = SAMPLES["notifications"]
    assert ingest_files(unlisted, "notifications", [write_csv(inputs / "a.csv", moved(rows, "187"))]).loaded
    assert own(unlisted) == ("187",)
    assert ingest_files(unlisted, "notifications", [write_csv(inputs / "b.csv", moved(rows, "183"))]).loaded
    assert own(unlisted) == ("183",)


def test_a_refused_import_keeps_what_was_kept(unlisted, inputs):
    rows = SAMPLES["notifications"]
    assert ingest_files(unlisted, "notifications", [write_csv(inputs / "a.csv", moved(rows, "183"))]).loaded
    broken = [*moved(rows, "187"), dict(rows[0], notification_id="N9", received="31-02-2013")]
    assert not ingest_files(unlisted, "notifications", [write_csv(inputs / "b.csv", broken)]).loaded
    assert query(unlisted.warehouse_path, KEPT) == [("183",)]


def test_what_is_kept_is_what_the_engine_reads(unlisted, inputs):
    rows = moved(SAMPLES["notifications"], "183")
    assert ingest_files(unlisted, "notifications", [write_csv(inputs / "a.csv", rows)]).loaded
    with duckdb.connect(str(unlisted.warehouse_path)) as con:
        con.execute("INSERT INTO meta VALUES ('municipality', '165')")
    assert own(unlisted) == ("165", "183")


def test_a_warehouse_written_before_they_were_kept_has_its_records_read(unlisted, inputs):
    rows = [*moved(SAMPLES["notifications"][:2], "183"), *moved(SAMPLES["notifications"][2:], "187")]
    assert ingest_files(unlisted, "notifications", [write_csv(inputs / "a.csv", rows)]).loaded
    with duckdb.connect(str(unlisted.warehouse_path)) as con:
        con.execute("DELETE FROM meta WHERE key = 'municipality'")
    assert own(unlisted) == ("183", "187")


def test_municipalities_listed_in_the_configuration_are_the_own_ones(ws, inputs):
    rows = moved(SAMPLES["notifications"], "183")
    assert ingest_files(ws, "notifications", [write_csv(inputs / "a.csv", rows)]).loaded
    assert query(ws.warehouse_path, KEPT) == [("183",)]
    assert own(ws) == ("183", "187")
