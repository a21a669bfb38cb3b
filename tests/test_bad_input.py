"""One small bad file per error the data contract names.

Each case asserts the exact row (as a spreadsheet shows it: header = row 1), column and shown value
(masked for CPR numbers), and that the warehouse is exactly as before.
"""

from __future__ import annotations

import datetime as dt

import pytest

from boernetal import ingest_files

from helpers import CHILD_A, CHILD_B, SAMPLES, snapshot, write_csv, write_text

D = dt.date


def sample(kind: str, i: int = 0, **changes):
    return dict(SAMPLES[kind][i], **changes)


# (id, kind, rows, expected code, row, column, shown value)
CASES = [
    (
        "invalid_date_slash",
        "placements",
        [sample("placements", start="2013/02/01")],
        "invalid_date",
        2,
        "start",
        "2013/02/01",
    ),
    (
        "invalid_date_two_digit_year",
        "placements",
        [sample("placements", start="01.02.13")],
        "invalid_date",
        2,
        "start",
        "01.02.13",
    ),
    (
        "invalid_date_not_a_day",
        "investigations",
        [sample("investigations", decided="30.02.2013")],
        "invalid_date",
        2,
        "decided",
        "30.02.2013",
    ),
    (
        "invalid_datetime_hour",
        "notifications",
        [sample("notifications", received="2013-02-01 25:00")],
        "invalid_datetime",
        2,
        "received",
        "2013-02-01 25:00",
    ),
    (
        "invalid_bool",
        "placements",
        [sample("placements", consent="måske")],
        "invalid_bool",
        2,
        "consent",
        "måske",
    ),
    (
        "missing_required_bool",
        "placements",
        [sample("placements", consent=None)],
        "missing_value",
        2,
        "consent",
        None,
    ),
    (
        "invalid_amount_text",
        "placements",
        [sample("placements", annual_cost="ca. 400.000")],
        "invalid_amount",
        2,
        "annual_cost",
        "ca. 400.000",
    ),
    ("invalid_integer", "population", [sample("population", age="ti")], "invalid_integer", 2, "age", "ti"),
    ("age_out_of_range", "population", [sample("population", age=126)], "out_of_range", 2, "age", "126"),
    ("fte_above_one", "staff", [sample("staff", fte="1,5")], "out_of_range", 2, "fte", "1,5"),
    ("fte_zero", "staff", [sample("staff", fte="0")], "out_of_range", 2, "fte", "0"),
    ("negative_count", "population", [sample("population", count=-1)], "out_of_range", 2, "count", "-1"),
    (
        "missing_value",
        "notifications",
        [sample("notifications"), sample("notifications", 2, source=None)],
        "missing_value",
        3,
        "source",
        None,
    ),
    (
        "invalid_cpr",
        "investigations",
        [sample("investigations", cpr="12345")],
        "invalid_cpr",
        2,
        "cpr",
        "xxxxx",
    ),
    (
        "cpr_impossible_date",
        "investigations",
        [sample("investigations", cpr="310213-4234")],
        "cpr_impossible_date",
        2,
        "cpr",
        "310213-xxxx",
    ),
    (
        "cpr_in_free_text",
        "cases",
        [sample("cases", team="Sag om " + CHILD_A.replace("-", ""))],
        "cpr_in_text",
        2,
        "team",
        "Sag om 010105-xxxx",
    ),
    (
        "cpr_in_id",
        "cases",
        [sample("cases", case_id="S-" + CHILD_A)],
        "cpr_in_text",
        2,
        "case_id",
        "S-010105-xxxx",
    ),
    (
        "text_too_long",
        "complaints",
        [sample("complaints", subject="x" * 10_001)],
        "text_too_long",
        2,
        "subject",
        "x" * 180 + "… (10.001 tegn)",  # a long value is shown shortened
    ),
    (
        "unknown_code",
        "notifications",
        [sample("notifications", source="Skolen")],
        "unknown_code",
        2,
        "source",
        "Skolen",
    ),
    (
        "unknown_instance",
        "complaints",
        [sample("complaints", instance="Byretten")],
        "unknown_code",
        2,
        "instance",
        "Byretten",
    ),
    (
        "unknown_municipality",
        "measures",
        [sample("measures", municipality="Atlantis")],
        "unknown_municipality",
        2,
        "municipality",
        "Atlantis",
    ),
    (
        "municipality_not_in_workspace",
        "measures",
        [sample("measures", municipality="101")],
        "municipality_not_in_workspace",
        2,
        "municipality",
        "101",
    ),
    (
        "placement_end_before_start",
        "placements",
        [sample("placements", end=D(2011, 12, 31))],
        "end_before_start",
        2,
        "end",
        "31.12.2011",
    ),
    (
        "measure_end_before_start",
        "measures",
        [sample("measures", end=D(2012, 12, 31))],
        "end_before_start",
        2,
        "end",
        "31.12.2012",
    ),
    (
        "case_closed_before_opened",
        "cases",
        [sample("cases", 1, closed=D(2012, 12, 31))],
        "end_before_start",
        2,
        "closed",
        "31.12.2012",
    ),
    (
        "staff_end_before_start",
        "staff",
        [sample("staff", end=D(2011, 1, 1))],
        "end_before_start",
        2,
        "end",
        "01.01.2011",
    ),
    (
        "investigation_completed_before_decided",
        "investigations",
        [sample("investigations", completed=D(2013, 2, 9))],
        "end_before_start",
        2,
        "completed",
        "09.02.2013",
    ),
    (
        "first_action_earlier_same_day",
        "notifications",
        [sample("notifications", first_action_at=dt.datetime(2013, 2, 1, 9, 0))],
        "end_before_start",
        2,
        "first_action_at",
        "01.02.2013 09:00",
    ),
    (
        "first_action_day_before",
        "notifications",
        [sample("notifications", first_action_at=D(2013, 1, 31))],
        "end_before_start",
        2,
        "first_action_at",
        "31.01.2013",
    ),
    (
        "received_in_future",
        "notifications",
        [sample("notifications", received=D(2099, 1, 1))],
        "in_future",
        2,
        "received",
        "01.01.2099",
    ),
    (
        "decided_in_future",
        "investigations",
        [sample("investigations", decided=D(2099, 1, 1), completed=None)],
        "in_future",
        2,
        "decided",
        "01.01.2099",
    ),
    (
        "unborn_with_cpr",
        "notifications",
        [sample("notifications", unborn=True)],
        "unborn_with_cpr",
        2,
        "cpr",
        "010105-xxxx",
    ),
    ("cpr_missing", "notifications", [sample("notifications", cpr=None)], "cpr_missing", 2, "cpr", None),
    (
        "born_after_event",
        "placements",
        [sample("placements", start=D(2004, 12, 31))],
        "born_after_event",
        2,
        "cpr",
        "010105-xxxx",
    ),
    (
        "duplicate_id_other_content",
        "measures",
        [sample("measures"), sample("measures", annual_cost=99)],
        "duplicate_key",
        3,
        "measure_id",
        "M1",
    ),
    (
        "overlapping_placements",
        "placements",
        [sample("placements", 0), sample("placements", 1, start=D(2013, 6, 29))],
        "overlapping_period",
        3,
        "start",
        "P2",
    ),
    (
        "population_by_sex_and_total",
        "population",
        [sample("population", 0), sample("population", 1), sample("population", 0, sex=None, count=290)],
        "sex_and_total",
        4,
        "sex",
        "183 2013 alder 0",
    ),
    # births (fødsler): an impossible gestational week or mother's age, a birth in the future,
    # a CPR number that is not one, a birth without the child's CPR number
    (
        "gestational_week_impossible",
        "births",
        [sample("births", gestational_week=52)],
        "out_of_range",
        2,
        "gestational_week",
        "52",
    ),
    (
        "mother_age_impossible",
        "births",
        [sample("births", mother_age=7)],
        "out_of_range",
        2,
        "mother_age",
        "7",
    ),
    (
        "born_in_future",
        "births",
        [sample("births", born=D(2099, 1, 1))],
        "in_future",
        2,
        "born",
        "01.01.2099",
    ),
    (
        "births_invalid_cpr",
        "births",
        [sample("births", cpr="040313-12")],
        "invalid_cpr",
        2,
        "cpr",
        "040313-xxxx",
    ),
    (
        "visit_type_unknown",
        "health_visits",
        [sample("health_visits", visit_type="kaffebesøg")],
        "unknown_code",
        2,
        "visit_type",
        "kaffebesøg",
    ),
    (
        "visited_in_future",
        "health_visits",
        [sample("health_visits", visited=D(2099, 1, 1))],
        "in_future",
        2,
        "visited",
        "01.01.2099",
    ),
    (
        "service_unknown",
        "service_enrolments",
        [sample("service_enrolments", service="yoga")],
        "unknown_code",
        2,
        "service",
        "yoga",
    ),
    (
        "course_ends_before_it_starts",
        "service_enrolments",
        [sample("service_enrolments", end=D(2013, 1, 5))],
        "end_before_start",
        2,
        "end",
        "05.01.2013",
    ),
    (
        "group_type_unknown",
        "group_activities",
        [sample("group_activities", group_type="strikkeklub")],
        "unknown_code",
        2,
        "group_type",
        "strikkeklub",
    ),
    (
        "participants_negative",
        "group_activities",
        [sample("group_activities", participants=-2)],
        "out_of_range",
        2,
        "participants",
        "-2",
    ),
    (
        "epds_score_impossible",
        "postnatal_screenings",
        [sample("postnatal_screenings", score=33)],
        "out_of_range",
        2,
        "score",
        "33",
    ),
    (
        "parent_unknown",
        "postnatal_screenings",
        [sample("postnatal_screenings", parent="moster")],
        "unknown_code",
        2,
        "parent",
        "moster",
    ),
    ("births_missing_cpr", "births", [sample("births", cpr=None)], "missing_value", 2, "cpr", None),
    # school health: a school year as a bare (ambiguous) year, or two years that don't follow
    (
        "school_year_bare",
        "school_health_exams",
        [sample("school_health_exams", year="2013")],
        "invalid_school_year",
        2,
        "year",
        "2013",
    ),
    (
        "school_year_not_following",
        "school_needs",
        [sample("school_needs", year="2012/14")],
        "invalid_school_year",
        2,
        "year",
        "2012/14",
    ),
    (
        "bmi_class_unknown",
        "school_health_exams",
        [sample("school_health_exams", bmi_class="tyk")],
        "unknown_code",
        2,
        "bmi_class",
        "tyk",
    ),
    (
        "grade_impossible",
        "school_health_exams",
        [sample("school_health_exams", grade=11)],
        "out_of_range",
        2,
        "grade",
        "11",
    ),
    (
        "school_exam_cpr_invalid",
        "school_health_exams",
        [sample("school_health_exams", cpr="310299-1234")],
        "cpr_impossible_date",
        2,
        "cpr",
        "310299-xxxx",
    ),
    (
        "need_area_unknown",
        "school_needs",
        [sample("school_needs", need_area="Tandpine")],
        "unknown_code",
        2,
        "need_area",
        "Tandpine",
    ),
    (
        "pupils_negative",
        "pupils",
        [sample("pupils", pupils=-5)],
        "out_of_range",
        2,
        "pupils",
        "-5",
    ),
    (
        "programme_start_before_offer",
        "programme_enrolments",
        [sample("programme_enrolments", start=D(2013, 1, 20))],
        "end_before_start",
        2,
        "start",
        "20.01.2013",
    ),
    (
        "programme_response_unknown",
        "programme_enrolments",
        [sample("programme_enrolments", response="måske")],
        "unknown_code",
        2,
        "response",
        "måske",
    ),
    (
        "foster_family_ended_before_approved",
        "foster_families",
        [sample("foster_families", 1, end=D(2009, 12, 31))],
        "end_before_start",
        2,
        "end",
        "31.12.2009",
    ),
    (
        "national_statistic_unknown",
        "national_figures",
        [sample("national_figures", statistic="Skilsmisser")],
        "unknown_code",
        2,
        "statistic",
        "Skilsmisser",
    ),
    (
        "national_place_unknown",
        "national_figures",
        [sample("national_figures", municipality="999")],
        "unknown_municipality",
        2,
        "municipality",
        "999",
    ),
    (
        "pregnancy_referral_without_answer",
        "pregnancy_referrals",
        [sample("pregnancy_referrals", special_difficulties=None)],
        "missing_value",
        2,
        "special_difficulties",
        None,
    ),
]


