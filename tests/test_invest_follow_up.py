"""Business-case follow-up against a workspace with known placements, worked out by hand."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pandas as pd
import pytest

from boernetal.catalogue.scope import years_of
from boernetal.engine import compute
from boernetal.engine.backends import executor_for
from boernetal.invest.case import load_case
from boernetal.invest.follow_up import add_months, follow_up, half_years

from helpers import fake_cpr, load_records, placement_row, run_cli

D = dt.date
X = fake_cpr(D(2005, 1, 1), 1)
Y = fake_cpr(D(2006, 1, 1), 2)
Z = fake_cpr(D(2007, 1, 1), 3)
W = fake_cpr(D(2008, 1, 1), 4)

CASE = """
name = "Opfølgningstest"
start = 2013-01-01
horizon = 2
discount_rate = 0.04
success_rates = [0.5]
[[costs]]
name = "Drift"
kind = "operations"
amounts = 100
[payers]
"183" = 1.0
[savings]
schedule = [1000, 2000]
"""


def placement(id, cpr, municipality, start, end, cost):
    return placement_row(id, cpr, municipality, start, end, annual_cost=Decimal(cost))


def case(id, cpr, opened, closed):
    return {
        "case_id": id,
        "cpr": cpr,
        "municipality": "183",
        "team": "Børneteam",
        "opened": opened,
        "closed": closed,
    }


@pytest.fixture
def workspace(ws, tmp_path):
    load_records(
        ws,
        tmp_path / "in",
        {
            "placements": [
                placement("P1", X, "183", D(2012, 7, 1), D(2012, 12, 31), "365000"),  # 1.000 kr. a day
                placement("P2", X, "183", D(2013, 1, 1), None, "730000"),  # continues P1: not new
                placement("P3", Y, "183", D(2013, 3, 1), D(2013, 3, 31), "365000"),  # new, 31 days
                placement("P4", Z, "187", D(2013, 1, 1), None, "999000"),  # not the case's municipality
            ],
            "cases": [
                case("S1", X, D(2012, 1, 1), None),
                case("S2", Y, D(2013, 1, 1), D(2013, 12, 31)),
                case("S3", W, D(2012, 1, 1), None),  # a child with a case, never placed
            ],
        },
    )
    (tmp_path / "case.toml").write_text(CASE, encoding="utf-8")
    return ws


def test_half_years_and_month_arithmetic():
    assert add_months(D(2013, 8, 31), 6) == D(2014, 2, 28)
    assert add_months(D(2013, 1, 1), -6) == D(2012, 7, 1)
    periods = half_years(D(2013, 1, 1), D(2013, 12, 30))
    assert [(p.number, p.first_day, p.last_day) for p in periods] == [
        (0, D(2012, 7, 1), D(2012, 12, 31)),
        (1, D(2013, 1, 1), D(2013, 6, 30)),
    ]


def test_follow_up_against_known_placements(workspace, tmp_path):
    result = follow_up(workspace, load_case(tmp_path / "case.toml"), D(2013, 12, 31))
    assert result.municipalities == ("183",)
    rows = [
        (h.number, h.children_placed, h.new_placements, h.share_placed, h.spending) for h in result.half_years
    ]
    assert rows == [
        (0, 1, 1, 50.0, pytest.approx(184 * 1000)),  # baseline: P1 for 184 days; X of X and W placed
        (1, 2, 1, pytest.approx(100 / 3), pytest.approx(181 * 2000 + 31 * 1000)),
        (2, 1, 0, pytest.approx(100 / 3), pytest.approx(184 * 2000)),
    ]
    # expected: the baseline less 50 % of year 1's savings (1.000 kr.) for half a year
    assert [h.expected_spending[0.5] for h in result.half_years[1:]] == [183750.0, 183750.0]


def test_follow_up_command(workspace, tmp_path):
    out = tmp_path / "opfoelgning.json"
    done = run_cli(
        "invest", "follow-up", str(tmp_path / "case.toml"), "--as-of", "2013-12-31",
        "--out", str(out), "-w", str(workspace.path),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Opfølgning: Opfølgningstest" in done.stdout and "33,3\u00a0%" in done.stdout
    data = json.loads(out.read_text("utf-8"))
    assert [h["new_placements"] for h in data["half_years"]] == [1, 1, 0]
    early = run_cli(
        "invest", "follow-up", str(tmp_path / "case.toml"), "--as-of", "2012-12-31", "-w", str(workspace.path)
    )
    assert early.returncode == 2 and "før casens start" in early.stderr and "Traceback" not in early.stderr


def test_a_period_that_is_a_calendar_year_counts_as_the_year(workspace):
    """The catalogue over periods gives, for a period that is a calendar year, the annual figures."""
    annual = compute(workspace, 2013)
    ids = ["placements.children", "placements.new", "placements.forced_share"]
    with executor_for(workspace) as executor:
        over = executor.over(years_of((2013,)), annual.municipalities, ids)
    for id in ids:
        expected = annual.rows(id, year=2013).drop(columns="suppressed").reset_index(drop=True)
        assert not expected.empty
        pd.testing.assert_frame_equal(over[id].reset_index(drop=True), expected, obj=id)
