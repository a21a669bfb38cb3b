"""`boernetal demo` reproduces the seed's 2013 figures (golden/seed-figures.yaml, a copy of the
spec's), computed by the normal engine from data imported through the normal ingest path. Each
assertion names the figure of the seed it checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from helpers import run_cli

SEED = Path(__file__).resolve().parent / "golden" / "seed-figures.yaml"
ALL = "all"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "boernetal-demo"
    out = run_cli("demo", "--out", str(folder), timeout=600)
    assert out.returncode == 0, out.stderr
    assert "Demoen er klar" in out.stdout and "boernetal report" in out.stdout
    return folder


@pytest.fixture(scope="module")
def seed() -> dict:
    return yaml.safe_load(SEED.read_text("utf-8"))


class Figures:
    def __init__(self, data: dict) -> None:
        self.by_id = {i["id"]: i["rows"] for i in data["indicators"]}

    def value(self, id: str, year: int = 2013, municipality: str = ALL, **keys: object) -> float | None:
        rows = [
            r
            for r in self.by_id[id]
            if r["year"] == year
            and r["municipality"] == municipality
            and all(r.get(k) == v for k, v in keys.items())
        ]
        assert len(rows) <= 1, (id, keys)
        return rows[0]["value"] if rows else None

    def count(self, id: str, year: int = 2013, municipality: str = ALL, **keys: object) -> float:
        return self.value(id, year, municipality, **keys) or 0


@pytest.fixture(scope="module")
def figures(demo) -> Figures:
    out = run_cli("indicators", "--year", "2013", "--out", "-", "-w", str(demo))
    assert out.returncode == 0, out.stderr
    return Figures(json.loads(out.stdout))


def pct(value: float | None, decimals: int = 0) -> float:
    """As the document rounds (half up)."""
    assert value is not None
    scaled = value * 10**decimals
    return int(scaled + 0.5) / 10**decimals


# -- notifications --------------------------------------------------------------------------------
def test_notifications_total_and_per_municipality(figures, seed):
    n = seed["notifications"]
    for year, total in n["total"].items():
        assert figures.value("notifications.total", year) == total, f"notifications.total {year}"
    for m, years in n["by_municipality"].items():
        for year, total in years.items():
            assert figures.value("notifications.total", year, str(m)) == total, f"notifications {m} {year}"


def test_notifications_share_per_municipality_and_population(figures, seed):
    n = seed["notifications"]
    for m, share in n["share_2013"].items():
        part = figures.value("notifications.total", 2013, str(m)) / figures.value("notifications.total", 2013)
        assert pct(part * 100, 1) == share, f"share_2013 {m}"
    for m, share in n["child_population_share_0_17_2013"].items():
        assert pct(figures.value("population.children_0_17_share", 2013, str(m)), 1) == share, (
            f"population {m}"
        )


def test_meetings(figures, seed):
    meetings = seed["notifications"]["meetings"]
    for year, total in meetings["total"].items():
        assert figures.value("notifications.by_channel", year, channel="meeting") == total, f"meetings {year}"
    fall = (meetings["total"][2011] - meetings["total"][2013]) / meetings["total"][2011] * 100
    assert pct(fall, 1) == 77.8  # "et fald på 77,8 % siden 2011"
    for m, years in meetings["share_by_municipality"].items():
        for year, share in years.items():
            got = figures.value("notifications.meeting_share", year, str(m))
            assert pct(got, 1) == share, f"meeting share {m} {year}: {got}"


def test_per_month_average(figures, seed):
    for year, average in seed["notifications"]["per_month_average"].items():
        assert round(figures.value("notifications.per_month_average", year)) == average


def test_born_children_and_per_child(figures, seed):
    born = seed["notifications"]["born_children"]
    for year in (2012, 2013):
        assert figures.value("notifications.born", year) == born["notifications"][year], f"born {year}"
        assert figures.value("notifications.children", year) == born["distinct_children"][year], (
            f"children {year}"
        )
        assert pct(figures.value("notifications.per_child", year), 1) == born["per_child"][year], (
            f"per child {year}"
        )
        assert figures.value("notifications.total", year) - figures.value("notifications.born", year) == (
            figures.count("notifications.unborn", year)
        )


def test_children_notified_twice_and_three_or_more(figures, seed):
    n = seed["notifications"]
    for m, share in n["children_notified_twice_share_2013"].items():
        got = figures.value("notifications.children_by_count_share", 2013, str(m), times="2")
        assert pct(got) == share, f"twice {m}: {got}"
    for m, share in n["children_notified_3plus_share_2013"].items():
        got = figures.value("notifications.children_by_count_share", 2013, str(m), times="3+")
        assert pct(got) == share, f"3+ {m}: {got}"

    def more_than_once(year: int) -> float:
        return sum(figures.count("notifications.children_by_count_share", year, times=t) for t in ("2", "3+"))

    # "faldet 2 procentpoint" and "steget med 2 procentpoint" from 2012 to 2013
    assert round(more_than_once(2013) - more_than_once(2012)) == -2
    three = [figures.count("notifications.children_by_count_share", y, times="3+") for y in (2012, 2013)]
    assert round(three[1] - three[0]) == 2


def test_ages_and_sexes(figures, seed):
    ages = {
        r["age"]: r["value"]
        for r in figures.by_id["notifications.by_age"]
        if r["year"] == 2013 and r["municipality"] == ALL
    }
    top = sorted(ages, key=lambda a: -ages[a])[:3]
    assert top == [17, 9, 15], f"age_2013: most about 17, 9 and 15-year-olds: {top}"
    assert ages.get(0, 0) == min(ages.get(a, 0) for a in range(18)), "fewest about the youngest"
    sex = seed["notifications"]["sex_2013"]
    born = figures.value("notifications.born")
    assert pct(figures.value("notifications.by_sex", sex="boy") / born * 100) == sex["boys"]
    assert pct(figures.value("notifications.by_sex", sex="girl") / born * 100) == sex["girls"]
    boys_187 = figures.value("notifications.by_sex", municipality="187", sex="boy") / figures.value(
        "notifications.born", municipality="187"
    )
    assert pct(boys_187 * 100) == sex["boys_187"]


def test_sources(figures, seed):
    src = seed["notifications"]["sources"]
    total = {y: figures.value("notifications.total", y) for y in (2011, 2012, 2013)}
    group = {
        y: figures.value("notifications.by_source_group_share", y, source_group="other_with_duty")
        for y in (2012, 2013)
    }
    assert pct(group[2013]) == src["other_with_duty_share_2013"]
    for year, expected in src["largest_group_by_year"].items():
        if year < 2011:
            continue
        shares = {
            r["source_group"]: r["value"]
            for r in figures.by_id["notifications.by_source_group"]
            if r["year"] == year and r["municipality"] == ALL
        }
        largest = max(shares, key=lambda g: shares[g])
        assert (
            largest
            == {"health_sector": "health", "school": "school", "other_with_duty": "other_with_duty"}[expected]
        ), year
    police = src["police"]
    assert figures.value("notifications.by_source", source="police") == police["2013_count"]
    assert pct(police["2013_count"] / total[2013] * 100, 1) == police["2013_share"]
    assert (
        pct(figures.value("notifications.by_source", 2012, source="police") / total[2012] * 100)
        == police["2012_share"]
    )
    om = src["other_municipality"]
    assert figures.value("notifications.by_source", source="other_municipality") == om["2013_count"]
    assert pct(om["2013_count"] / total[2013] * 100) == om["2013_share"]
    assert (
        pct(figures.value("notifications.by_source", 2012, source="other_municipality") / total[2012] * 100)
        == om["2012_share"]
    )
    job = src["jobcenter"]
    assert figures.value("notifications.by_source", source="jobcenter") == job["2013_count"]
    assert pct(job["2013_count"] / total[2013] * 100) == job["2013_share"]
    for m, within in src["within_other_with_duty_2013"].items():
        duty = figures.value("notifications.by_source_group", 2013, str(m), source_group="other_with_duty")
        for code, share in within.items():
            got = figures.count("notifications.by_source", 2013, str(m), source=code) / duty * 100
            assert pct(got) == share, f"within other_with_duty {m} {code}: {got}"
    for code in ("psychiatry", "general_practitioner"):
        for year, count in src[code].items():
            assert figures.value("notifications.by_source", year, source=code) == count, f"{code} {year}"
    for year, count in src["schools"].items():
        assert figures.value("notifications.by_source_group", year, source_group="school") == count, (
            f"schools {year}"
        )
    for year, count in src["daycare"].items():
        assert figures.value("notifications.by_source_group", year, source_group="daycare") == count, (
            f"daycare {year}"
        )
    for m in ("183", "187"):  # "godt en fjerdedel i begge kommuner"
        health = figures.value("notifications.by_source_group_share", 2013, m, source_group="health")
        assert 25 < health < 30, f"health sector {m}: {health}"


def test_reasons(figures):
    def top(m: str) -> list[str]:
        rows = {
            r["reason"]: r["value"]
            for r in figures.by_id["notifications.by_reason"]
            if r["year"] == 2013 and r["municipality"] == m
        }
        return sorted(rows, key=lambda k: -rows[k])

    three = ("psychological_neglect", "physical_neglect", "behaviour_no_diagnosis")
    share = sum(figures.count("notifications.by_reason", reason=r) for r in three) / figures.value(
        "notifications.total"
    )
    assert 0.44 <= share < 0.50, f"'knap halvdelen': {share}"
    assert set(top(ALL)[:3]) == set(three)
    assert top("183")[0] == "psychological_neglect" and top("183")[2] == "behaviour_no_diagnosis"
    assert top("187")[0] == "physical_neglect"
    conflict = {
        m: figures.count("notifications.by_reason", 2013, m, reason="conflict_between_carers")
        / figures.value("notifications.total", 2013, m)
        for m in ("183", "187")
    }
    assert conflict["187"] > 2 * conflict["183"]


def test_first_action_and_response(figures, seed):
    for action, years in seed["notifications"]["first_action_share"].items():
        for year, share in years.items():
            got = figures.value("notifications.by_first_action_share", year, first_action=action)
            assert pct(got) == share, f"first action {action} {year}: {got}"
    response = seed["notifications"]["response_2013"]
    assert figures.value("notifications.response", response="same_day") == response["same_day"]
    assert pct(figures.value("notifications.within_14_days_share")) == response["within_14_days_share"]


# -- investigations, placements -------------------------------------------------------------------
def test_investigations(figures, seed):
    assert figures.value("investigations.decided") == seed["child_investigations"]["decided"][2013]


def test_placed_children(figures, seed):
    p = seed["placements"]
    for scope, years in p["children"].items():
        m = ALL if scope == "total" else str(scope)
        for year, count in years.items():
            assert figures.value("placements.children", year, m) == count, f"placed {m} {year}"
    assert round((103 - 84) / 103 * 100) == 18  # "et fald ... på i alt 18 %"


def test_new_placements_and_their_ages(figures, seed):
    new = seed["placements"]["new_2013"]
    assert figures.value("placements.new") == new["total"]
    ages = {
        r["age"]: r["value"]
        for r in figures.by_id["placements.new_by_age"]
        if r["year"] == 2013 and r["municipality"] == ALL
    }
    assert ages.get(2) == new["ages"][2]
    assert sum(v for a, v in ages.items() if 8 <= a <= 11) == new["ages"]["8-11"]
    assert sum(v for a, v in ages.items() if 15 <= a <= 18) == new["ages"]["15-18"]


def test_placement_types_and_changes(figures, seed):
    p = seed["placements"]
    for scope, shares in p["by_type_2013"].items():
        m = ALL if scope == "total" else str(scope)
        for group, expected in shares.items():
            if scope == 187:
                got = figures.value("placements.children_by_type", 2013, m, placement_type=group)
                assert got == expected, f"187 {group}"
            else:
                got = figures.value("placements.children_by_group_share", 2013, m, placement_group=group)
                assert pct(got) == expected, f"{m} {group}: {got}"
    for group, years in p["by_type_187_counts"].items():
        for year, count in years.items():
            assert figures.value("placements.children_by_group", year, "187", placement_group=group) == count
    for scope, changes in p["by_type_change_2012_2013_points"].items():
        m = ALL if scope == "total" else str(scope)
        for group, points in changes.items():
            now = figures.count("placements.children_by_group_share", 2013, m, placement_group=group)
            before = figures.count("placements.children_by_group_share", 2012, m, placement_group=group)
            if (scope, group) == (183, "network_foster"):
                continue  # cannot hold together with the total's +2: see docs/demo.md
            assert round(now - before) == points, f"{m} {group}: {now - before}"


def test_forced_and_aftercare(figures, seed):
    p = seed["placements"]
    for scope, count in p["forced"].items():
        m = ALL if scope == "total" else str(scope)
        assert figures.value("placements.forced", 2013, m) == count, f"forced {m}"
    assert pct(figures.value("placements.forced_share"), 0) == 18  # "knapt 18 %"
    for scope, kinds in p["aftercare_end_2013"].items():
        m = ALL if scope == "total" else str(scope)
        for kind, count in kinds.items():
            assert figures.value("placements.aftercare", 2013, m, kind=kind) == count, f"aftercare {m} {kind}"


# -- expenditure, caseload, complaints, economy ---------------------------------------------------
def test_expenditure_per_1000(figures, seed):
    for area, values in seed["expenditure_per_1000_inhabitants_2012"].items():
        if area == "vestegn_municipalities":
            continue
        for key, expected in values.items():
            m = "peer:Vestegnen" if key == "vestegn_average" else str(key)
            got = figures.value("expenditure.per_1000", 2012, m, area=area)
            assert round(got) == expected, f"{area} {m}: {got}"


def test_caseload(figures, seed):
    c = seed["caseload_2013"]
    months = {"January": 1, "March": 3, "December": 12}
    for name, month in months.items():
        assert figures.value("cases.month_end", 2013, ALL, month=month, team=ALL) == c["total_cases"][name]
    assert (
        round(figures.value("cases.monthly_average", 2013, ALL, team=ALL))
        == c["total_cases"]["monthly_average"]
    )
    assert pct(figures.value("cases.per_adviser", 2013, ALL, team=ALL), 1) == c["cases_per_adviser_average"]


def test_complaints(figures, seed):
    c = seed["complaints_2013"]
    for instance, outcomes in c["instance_outcome"].items():
        for outcome, count in outcomes.items():
            got = figures.count("complaints.by_instance_outcome", instance=instance, outcome=outcome)
            assert got == count, f"{instance} {outcome}"
    assert pct(figures.value("complaints.upheld_share")) == c["upheld_share"]
    assert figures.value("complaints.own_initiative") == c["own_initiative_decisions"]
    assert (
        figures.count("complaints.by_instance_outcome", 2012, instance="appeals_board", outcome="upheld")
        + figures.count(
            "complaints.by_instance_outcome", 2012, instance="appeals_board", outcome="partly_changed"
        )
        == c["appeals_board_complaints"][2012]
    )


# -- Sundhedsplejen (Ishøj only) ----------------------------------------------------------------------
def test_births_premature_and_young_mothers(figures, seed):
    h = seed["health_visiting_183"]
    for year, births in h["births"].items():
        assert figures.value("births.total", year, "183") == births, f"births {year}"
        assert figures.value("births.total", year, "187") is None  # the health visitors serve Ishøj
    for year, p in h["premature_25_36_weeks"].items():
        assert figures.value("births.premature", year, "183") == p["count"]
    # 2012: 17 of 288 is 5.9 %; 2013: 18 of 270 is 6.7 % (the seed cuts it to 6.6 %)
    assert (
        pct(figures.value("births.premature_share", 2012, "183"), 1)
        == h["premature_25_36_weeks"][2012]["share"]
    )
    assert pct(figures.value("births.premature_share", 2013, "183"), 1) == 6.7
    for year, y in h["young_mothers_17_23"].items():
        assert figures.value("births.young_mothers", year, "183") == y["count"]
    # 2013: 34 of 270 is 12.6 %; 2012: 29 of 288 is 10.1 % (the seed's 10.6 % does not follow)
    assert (
        pct(figures.value("births.young_mothers_share", 2013, "183"), 1)
        == h["young_mothers_17_23"][2013]["share"]
    )
    assert pct(figures.value("births.young_mothers_share", 2012, "183"), 1) == 10.1
    assert figures.value("births.readmitted", 2013, "183") == h["readmissions_first_28_days"]["count"]


def test_need_visits_and_equality_in_health(figures, seed):
    h = seed["health_visiting_183"]
    assert (
        pct(figures.value("health_visits.children_need_share", 2013, "183"), 1)
        == h["need_visits_share_of_children"]
    )
    equality = figures.value("health_visits.children_equality_share", 2013, "183")
    assert pct(equality, 1) == h["equality_in_health_visits_share"]


# -- the family services (Ishøjgård, Familieværkstedet) ----------------------------------------------
def test_family_workshop_respite_tolmiea_home_team_and_conferences(figures, seed):
    s = seed["services_2013"]
    w = s["family_workshop"]

    def families(service: str, year: int = 2013, municipality: str = "183") -> float:
        return figures.count("services.families", year, municipality, service=service)

    assert families("open_counselling") == w["anonymous_counselling_families"]
    assert families("advice") == w["advice_families"]
    assert families("family_treatment") == w["family_treatment_families"]
    assert (
        families("advice", municipality="187") + families("family_treatment", municipality="187")
        == w["families_from_187"]
    )
    assert families("open_counselling") - families("open_counselling", 2012) == w["anonymous_change_vs_2012"]
    assert families("advice") - families("advice", 2012) == w["advice_change_vs_2012"]
    respite = [figures.count("services.children", y, service="respite_care") for y in (2012, 2013)]
    change = round(pct((respite[1] - respite[0]) / respite[0] * 100))
    assert f"+{change} %" == s["respite"]["enrolled_children_change"]
    t = s["tolmiea"]
    assert {y: families("tolmiea", y) for y in (2012, 2013)} == t["families"]
    assert figures.count("services.families_new", service="tolmiea") == t["new"]
    assert figures.count("services.families_ended", service="tolmiea") == t["discharged"]
    assert (
        figures.count("services.families_active_end", service="tolmiea")
        == t["active_end_of_year"]["families"]
    )
    assert (
        figures.count("services.children_active_end", service="tolmiea")
        == t["active_end_of_year"]["children"]
    )
    assert families("home_team") == s["home_team"]["families"]
    assert families("family_group_conference") == s["family_group_conferences"]


def test_postnatal_screening(figures, seed):
    p = seed["health_visiting_183"]["postnatal_screening_2013"]
    assert figures.value("screenings.parents", 2013, "183", parent="mother") == p["women"]
    assert figures.value("screenings.parents", 2013, "183", parent="father") == p["men"]
    share = "screenings.moderate_or_severe_share"
    assert pct(figures.value(share, 2013, "183", parent="mother"), 1) == p["moderate_to_severe"]["women"]
    # 8 of 88 men is 9,1 %: the seed says "9 %"
    assert pct(figures.value(share, 2013, "183", parent="father")) == p["moderate_to_severe"]["men"]
    assert (
        pct(figures.value("screenings.severe_share", 2013, "183", parent="mother"), 1) == p["severe"]["women"]
    )
    assert (
        pct(figures.value("screenings.severe_share", 2013, "183", parent="father"), 1) == p["severe"]["men"]
    )


def test_mothers_groups(figures, seed):
    g = seed["health_visiting_183"]["mothers_groups_2013"]
    assert figures.value("groups.groups", 2013, "183", group_type="mothers_group") == g["groups"]
    assert figures.value("groups.participants", 2013, "183", group_type="mothers_group") == g["women"]


def test_vulnerable_pregnant_share_of_referrals(figures, seed):
    share = seed["health_visiting_183"]["vulnerable_pregnant_share_of_referrals"]
    assert pct(figures.value("pregnancy.referrals_special_share", 2013, "183")) == share


# -- school health (Sundhedsprofil), Ishøj only; 2013 is the school year 2012/13 ------------------
def test_needs_children(figures, seed):
    school = seed["school_health_183"]
    needs = school["children_with_needs"]
    assert figures.value("school_needs.pupils", 2013, "183") == school["pupils"]
    assert figures.value("school_needs.children", 2013, "183") == needs["children"]
    share = figures.value("school_needs.children_share", 2013, "183")
    assert needs["share"] == "almost 11 %" and 10 <= share < 11
    assert figures.value("school_needs.children_several", 2013, "183") == needs["with_more_than_one_issue"]
    assert figures.value("school_needs.areas", 2013, "183") == needs["issues"]
    assert figures.value("school_needs.contacts", 2013, "183") == needs["contacts"]
    assert figures.value("school_needs.children", 2013, "187") is None  # the chapter is Ishøj's


def test_school_start_weight_and_motor_skills(figures, seed):
    start = seed["school_health_183"]["school_start"]
    assert start["severe_overweight_share"] == "about 10 %"
    for year in (2012, 2013):  # "næsten uændret fra skoleåret 2011-12"
        severe = figures.value(
            "school_health.bmi_share", year, "183", examination="school_start", bmi_class="severe_overweight"
        )
        assert pct(severe) == 10
    moderate = {
        y: figures.value(
            "school_health.bmi_share", y, "183", examination="school_start", bmi_class="moderate_overweight"
        )
        for y in (2012, 2013)
    }
    assert moderate[2013] < moderate[2012]  # fewer moderately overweight
    motor = start["motor_not_age_appropriate"]
    assert pct(figures.value("school_health.motor_below_share", 2013, "183", sex="boy")) == motor["boys"]
    assert pct(figures.value("school_health.motor_below_share", 2013, "183", sex="girl")) == motor["girls"]
    # 2011/12: "omkring en tredjedel af drengene"
    assert pct(figures.value("school_health.motor_below_share", 2012, "183", sex="boy")) == 33


def test_school_leaving(figures, seed):
    leaving = seed["school_health_183"]["school_leaving"]

    def bmi(code: str, year: int = 2013) -> float | None:
        return figures.value(
            "school_health.bmi_share", year, "183", examination="school_leaving", bmi_class=code
        )

    assert pct(bmi("moderate_overweight"), 1) == leaving["moderate_overweight"]
    assert pct(bmi("severe_overweight"), 1) == leaving["severe_overweight"]
    assert all(bmi("severe_overweight", y) is not None for y in range(2008, 2014))  # six school years
    assert leaving["smoking"] == "halved vs earlier years"
    smoking = [figures.value("school_health.smoking_daily_share", y, "183") for y in range(2009, 2014)]
    earlier = sum(smoking[:-1]) / 4
    assert pct(smoking[-1]) == pct(earlier / 2)
    exercise = leaving["exercise_less_than_twice_weekly"]
    for school_year, share in exercise.items():
        year = int(school_year.split("-")[0]) + 1
        assert pct(figures.value("school_health.exercise_share", year, "183", exercise="less")) == share
    for answer, share in leaving["too_much_to_do"].items():
        assert pct(figures.value("school_health.stress_share", 2013, "183", frequency=answer)) == share
    assert leaving["sleep_too_little"] == "about one third"
    assert pct(figures.value("school_health.sleep_too_little_share", 2013, "183")) == 33


def test_early_detection_and_tip_tab_tynde(figures, seed):
    school = seed["school_health_183"]
    pilot, early = school["early_detection_pilot"], "Tidlig opsporing"
    assert figures.value("programmes.offered", 2013, "183", programme=early) == pilot["offered"]
    assert figures.value("programmes.declined", 2013, "183", programme=early) == pilot["declined_or_absent"]
    assert figures.value("programmes.participated", 2013, "183", programme=early) == pilot["participated"]
    assert figures.value("programmes.referred", 2013, "183", programme=early) == pilot["referred"]
    names = {
        "tip_tab_tynde": "Tip Tab Tynde",
        "fitteen": "FitTeen",
        "straxen": "StraXen",
        "concern_meeting": "Bekymringsmøde",
        "psychologist": "Psykolog",
        "child_psychiatry": "Børnepsykiatrisk afdeling",
        "family_class": "Familieklasse",
        "rigshospitalet": "Rigshospitalet",
        "holbaek_hospital": "Holbæk Sygehus",
    }
    for code, n in school["early_detection_referrals"].items():
        assert (
            figures.value("programmes.referred_to", 2013, "183", programme=early, referred_to=names[code])
            == n
        )
    ttt, name = school["tip_tab_tynde_2012_13"], "Tip Tab Tynde"
    assert figures.value("programmes.enrolled", 2013, "183", programme=name) == ttt["enrolled"]
    assert figures.value("programmes.started", 2013, "183", programme=name) == ttt["started_this_year"]
    assert figures.value("programmes.continuing", 2013, "183", programme=name) == ttt["continuing"]
    assert (
        figures.value("programmes.continuing_ended", 2013, "183", programme=name) == ttt["continuing_ended"]
    )
    assert figures.value("programmes.referred", 2013, "183", programme=name) == ttt["referred_on"]
    assert (
        figures.value("programmes.bmi_reduced_share", 2013, "183", programme=name) == ttt["bmi_reduced_share"]
    )


def test_foster_care(figures, seed):
    share = seed["placements"]["foster_family_share_conflict"]["use"]
    got = figures.value("placements.children_by_group_share", 2013, placement_group="foster_family")
    assert pct(got) == share
    # two supervision groups for foster families began in 2013, with nine couples
    assert figures.value("groups.groups", 2013, "183", group_type="foster_supervision") == 2
    assert figures.value("groups.participants", 2013, "183", group_type="foster_supervision") == 9


def test_comparison_with_peers_and_the_country(figures, seed):
    """The demo's national figures (hent dst's kind) for its own municipalities are its own counts:
    Ishøj's 399 notifications of 2013 over its 5,231 children aged 0–17 on 1 January."""
    assert seed["notifications"]["by_municipality"][183][2013] == 399
    got = figures.value("comparison.per_1000_children", 2013, "183", statistic="notifications")
    assert got == pytest.approx(399 / 5231 * 1000)
    for place in ("peer:Vestegnen", "000"):
        assert figures.value("comparison.per_1000_children", 2013, place, statistic="placed_children")
    # the whole country's spending (the demo's invented 2.121.900 kr. per 1.000 of its 5.580.500
    # inhabitants in 2012) per child of its 1.181.000 aged 0–17
    got = figures.value("comparison.spending_per_child", 2012, "000")
    assert got == pytest.approx(2_121_900 * 5_580.5 / 1_181_000, abs=0.01)