@pytest.fixture
def loaded(ws, inputs):
    """A workspace that already holds every sample, so 'unchanged' means something."""
    for kind, rows in SAMPLES.items():
        assert ingest_files(ws, kind, [write_csv(inputs / f"existing-{kind}.csv", rows)]).loaded
    return ws


@pytest.mark.parametrize(
    ("kind", "rows", "code", "row", "column", "value"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_file_is_rejected_whole(loaded, inputs, kind, rows, code, row, column, value):
    path = write_csv(inputs / f"{kind}.csv", rows, header=list(SAMPLES[kind][0]))
    before = snapshot(loaded.warehouse_path)
    result = ingest_files(loaded, kind, [path])
    assert not result.loaded
    found = [(i.code, i.row, i.column, i.value) for i in result.errors]
    assert (code, row, column, value) in found, found
    assert snapshot(loaded.warehouse_path) == before
    assert result.files[0].error_file is not None and result.files[0].error_file.exists()


def test_duplicate_names_both_rows(ws, inputs):
    rows = [SAMPLES["measures"][0], dict(SAMPLES["measures"][0], annual_cost=99)]
    result = ingest_files(ws, "measures", [write_csv(inputs / "m.csv", rows)])
    issues = [(i.row, i.detail) for i in result.errors if i.code == "duplicate_key"]
    assert issues == [(2, "2, 3"), (3, "2, 3")]


def test_overlap_with_a_placement_already_in_the_warehouse(ws, inputs):
    assert ingest_files(ws, "placements", [write_csv(inputs / "p1.csv", SAMPLES["placements"][:1])]).loaded
    later = dict(SAMPLES["placements"][1], placement_id="P9", start=D(2013, 5, 1))
    result = ingest_files(ws, "placements", [write_csv(inputs / "p2.csv", [later])])
    assert [(i.code, i.row, i.value, i.detail) for i in result.errors] == [
        ("overlapping_period", 2, "P9", "P1 (allerede i lageret)")
    ]


def test_a_move_on_the_end_day_is_not_an_overlap(ws, inputs):
    # P1 ends 30.06.2013 and P2 starts the same day: a move.
    assert ingest_files(ws, "placements", [write_csv(inputs / "p.csv", SAMPLES["placements"])]).loaded


def test_replacing_a_placement_is_not_an_overlap_with_its_old_version(ws, inputs):
    assert ingest_files(ws, "placements", [write_csv(inputs / "p1.csv", SAMPLES["placements"])]).loaded
    moved = [SAMPLES["placements"][0], dict(SAMPLES["placements"][1], start=D(2013, 7, 1))]
    result = ingest_files(ws, "placements", [write_csv(inputs / "p2.csv", moved)])
    assert result.loaded and result.files[0].counts.updated == 1


def test_first_action_same_calendar_day_without_time_is_fine(ws, inputs):
    row = dict(SAMPLES["notifications"][0], first_action_at=D(2013, 2, 1))
    assert ingest_files(ws, "notifications", [write_csv(inputs / "n.csv", [row])]).loaded


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "file_empty"),
        (b"notification_id;cpr\r\n\x81\x8d\x8f;x\r\n", "file_encoding"),
        ("notification_id".encode("utf-16"), "file_encoding_utf16"),
        (b"\r\n\r\n", "no_header"),
    ],
)
def test_unreadable_files(ws, inputs, content, code):
    path = inputs / "notifications.csv"
    path.write_bytes(content)
    before = snapshot(ws.warehouse_path)
    result = ingest_files(ws, "notifications", [path])
    assert not result.loaded
    assert [i.code for i in result.errors] == [code]
    assert snapshot(ws.warehouse_path) == before


