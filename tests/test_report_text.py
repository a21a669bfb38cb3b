"""The report's sentences: wording follows the data, numbers are Danish, hidden numbers are never said."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from boernetal import danish
from boernetal.report.text import Sentences, and_list, month_name

COMMON = {"year": 2013, "previous": 2012, "organisation": "Familiecentret", "published": False, "min_cell": 3}
counts = st.integers(min_value=0, max_value=2_000_000)


@given(now=counts, before=counts)
def test_total_and_its_change_follow_the_data(now, before):
    text = Sentences(published=False, min_cell=3)
    said = text.paragraph(
        "notifications", ["total", "total_change"], {**COMMON, "now": now, "before": before}
    ).text
    noun = "underretning" if now == 1 else "underretninger"  # singular and plural right
    assert said.startswith(f"I 2013 modtog Familiecentret i alt {danish.number(now)} {noun}.")
    if now > before:
        assert "en stigning i forhold til 2012" in said and danish.number(before) in said
    elif now < before:
        assert "et fald i forhold til 2012" in said and danish.number(before) in said
    else:
        assert "uændret i forhold til 2012" in said
    if now != before and before:
        change = danish.percent(abs(now - before) / before * 100, 1)
        assert f"på {change}." in said
    assert "  " not in said and ".." not in said


@given(now=st.integers(min_value=0, max_value=50), before=st.integers(min_value=0, max_value=50))
def test_a_published_sentence_never_states_a_small_count(now, before):
    text = Sentences(published=True, min_cell=3)
    said = text.paragraph(
        "notifications", ["total", "total_change"], {**COMMON, "now": now, "before": before}
    ).text
    if 0 < now < 3:
        assert said == ""  # the total would be said: both sentences go (the second refers to it)
    else:
        assert f"i alt {danish.number(now)} underretning" in said
    if 0 < before < 3:
        assert f"hvor antallet var {before} " not in said
    assert all(not 0 < v < 3 for v in text.counts_stated)


@given(value=st.one_of(st.none(), st.floats(min_value=0, max_value=100)))
def test_a_hidden_share_drops_only_its_sentence(value):
    text = Sentences(published=True, min_cell=3)
    context = {**COMMON, "same_day": 40, "within_14": value, "within_24": 50.0}
    said = text.paragraph("notifications", ["same_day", "within_14_days", "within_24_hours"], context).text
    assert "I 2013 blev der handlet på 40 af underretningerne" in said and "50\xa0%" in said
    assert ("inden for 14 dage" in said) == (value is not None)


def test_amounts_dates_and_lists_are_danish():
    text = Sentences(published=False, min_cell=3)
    said = text.sentence(
        "economy",
        "total",
        {**COMMON, "place": "Ishøj", "actual": 60_374_176.4, "budget": 61_471_450},
    )
    assert said == (
        "Det samlede forbrug i Ishøj Kommune var 60.374.176 kr., hvilket er 1.097.274 kr. under "
        "det budgetterede beløb på 61.471.450 kr."
    )
    assert (
        month_name(4) == "april"
        and and_list(["Ishøj", "Vallensbæk", "Brøndby"]) == "Ishøj, Vallensbæk og Brøndby"
    )


@given(decided=st.integers(min_value=0, max_value=3), new=st.integers(min_value=0, max_value=3))
def test_one_is_said_in_the_singular(decided, new):
    text = Sentences(published=False, min_cell=3)
    said = text.sentence("investigations", "decided", {**COMMON, "decided": decided, "before": None})
    assert ("i 1 sag." in said) == (decided == 1) and ("sager" in said) == (decided != 1), said
    said = text.sentence("placements", "new", {**COMMON, "new": new, "older": 0, "place": None})
    if new:
        assert ("1 ny anbringelse " in said) == (new == 1) and ("nye anbringelser" in said) == (new != 1)


def test_what_stays_the_same_is_said_once():
    text = Sentences(published=False, min_cell=3)
    by_year = {2011: "school", 2012: "other_with_duty", 2013: "other_with_duty"}
    said = text.sentence("notifications", "largest_by_year", {**COMMON, "largest_by_year": by_year})
    assert said == (
        "Den største gruppe af underrettere var i 2011 ’skoler’ og i både 2012 og 2013 "
        "’andre med skærpet underretningspligt’."
    )
    same = dict.fromkeys((2011, 2012, 2013), "other_with_duty")
    said = text.sentence("notifications", "largest_by_year", {**COMMON, "largest_by_year": same})
    assert said.endswith("’andre med skærpet underretningspligt’ i alle årene 2011–2013.")
