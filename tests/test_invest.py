"""Business cases: the seed's case to the krone, hand-worked cases, properties, Monte Carlo."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from boernetal.invest import CaseError, Evaluation, calculate, load_case, simulate, tornado
from boernetal.invest.case import BusinessCase, Cohort, CostItem, Distribution, Uncertainty, parse_case
from boernetal.invest.documents import write
from boernetal.invest.report import summary, write_json

from helpers import SAMPLES, run_cli, write_csv

EXAMPLE = Path(__file__).parents[1] / "examples" / "ishoej-model.toml"


@pytest.fixture(scope="module")
def seed_result():
    return calculate(load_case(EXAMPLE))


def test_seed_net_gains_to_the_krone(seed_result):
    """004 seed: "Ved succesrate på 10 % forventes en nettogevinst: 1. år på kr. -2.175.391,- …"."""
    stated = {
        0.10: [-2_175_391, -82_368, 1_677_654, 3_332_551],
        0.06: [-2_908_165, -1_505_641, -393_620, 653_173],
    }
    for scenario in seed_result.scenarios:
        nets = [y.net_discounted for y in scenario.years[:4]]
        assert nets == pytest.approx(stated[scenario.success_rate], abs=3)


def test_seed_accumulated_and_payback(seed_result):
    ten, six = seed_result.scenarios
    assert ten.years[3].accumulated == pytest.approx(2_752_446, abs=3)  # "i indsatsens 4. år"
    assert six.years[8].accumulated == pytest.approx(278_483, abs=3)  # "i indsatsens 9. år"
    assert (ten.payback_year, six.payback_year) == (4, 9)  # "tjenes hjem i løbet af 4 til 9 år"


def test_seed_funding_split(seed_result):
    assert round(seed_result.payer_funding["183"]) == 1_263_248
    assert round(seed_result.payer_funding["187"]) == 304_057


def test_seed_summary_in_the_seeds_words(seed_result):
    text = summary(seed_result)
    assert "Ved succesrate på 10\u00a0% forventes en nettogevinst:\n1. år på kr. -2.175.392,-" in text
    assert "akkumuleret nettogevinst på kr. 2.752.446,- i indsatsens 4. år" in text
    assert "akkumuleret nettogevinst på kr. 278.483,- i indsatsens 9. år" in text
    assert "tjenes hjem i løbet af 4 til 9 år" in text
    assert (
        "første år er kr. 1.567.305,-, fordelt med kr. 1.263.248,- på Ishøj og kr. 304.057,- på Vallensbæk."
        in text
    )


def case(**changes) -> BusinessCase:
    base = dict(
        name="Test",
        horizon=3,
        discount_rate=0.0,
        success_rates=(0.5,),
        costs=(CostItem("Drift", "operations", (100.0, 100.0, 100.0)),),
        savings=(100.0, 200.0, 400.0),
    )
    return BusinessCase(**{**base, **changes})


def test_hand_worked_discounting_and_payback():
    # s = 0.5, r = 10 %: nets (50-100)/1.1 = -45.45; (100-100)/1.21 = 0; (200-100)/1.331 = 75.13
    result = calculate(case(discount_rate=0.10))
    (scenario,) = result.scenarios
    assert [y.net_discounted for y in scenario.years] == pytest.approx([-50 / 1.1, 0.0, 100 / 1.331])
    assert [y.accumulated for y in scenario.years] == pytest.approx(
        [-50 / 1.1, -50 / 1.1, -50 / 1.1 + 100 / 1.331]
    )
    assert scenario.payback_year == 3
    assert [y.accumulated_undiscounted for y in scenario.years] == [-50, -50, 50]
    # break-even: year 1 needs 100/100, year 2 100/200, year 3 100/400
    assert result.break_even == pytest.approx((1.0, 0.5, 0.25))
    acc = (100 / 1.1 + 100 / 1.21) / (100 / 1.1 + 200 / 1.21)
    assert result.break_even_accumulated[1] == pytest.approx(acc)


def test_hand_worked_cohort_model():
    # 10 children a year (growing 10 %), a success saves 1000 kr. in its own year and 500 the next,
    # prices grow 2 %: year 1 = 10*1000; year 2 = 1.02*(11*1000 + 10*500);
    # year 3 = 1.0404*(12.1*1000 + 11*500)
    cohort = Cohort(inflow=10, inflow_growth=0.10, unit_price=1000, profile=(1.0, 0.5), price_growth=0.02)
    assert cohort.gross_savings(3) == pytest.approx([10_000, 1.02 * 16_000, 1.0404 * 17_600])
    assert cohort.gross_savings(3, duration=1) == pytest.approx([10_000, 1.02 * 11_000, 1.0404 * 12_100])
    assert cohort.gross_savings(3, duration=3)[2] == pytest.approx(
        1.0404 * (12_100 + 11_000 * 0.5 + 10 * 500)
    )


amounts = st.lists(st.floats(0, 1e8), min_size=1, max_size=12)


@given(amounts, amounts, st.floats(0, 0.2), st.floats(0, 1), st.floats(0, 1))
def test_net_gain_increases_with_success_rate(savings, costs, rate, s1, s2):
    horizon = min(len(savings), len(costs))
    bc = case(
        horizon=horizon,
        discount_rate=rate,
        success_rates=(min(s1, s2), max(s1, s2)),
        savings=tuple(savings[:horizon]),
        costs=(CostItem("c", "operations", tuple(costs[:horizon])),),
    )
    low, high = calculate(bc).scenarios
    for a, b in zip(low.years, high.years, strict=True):
        assert b.net_discounted >= a.net_discounted - 1e-6 * (1 + abs(a.net_discounted))


@given(amounts, amounts, st.floats(0, 1))
def test_zero_rate_gives_plain_sums(savings, costs, success):
    horizon = min(len(savings), len(costs))
    bc = case(
        horizon=horizon,
        discount_rate=0.0,
        success_rates=(success,),
        savings=tuple(savings[:horizon]),
        costs=(CostItem("c", "operations", tuple(costs[:horizon])),),
    )
    years = calculate(bc).scenarios[0].years
    assert [y.net_discounted for y in years] == pytest.approx([y.net for y in years])
    expected = sum(success * s - c for s, c in zip(savings[:horizon], costs[:horizon], strict=True))
    assert years[-1].accumulated == pytest.approx(expected, rel=1e-9, abs=1e-3)
    assert years[-1].accumulated == pytest.approx(years[-1].accumulated_undiscounted, rel=1e-9, abs=1e-3)


@given(amounts, st.floats(0, 0.2), st.floats(0, 1))
def test_zero_savings_never_pay_back(costs, rate, success):
    costs = [c + 1 for c in costs]
    bc = case(
        horizon=len(costs),
        discount_rate=rate,
        success_rates=(success,),
        savings=(0.0,) * len(costs),
        costs=(CostItem("c", "operations", tuple(costs)),),
    )
    assert calculate(bc).scenarios[0].payback_year is None


def test_monte_carlo_is_reproducible_and_agrees_with_the_mean():
    spec = Uncertainty(
        draws=50_000,
        seed=7,
        inputs={
            "success_rate": Distribution("triangular", {"min": 0.04, "mode": 0.08, "max": 0.12}),
            "costs": Distribution("normal", {"mean": 1.0, "sd": 0.05}),
            "savings": Distribution("uniform", {"min": 0.8, "max": 1.2}),
        },
    )
    bc = load_case(EXAMPLE)
    bc = BusinessCase(**{**bc.__dict__, "uncertainty": spec})
    a, b = simulate(bc), simulate(bc)
    assert a == b
    assert simulate(bc, seed=8) != a
    # The model is linear in success, costs and savings given independence: E[acc] is the
    # deterministic case at the means (success 0.08, factors 1).
    mean_case = BusinessCase(**{**bc.__dict__, "success_rates": (0.08,), "uncertainty": None})
    expected = calculate(mean_case).scenarios[0].years[-1].accumulated
    spread = a.percentiles[95][-1] - a.percentiles[5][-1]
    assert abs(a.mean[-1] - expected) < 4 * spread / math.sqrt(a.draws)
    assert a.percentiles[5][-1] < a.percentiles[50][-1] < a.percentiles[95][-1]
    assert list(a.payback_by_year) == sorted(a.payback_by_year)
    assert a.payback_by_year[-1] == pytest.approx(a.payback_probability)


def test_degenerate_distributions_equal_the_deterministic_case():
    bc = load_case(EXAMPLE)
    fixed = Uncertainty(
        draws=1000,
        seed=1,
        inputs={
            "success_rate": Distribution("uniform", {"min": 0.1, "max": 0.1}),
            "costs": Distribution("normal", {"mean": 1.0, "sd": 0.0}),
        },
    )
    sim = simulate(BusinessCase(**{**bc.__dict__, "uncertainty": fixed}))
    deterministic = [y.accumulated for y in calculate(bc).scenarios[0].years]
    assert sim.percentiles[5] == pytest.approx(deterministic)
    assert sim.payback_by_year[3] == 1.0 and sim.payback_by_year[2] == 0.0


def test_tornado_orders_by_swing_and_moves_the_right_way():
    bars = tornado(load_case(EXAMPLE))
    assert bars[0].name == "success_rate"
    assert [b.swing for b in bars] == sorted((b.swing for b in bars), reverse=True)
    by_name = {b.name: b for b in bars}
    assert by_name["success_rate"].high_result > by_name["success_rate"].low_result
    assert by_name["costs"].high_result < by_name["costs"].low_result


def test_effect_duration_for_a_cohort_model():
    cohort = Cohort(10, 0.0, 1000.0, (1.0, 1.0))
    durations = Uncertainty(
        draws=2000, seed=3, inputs={"effect_duration": Distribution("uniform", {"min": 1, "max": 4})}
    )
    bc = case(
        horizon=5,
        cohort=cohort,
        savings=tuple(cohort.gross_savings(5)),
        uncertainty=durations,
        costs=(CostItem("Drift", "operations", (100.0,) * 5),),
    )
    sim = simulate(bc)
    lowest = calculate(BusinessCase(**{**bc.__dict__, "savings": tuple(bc.cohort.gross_savings(5, 1))}))
    highest = calculate(BusinessCase(**{**bc.__dict__, "savings": tuple(bc.cohort.gross_savings(5, 4))}))
    assert lowest.scenarios[0].years[-1].accumulated <= sim.percentiles[5][-1]
    assert sim.percentiles[95][-1] <= highest.scenarios[0].years[-1].accumulated


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (("horizon = 10", "horizon = 0"), "horizon"),
        (("discount_rate = 0.04", 'discount_rate = "4 %"'), "discount_rate"),
        (("success_rates = [0.10, 0.06]", "success_rates = [0.10, 6]"), "success_rates[2]"),
        (('kind = "implementation"', 'kind = "engang"'), "costs[1].kind"),
        (("amounts = 3937620", 'amounts = "3.937.620"'), "costs[2].amounts"),
        (("amounts = 3937620", "amounts = 1e308"), "costs[2].amounts"),
        (("amounts = 3937620", "amounts = nan"), "costs[2].amounts"),
        (("amounts = 3937620", "amounts = inf"), "costs[2].amounts"),
        (("amounts = 3937620", "amounts = -inf"), "costs[2].amounts"),
        (("amounts = 3937620", "amounts = " + "9" * 400), "costs[2].amounts"),
        (("discount_rate = 0.04", "discount_rate = nan"), "discount_rate"),
        (('"187" = 0.194', '"187" = 0.2'), "payers"),
        (("min = 0.04, mode = 0.08", "min = 0.09, mode = 0.08"), "uncertainty.success_rate"),
        (('distribution = "normal"', 'distribution = "lognormal"'), "uncertainty.costs.distribution"),
    ],
)
def test_wrong_inputs_name_the_key(tmp_path, change, key):
    text = EXAMPLE.read_text("utf-8").replace(*change)
    path = tmp_path / "case.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(CaseError) as error:
        load_case(path)
    assert f": {key} " in error.value.message


def test_danish_keys_and_yaml(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text(
        "navn: Familiebehandling\nhorisont: 3\ndiskonteringsrente: 0\nsuccesrater: [0.5]\n"
        "omkostninger:\n  - post: Drift\n    type: operations\n    beløb: 100\n"
        "besparelser:\n  plan: [100, 200, 400]\n",
        "utf-8",
    )
    bc = load_case(path)
    assert (bc.name, bc.horizon, bc.cost_per_year()) == ("Familiebehandling", 3, [100.0, 100.0, 100.0])
    assert calculate(bc).scenarios[0].payback_year == 3


def test_price_from_the_warehouse(ws, inputs):
    from boernetal import ingest_files
    from boernetal.invest.prices import warehouse_prices

    assert ingest_files(ws, "placements", [write_csv(inputs / "p.csv", SAMPLES["placements"])]).loaded
    raw = {
        "name": "Opholdssteder",
        "horizon": 2,
        "discount_rate": 0.0,
        "success_rates": [1.0],
        "costs": [{"name": "Drift", "amounts": 0}],
        "savings": {
            "cohort": {
                "inflow": 1,
                "unit_price": "warehouse:placements.residential_home.annual_cost",
                "profile": [1.0],
            }
        },
    }
    bc = parse_case(raw, warehouse_prices(ws))
    assert bc.savings == (1_200_000.0, 1_200_000.0)  # P2, the one residential home, 1.200.000 kr. a year
    assert "1 anbringelser af typen Opholdssted" in bc.sources["savings.cohort.unit_price"]
    raw["savings"]["cohort"]["unit_price"] = "warehouse:placements.secure_unit.annual_cost"
    with pytest.raises(CaseError, match="ingen anbringelser af typen secure_unit"):
        parse_case(raw, warehouse_prices(ws))


def test_outputs_read_back(tmp_path):
    bc = load_case(EXAMPLE)
    result, sim, bars = calculate(bc), simulate(bc, draws=5000), tornado(bc)
    data = json.loads(
        write_json(tmp_path / "c.json", Evaluation(result, sim, tuple(bars))).read_text("utf-8")
    )
    assert data["scenarios"][1]["payback_year"] == 9
    assert data["scenarios"][0]["years"][3]["accumulated"] == pytest.approx(2_752_446, abs=3)
    assert len(data["simulation"]["percentiles"]["50"]) == 10 and data["tornado"][0]["name"] == "success_rate"
    book = openpyxl.load_workbook(write(Evaluation(result, sim, tuple(bars)), tmp_path / "c.xlsx"))
    about = [row[0] for row in book["Om rapporten"].iter_rows(values_only=True)]
    assert about[:2] == ["Ishøj-model i Børneteamet", "Investeringscase"]
    assert "Tabel 2: Omkostninger, besparelse og nettogevinst ved succesrate 6\u00a0% (kr.)" in about
    assert "Tabel 3: Break-even pr. år" in about and "Figur 1: Akkumuleret nettogevinst" in " ".join(
        map(str, about)
    )
    six = [row for row in book["Tabel 2"].iter_rows(values_only=True) if row[0] == 9]
    assert six[0][5] == pytest.approx(278_483, abs=3) and isinstance(six[0][5], float)  # numbers as numbers
    assert not any("intern brug" in str(row) for row in about)  # no counts of children: no mark
    html = write(Evaluation(result, sim, tuple(bars)), tmp_path / "c.html").read_text("utf-8")
    assert "<h1>Ishøj-model i Børneteamet</h1>" in html and '<td class="n">2.752.446</td>' in html
    assert "Investeringscase" in html and "intern brug" not in html
    assert 'font-family: "Segoe UI"' in html  # CSS is not HTML-escaped
    assert html.count("<svg") == 3 and 'role="img" aria-label="Linjediagram' in html
    assert np.isfinite(data["simulation"]["payback_probability"])


def test_pdf_and_word_read_back(tmp_path):
    import docx
    import pypdfium2

    bc = load_case(EXAMPLE)
    result, sim, bars = calculate(bc), simulate(bc, draws=5000), tornado(bc)
    pdf = pypdfium2.PdfDocument(str(write(Evaluation(result, sim, tuple(bars)), tmp_path / "c.pdf")))
    text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    assert len(pdf) >= 3
    first = pdf[0].get_textpage().get_text_range()  # a short document: cover, contents and summary
    assert "Ishøj-model i Børneteamet" in first and "Indhold" in first and "Resumé" in first
    assert "Side 2 af" in text and "Figur 1: Akkumuleret nettogevinst" in text
    assert "akkumuleret nettogevinst på kr. 2.752.446,- i indsatsens 4. år" in " ".join(text.split())
    document = docx.Document(str(write(Evaluation(result, sim, tuple(bars)), tmp_path / "c.docx")))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings[:6] == [
        ("Title", "Ishøj-model i Børneteamet"),
        ("Heading 1", "Indhold"),
        ("Heading 1", "Resumé"),
        ("Heading 1", "Nettogevinst pr. år"),
        ("Heading 2", "Succesrate 10\u00a0%"),
        ("Heading 2", "Succesrate 6\u00a0%"),
    ]
    six = document.tables[1]
    assert [c.text for c in six.rows[9].cells] == [
        "9",
        "3.937.620",
        "5.102.463",
        "1.164.843",
        "818.403",
        "278.483",
    ]
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert [c.split(":")[0] for c in captions if c.startswith("Figur")] == ["Figur 1", "Figur 2", "Figur 3"]
    assert len(document.inline_shapes) == 3


def test_cli(tmp_path):
    made = run_cli("invest", "new", str(tmp_path / "ny.toml"))
    assert made.returncode == 0 and (tmp_path / "ny.toml").exists()
    again = run_cli("invest", "new", str(tmp_path / "ny.toml"))
    assert again.returncode == 2 and "findes allerede" in again.stderr
    template = run_cli("invest", str(tmp_path / "ny.toml"), "--out", str(tmp_path / "ny"), "--format", "json")
    assert template.returncode == 0 and "tjenes hjem" in template.stdout
    done = run_cli("invest", str(EXAMPLE), "--out", str(tmp_path / "ud"), "--draws", "2000")
    assert done.returncode == 0, done.stderr
    assert "tjenes hjem i løbet af 4 til 9 år" in done.stdout
    assert sorted(p.name for p in (tmp_path / "ud").iterdir()) == [
        f"ishoej-model.{f}" for f in ("docx", "html", "json", "pdf", "xlsx")
    ]
    bad = run_cli("invest", str(EXAMPLE), "--format", "ods")
    assert (
        bad.returncode == 2
        and "Formatet ods kan ikke skrives" in bad.stderr
        and "Traceback" not in bad.stderr
    )


def test_the_summary_says_payback_only_of_the_scenarios_that_pay_back():
    # horizon 3, no discounting, costs 100 a year, savings 100/200/400 × the success rate:
    # 50 %: -50, 0, 100 -> paid back in year 3; 80 %: -20, 60 -> year 2; 10 %: never (-90, -80, -60)
    some = summary(calculate(case(success_rates=(0.5, 0.8, 0.1))))
    assert "forventes at kunne tjenes hjem" not in some
    assert "ved en succesrate på 50\xa0% og 80\xa0% tjenes den hjem i løbet af 2 til 3 år" in some
    assert "ved 10\xa0% ikke inden for 3 år" in some
    every = summary(calculate(case(success_rates=(0.5, 0.8))))
    assert "Investeringen forventes at kunne tjenes hjem i løbet af 2 til 3 år." in every
    none = summary(calculate(case(success_rates=(0.1,))))
    assert "tjenes ikke hjem inden for 3 år i nogen af scenarierne" in none