def test_a_missing_file_or_a_folder_is_named_as_such(ws, inputs):
    (inputs / "folder.csv").mkdir()
    result = ingest_files(ws, "notifications", [inputs / "gone.csv", inputs / "folder.csv"])
    assert not result.loaded
    assert [(i.code, i.detail) for i in result.errors] == [
        ("file_missing", None),
        ("file_unreadable", "det er en mappe, ikke en fil"),
    ]


@pytest.mark.parametrize("how", ["appended", "replaced"])
def test_a_file_that_changes_while_it_is_read_is_refused(ws, inputs, monkeypatch, how):
    """An extract still being written: the rows read may not be the rows hashed, or all of them."""
    from boernetal.ingest import read

    path = write_csv(inputs / "notifications.csv", SAMPLES["notifications"])
    csv_chunks = read._csv_chunks

    def written_meanwhile(*args, **kwargs):
        yield from csv_chunks(*args, **kwargs)
        if how == "appended":
            with path.open("a", encoding="utf-8") as file:
                file.write("N99;;;;;;;;;\n")
        else:
            write_csv(inputs / "new.csv", SAMPLES["notifications"][:1]).replace(path)

    monkeypatch.setattr(read, "_csv_chunks", written_meanwhile)
    before = snapshot(ws.warehouse_path)
    result = ingest_files(ws, "notifications", [path])
    assert not result.loaded
    (issue,) = result.errors
    assert issue.code == "file_changed"
    assert "mens den blev læst" in issue.message and "Vent til udtrækket er gemt helt" in issue.fix
    assert snapshot(ws.warehouse_path) == before


