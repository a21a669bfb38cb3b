"""Data-quality findings, each worked out by hand from a small data set: what a reader must know."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from boernetal import ingest_files, init_workspace
from boernetal.engine import compute

from helpers import SAMPLES, fake_cpr, load_records, placement_row, write_csv

D = dt.date
KIDS = [fake_cpr(D(1995 + n, 1, 1), n) for n in range(1, 6)]

RECORDS = {
    # notifications in 2013 for Ishøj only (Vallensbæk has none: a finding), none in 2011
    "notifications": [
        dict(
            SAMPLES["notifications"][0],
            notification_id="N12",
            received=dt.datetime(2012, 5, 1, 9),
            first_action_at=None,
        ),
        dict(
            SAMPLES["notifications"][0],
            notification_id="N13",
            received=dt.datetime(2013, 5, 1, 9),
            first_action_at=None,
        ),
    ],
    "placements": [
        # open more than 10 years on 31 December 2013: started before 31 December 2003
        placement_row("P1", KIDS[0], "183", D(2003, 12, 30), None),
        placement_row("P2", KIDS[1], "187", D(1999, 1, 1), D(2014, 1, 1)),
        # not: exactly 10 years, ended before 31 December, started later
        placement_row("P3", KIDS[2], "183", D(2003, 12, 31), None),
        placement_row("P4", KIDS[3], "183", D(2000, 1, 1), D(2013, 12, 30)),
        placement_row("P5", KIDS[4], "187", D(2010, 1, 1), None),
    ],
    "expenditure": [
        {"municipality": m, "year": 2013, "area": "preventive", "amount": Decimal("1000")}
        for m in ("183", "187", "165")
    ],
    "population": [
        {"municipality": m, "year": 2013, "age": 5, "sex": None, "count": 100} for m in ("183", "187")
    ],  # 165 has no population: left out of the peer mean
}


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    folder = tmp_path_factory.mktemp("findings")
    ws = init_workspace(
        folder / "ws", municipalities=["183", "187"], peer_groups={"vestegn": ["183", "187", "165"]}
    )
    load_records(ws, folder / "in", RECORDS)
    bad = [dict(SAMPLES["notifications"][0], notification_id="N99", received="31-02-2013")]
    result = ingest_files(ws, "notifications", [write_csv(folder / "bad.csv", bad)], allow_invalid=True)
    assert result.loaded and result.files[0].rejected == 1
    return compute(ws, 2013)


def found(figures, code):
    return [f for f in figures.findings if f.code == code]


def test_placements_open_more_than_10_years_on_31_december(figures):
    long = {f.municipality: f.count for f in found(figures, "placement_over_10_years")}
    assert long == {"183": 1, "187": 1}
    (ishoej,) = [f for f in found(figures, "placement_over_10_years") if f.municipality == "183"]
    assert "31. december 2013" in ishoej.message and ishoej.year == 2013


def test_a_municipality_without_records_in_the_year(figures):
    missing = {(f.kind, f.municipality) for f in found(figures, "municipality_missing")}
    assert ("notifications", "187") in missing
    assert ("notifications", "183") not in missing
    assert ("placements", "183") not in missing and ("placements", "187") not in missing


def test_years_missing_for_a_comparison(figures):
    years = {f.kind: f.year for f in found(figures, "year_missing")}
    assert years["notifications"] == 2011  # 2012 and 2013 are there


def test_quarantined_rows(figures):
    (quarantined,) = found(figures, "quarantined_rows")
    assert (quarantined.kind, quarantined.count) == ("notifications", 1)


def test_peers_left_out_of_a_mean(figures):
    (peer,) = found(figures, "peer_missing")
    assert peer.year == 2013 and "Albertslund" in peer.message and "Ishøj" not in peer.message