def test_economy(figures, seed):
    e = seed["economy_2013"]
    for m in ("183", "187"):
        for area in ("placements", "preventive", "cash_benefits"):
            if area not in e[int(m)]:
                continue
            for measure in ("budget", "actual", "variance"):
                expected = e[int(m)][area].get(measure)
                got = figures.value("economy.areas", 2013, m, area=area, measure=measure)
                if expected is None or (m, area, measure) in {
                    ("183", "preventive", "actual"),
                    ("183", "preventive", "variance"),
                }:
                    continue  # the seed's own sums disagree by 1 kr.: see docs/demo.md
                assert round(got) == expected, f"economy {m} {area} {measure}: {got}"
    total = e[183]["total_counselling"]
    assert round(figures.value("economy.total", 2013, "183", measure="budget")) == total["budget"]
    assert round(figures.value("economy.total", 2013, "183", measure="actual")) == total["actual"]


# -- the report of the demo -----------------------------------------------------------------------
KEY_SENTENCES = [
    "I 2013 modtog Familiecentret i alt 524 underretninger. "
    "Dette er en stigning i forhold til 2012, hvor antallet var 515",
    "fra 90 møder i 2011 til 58 i 2012 og 20 i 2013. Der er således sket et fald på 77,8 % siden 2011.",
    "i Vallensbæk fra 18,4 % til 2,4 %",
    "Af underretningerne i 2013 var 76,1 % om børn fra Ishøj og 23,9 % om børn fra Vallensbæk.",
    "skulle fordelingen have været 57,5 % fra Ishøj og 42,5 % fra Vallensbæk.",
    "I 2013 modtog Familiecentret i gennemsnit 44 underretninger pr. måned, en stigning fra 43 i 2012.",
    "flest underretninger om børn på henholdsvis 17 år, 9 år og 15 år i 2013",
    "I 2012 blev der i gennemsnit underrettet 1,4 gange pr. barn, "
    "hvilket faldt til 1,3 gange pr. barn i 2013.",
    "underretninger om 395 børn i 2013 ud af i alt 513 underretninger om fødte børn",
    "52 % af underretningerne om fødte børn omhandlede drenge og 48 % piger.",
    "I 2013 var ’andre med skærpet underretningspligt’ den største enkeltgruppe, der underrettede (34 %).",
    "I 2013 blev der handlet på 174 af underretningerne den dag, de blev modtaget.",
    "88 % af alle underretninger blev handlet på inden for 14 dage.",
    "afgørelse om at foretage en børnefaglig undersøgelse i 97 sager",
    "Der var 103 anbragte børn i 2011, hvilket faldt til 93 i 2012 og faldt yderligere til 84 i 2013.",
    "Der var i alt 11 nye anbringelser i 2013.",
    "Af de i alt 84 anbragte børn i 2013 var 15 tvangsanbragt",
    "Der er i alt 13 unge over 18 år i efterværn ved udgangen af 2013.",
    "Antallet af sager faldt fra 758 ved udgangen af januar til 694 i marts",
    "I december lå det samlede antal sager på 741.",
    "svarer til et gennemsnitligt sagstal på 37,4 pr. rådgiver",
    "I løbet af 2013 modtog Familiecentret i alt 47 afgørelser fra klageinstanserne.",
    "I 36 tilfælde blev Familiecentrets afgørelse stadfæstet, svarende til 77 %.",
    "budgetteret med 47.939.240 kr., og udgifterne var 43.165.353 kr., "
    "hvilket er 4.773.887 kr. mindre end forventet.",
    "Der var 270 fødsler i Ishøj i 2013 mod 288 i 2012 og 298 i 2011.",
    "var 17 i 2012 (5,9 % af fødslerne) og 18 i 2013",
    "34 i 2013 (12,6 %)",
    "På Familieværkstedet fik 88 familier åben anonym rådgivning, 34 familier råd og vejledning og 53 "
    "familier familiebehandling i 2013. Desuden fik 26 familier fra Vallensbæk rådgivning eller "
    "familiebehandling.",
    "I forhold til 2012 steg den åbne anonyme rådgivning med 20 familier, "
    "mens råd og vejledning faldt med 29",
    "Tolmiea blev benyttet af 10 familier i 2012 og 13 i 2013. "
    "Der var 3 nye indskrivninger og 7 udskrivninger",
    "Ved udgangen af 2013 var 6 familier med i alt 7 børn i forløb.",
    "en stigning på 21 %.",
    "I 2013 blev der holdt 35 mødregrupper med i alt 167 deltagere",
    "I 2013 tog 187 mødre og 88 fædre imod tilbuddet om screening. 22,5 % af mødrene",
    "36,4 % af dem fik behovsbesøg, og 7,5 % fik besøg under ’Lighed i sundhed’.",
    "14,0 % af dem (21) handlede om gravide med særlige vanskeligheder",
    "Af de anbragte børn og unge var 50 % anbragt i en plejefamilie i 2013",
    "I 2013 blev der startet 2 supervisionsgrupper for plejefamilier med i alt 9 deltagere",
    "I skoleåret 2012/13 var der 311 behovsbørn blandt 2.939 skoleelever i Ishøj",
    "37 af børnene havde mere end én problematik, så der i alt var 348 behovsproblematikker, "
    "der gav 480 kontakter.",
    "I skoleåret 2012/13 var 20 % af drengene og 7 % af pigerne ikke alderssvarende",
    "18,8 % af udskolingseleverne var moderat overvægtige, og 7,8 % var svært overvægtige.",
    "andelen er dermed halveret sammenlignet med de tidligere år",
    "23 % af de unge bevæger sig mindre end et par gange om ugen i fritiden, "
    "et fald fra 32 % i skoleåret 2011/12.",
    "6 % svarer altid, 16 % tit og 59 % somme tider.",
    "og 33 % sover for lidt.",
    "I 2013 fik 70 børn tilbud om Tidlig opsporing. 30 takkede nej eller udeblev, "
    "og 40 har deltaget eller deltager. 22 er henvist til andet",
    "I 2013 var 45 børn indskrevet i Tip Tab Tynde. Heraf begyndte 26 i løbet af året, "
    "mens 19 fortsatte fra tidligere år; af dem er 10 afsluttet i løbet af året.",
    "60 % af børnene har reduceret deres BMI.",
    "Underretninger pr. 1.000 0–17-årige: Ishøj 76,3, Vallensbæk 32,3, mod 64,5 i gennemsnit for "
    "Vestegnen og 63,5 i hele landet.",
    "gennemsnittet var 303.748 kr. pr. 1.000 indbyggere. "
    "Ishøj brugte 348.387 kr., 44.639 kr. over gennemsnittet.",
]