def test_missing_column_lists_the_columns_found(ws, inputs):
    rows = [{k: v for k, v in SAMPLES["placements"][0].items() if k != "consent"}]
    result = ingest_files(ws, "placements", [write_csv(inputs / "p.csv", rows)])
    (issue,) = result.errors
    assert (issue.code, issue.row, issue.column) == ("missing_column", 1, "consent")
    assert "placement_id, cpr, municipality, start, end, placement_type, annual_cost" in issue.message


def test_duplicate_column_after_matching(ws, inputs):
    text = (
        "placement_id;CPR; cpr ;municipality;start;placement_type;consent\r\n"
        "P1;x;y;183;2013-01-01;foster_family;ja\r\n"
    )
    result = ingest_files(ws, "placements", [write_text(inputs / "p.csv", text)])
    assert [(i.code, i.column) for i in result.errors] == [("duplicate_column", "cpr")]


def test_wrong_kind_is_named(ws, inputs):
    path = write_csv(inputs / "anbringelser.csv", SAMPLES["placements"])
    result = ingest_files(ws, "notifications", [path])
    codes = {(i.code, i.detail) for i in result.errors}
    assert ("wrong_kind", "placements") in codes
    assert "boernetal ingest placements" in next(i.fix for i in result.errors if i.code == "wrong_kind")


