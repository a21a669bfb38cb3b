"""Caseload, complaints, economy, expenditure and population indicators, worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from boernetal import init_workspace
from boernetal.engine import compute

from helpers import fake_cpr, load_records, values_of

D = dt.date
A = fake_cpr(D(2005, 1, 1), 1)


def case(id, municipality, team, opened, closed):
    return {
        "case_id": id,
        "cpr": A,
        "municipality": municipality,
        "team": team,
        "opened": opened,
        "closed": closed,
    }


def staff(id, team, start, end, fte):
    return {"adviser_id": id, "team": team, "start": start, "end": end, "fte": fte}


def complaint(id, decided, instance, outcome, municipality, own=False):
    return {
        "decision_id": id,
        "decided": decided,
        "instance": instance,
        "outcome": outcome,
        "own_initiative": own,
        "municipality": municipality,
    }


def line(municipality, area, account, group, budget, actual, year=2013):
    return {
        "municipality": municipality,
        "year": year,
        "area": area,
        "account": account,
        "group": group,
        "budget": Decimal(budget),
        "actual": Decimal(actual),
    }


RECORDS = {
    "cases": [
        case("S1", "183", "Børneteam", D(2012, 1, 1), None),  # every month-end
        case("S2", "183", "Børneteam", D(2013, 1, 31), D(2013, 1, 31)),  # open on 31 January only
        case("S3", "187", " StraXen ", D(2013, 2, 1), D(2013, 6, 30)),  # February–June (team trimmed)
        case("S4", "183", "StraXen", D(2013, 12, 31), None),  # December
        case("S5", "187", "Børneteam", D(2013, 3, 1), D(2013, 3, 30)),  # never open on a month-end
    ],
    "staff": [
        staff("R1", "Børneteam", D(2012, 1, 1), None, Decimal("0.5")),
        staff("R2", "StraXen", D(2013, 7, 1), None, None),  # fte empty = 1
        staff("R3", "Børneteam", D(2013, 1, 1), D(2013, 6, 30), Decimal("0.8")),
    ],
    "complaints": [
        complaint("K1", D(2013, 2, 1), "social_board", "upheld", "183"),
        complaint("K2", D(2013, 3, 1), "social_board", "changed", "183"),
        complaint("K3", D(2013, 4, 1), "appeals_board", "upheld", "187"),
        complaint("K4", D(2013, 5, 1), "appeals_board", "remitted", None),  # counts only in all
        complaint("K5", D(2013, 6, 1), "appeals_board", "changed", "183", own=True),
        complaint("K6", D(2012, 6, 1), "appeals_board", "upheld", "183"),
    ],
    "budget": [
        line("183", "placements", "Plejefamilier", "Familiepleje", "100", "110"),
        line("183", "placements", "Netværkspleje", "Familiepleje", "50", "40"),
        line("183", "placements", "Familiepleje i alt", "Familiepleje", "150", "155"),  # disagrees (actual)
        line("183", "preventive", "Familiebehandling", None, "200", "180"),
        line("187", "placements", "Plejefamilier", "Familiepleje", "30", "35"),
    ],
    "population": [
        {"municipality": "183", "year": 2013, "age": 0, "sex": "boy", "count": 10},
        {"municipality": "183", "year": 2013, "age": 0, "sex": "girl", "count": 10},
        {"municipality": "183", "year": 2013, "age": 17, "sex": None, "count": 30},
        {"municipality": "183", "year": 2013, "age": 18, "sex": None, "count": 100},
        {"municipality": "187", "year": 2013, "age": 5, "sex": None, "count": 150},
        {"municipality": "187", "year": 2013, "age": 40, "sex": None, "count": 50},
        {"municipality": "165", "year": 2013, "age": 30, "sex": None, "count": 1000},
    ],
    "expenditure": [
        {"municipality": "183", "year": 2013, "area": "preventive", "amount": Decimal("300")},
        {"municipality": "183", "year": 2013, "area": "placements", "amount": Decimal("150")},
        {"municipality": "187", "year": 2013, "area": "preventive", "amount": Decimal("1000")},
        {"municipality": "165", "year": 2013, "area": "preventive", "amount": Decimal("5000")},
        {
            "municipality": "183",
            "year": 2012,
            "area": "preventive",
            "amount": Decimal("100"),
        },  # no population
    ],
}


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    folder = tmp_path_factory.mktemp("other")
    ws = init_workspace(
        folder / "ws", municipalities=["183", "187"], peer_groups={"vestegn": ["183", "187", "165", "151"]}
    )
    load_records(ws, folder / "in", RECORDS)
    return compute(ws, 2013)


def test_cases_month_end(figures):
    month_end = values_of(figures, "cases.month_end")
    assert month_end[("183", 1, "Børneteam")] == 2
    assert all(month_end[("183", m, "Børneteam")] == 1 for m in range(2, 13))
    assert month_end[("183", 12, "StraXen")] == 1
    assert month_end[("183", 12, "all")] == 2
    assert [month_end.get(("187", m, "StraXen")) for m in range(1, 13)] == [None, *[1] * 5, *[None] * 6]
    assert ("187", 3, "Børneteam") not in month_end  # S5 is never open on a month-end
    assert [month_end.get(("all", m, "all")) for m in range(1, 13)] == [2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 2]


def test_cases_monthly_average(figures):
    assert values_of(figures, "cases.monthly_average") == pytest.approx(
        {
            ("183", "Børneteam"): 13 / 12, ("183", "StraXen"): 1 / 12, ("183", "all"): 14 / 12,
            ("187", "Børneteam"): 0.0, ("187", "StraXen"): 5 / 12, ("187", "all"): 5 / 12,
            ("all", "Børneteam"): 13 / 12, ("all", "StraXen"): 6 / 12, ("all", "all"): 19 / 12,
        }
    )  # fmt: skip


def test_cases_per_adviser_with_fractional_fte(figures):
    # Børneteam FTE: 1.3 in January–June, 0.5 in July–December → mean 0.9; StraXen 0.5; all 1.4
    assert values_of(figures, "cases.per_adviser") == pytest.approx(
        {
            ("all", "Børneteam"): (13 / 12) / 0.9,
            ("all", "StraXen"): (6 / 12) / 0.5,
            ("all", "all"): (19 / 12) / 1.4,
        }
    )


def test_complaints_by_instance_outcome_without_own_initiative(figures):
    assert values_of(figures, "complaints.by_instance_outcome") == {
        ("183", "social_board", "changed"): 1, ("183", "social_board", "upheld"): 1,
        ("187", "appeals_board", "upheld"): 1,
        ("all", "appeals_board", "remitted"): 1, ("all", "appeals_board", "upheld"): 1,
        ("all", "social_board", "changed"): 1, ("all", "social_board", "upheld"): 1,
    }  # fmt: skip


def test_complaints_upheld_share(figures):
    assert values_of(figures, "complaints.upheld_share") == pytest.approx(
        {"183": 50.0, "187": 100.0, "all": 50.0}
    )


def test_complaints_own_initiative(figures):
    assert values_of(figures, "complaints.own_initiative") == {"183": 1, "all": 1}


def test_economy_lines_have_no_all_and_skip_subtotals(figures):
    lines = values_of(figures, "economy.lines")
    assert lines[("183", "placements", "Familiepleje", "Plejefamilier", "variance")] == 10
    assert lines[("183", "preventive", None, "Familiebehandling", "actual")] == 180
    assert not any(key[3] == "Familiepleje i alt" for key in lines)
    assert not any(key[0] == "all" for key in lines)
    assert len(lines) == 4 * 3


def test_economy_groups_areas_total(figures):
    assert values_of(figures, "economy.groups", measure="actual") == {
        ("183", "placements", "Familiepleje"): 150, ("187", "placements", "Familiepleje"): 35,
        ("all", "placements", "Familiepleje"): 185,
    }  # fmt: skip
    assert values_of(figures, "economy.areas", measure="variance") == {
        ("183", "placements"): 0, ("183", "preventive"): -20, ("187", "placements"): 5,
        ("all", "placements"): 5, ("all", "preventive"): -20,
    }  # fmt: skip
    assert values_of(figures, "economy.total") == {
        ("183", "actual"): 330, ("183", "budget"): 350, ("183", "variance"): -20,
        ("187", "actual"): 35, ("187", "budget"): 30, ("187", "variance"): 5,
        ("all", "actual"): 365, ("all", "budget"): 380, ("all", "variance"): -15,
    }  # fmt: skip


def test_economy_subtotal_disagreement_is_a_finding(figures):
    found = [f for f in figures.findings if f.code == "subtotal_mismatch"]
    assert len(found) == 1
    assert (
        "Familiepleje i alt" in found[0].message and "155" in found[0].message and "150" in found[0].message
    )


def test_expenditure_per_1000_and_peer_mean(figures):
    assert values_of(figures, "expenditure.per_1000") == pytest.approx(
        {
            ("165", "preventive"): 5000.0, ("183", "placements"): 1000.0, ("183", "preventive"): 2000.0,
            ("187", "preventive"): 5000.0,
            ("peer:vestegn", "placements"): 1000.0, ("peer:vestegn", "preventive"): 4000.0,
        }
    )  # fmt: skip
    assert values_of(figures, "expenditure.per_1000", 2012) == {}  # no population for 2012
    missing = [f.message for f in figures.findings if f.code == "peer_missing"]
    assert any("Ballerup" in m and "2013" in m for m in missing)


def test_population_children_0_17_and_share(figures):
    assert values_of(figures, "population.children_0_17") == {"183": 50, "187": 150, "all": 200}
    assert values_of(figures, "population.children_0_17_share") == pytest.approx({"183": 25.0, "187": 75.0})