def test_the_report_says_the_seeds_key_sentences(demo):
    import re

    import docx

    document = docx.Document(str(demo / "aarsrapport-2013" / "aarsrapport-2013.docx"))
    text = re.sub(r"\s+", " ", " ".join(p.text for p in document.paragraphs))
    missing = [s for s in KEY_SENTENCES if s not in text]
    assert not missing, missing


def test_the_seeds_own_subtotal_disagreements_are_findings(figures, demo):
    out = run_cli("indicators", "--year", "2013", "--out", "-", "-w", str(demo))
    findings = [f for f in json.loads(out.stdout)["findings"] if f["code"] == "subtotal_mismatch"]
    assert len(findings) == 2 and all(f["municipality"] == "183" for f in findings)


def test_a_second_run_refuses_and_force_rebuilds(demo, tmp_path):
    again = run_cli("demo", "--out", str(demo))
    assert again.returncode != 0 and "--force" in again.stderr and "Traceback" not in again.stderr
    other = tmp_path / "mine"
    other.mkdir()
    (other / "noter.txt").write_text("mine", encoding="utf-8")
    refused = run_cli("demo", "--out", str(other), "--force")
    assert refused.returncode != 0 and (other / "noter.txt").exists()  # --force deletes only a workspace
    before = (demo / "udtraek" / "notifications.csv").read_bytes()
    rebuilt = run_cli("demo", "--out", str(demo), "--force", timeout=600)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert (demo / "udtraek" / "notifications.csv").read_bytes() == before  # the same data, byte for byte


def test_the_data_set_is_deterministic():
    from boernetal.demo import seed

    assert seed.generate() == seed.generate()