def test_row_with_too_many_fields(ws, inputs):
    text = (
        "measure_id;cpr;municipality;start;measure_type\r\n"
        f"M1;{CHILD_B};187;2013-01-01;therapy\r\n"
        f"M2;{CHILD_B};187;2013-01-01;therapy;ekstra;felt\r\n"
    )
    result = ingest_files(ws, "measures", [write_text(inputs / "m.csv", text)])
    (issue,) = result.errors
    assert issue.code == "wrong_field_count" and "række 3 har 7 felter" in issue.message


def test_header_only_imports_nothing_with_a_warning(ws, inputs):
    path = write_text(inputs / "n.csv", ";".join(SAMPLES["notifications"][0]) + "\r\n")
    result = ingest_files(ws, "notifications", [path])
    assert result.loaded and result.files[0].rows_read == 0
    assert [i.code for i in result.files[0].warnings] == ["header_only"]


def test_unknown_columns_are_ignored_with_a_warning(ws, inputs):
    rows = [dict(SAMPLES["measures"][0], sagsbehandler="Hanne")]
    result = ingest_files(ws, "measures", [write_csv(inputs / "m.csv", rows)])
    assert result.loaded
    assert [(i.code, i.column) for i in result.files[0].warnings] == [("unknown_column", "sagsbehandler")]


def test_one_bad_file_keeps_the_good_ones_out_too(ws, inputs):
    good = write_csv(inputs / "measures.csv", SAMPLES["measures"])
    bad = write_csv(inputs / "placements.csv", [dict(SAMPLES["placements"][0], start="igår")])
    before = snapshot(ws.warehouse_path)
    from boernetal import ingest_directory

    result = ingest_directory(ws, inputs)
    assert not result.loaded and good.exists() and bad.exists()
    assert snapshot(ws.warehouse_path) == before


def test_error_file_lists_every_error_masked(ws, inputs):
    rows = [
        dict(SAMPLES["investigations"][0], investigation_id=f"U{i}", cpr="310213-4234") for i in range(30)
    ]
    result = ingest_files(ws, "investigations", [write_csv(inputs / "u.csv", rows)])
    text = result.files[0].error_file.read_text("utf-8-sig")
    assert text.count("cpr_impossible_date") == 30
    assert "310213-4234" not in text and "3102134234" not in text
    assert result.files[0].error_file.name.endswith("-u.csv")
