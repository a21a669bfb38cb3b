"""A user alone with the contract: Danish headers are read as the contract's columns, mistakes get
the closest right name or code ("mente du …?"), ``boernetal kontrakt`` prints the contract and
``boernetal skabelon`` writes an empty file that, filled in, imports."""

from __future__ import annotations

import datetime as dt

import openpyxl
from hypothesis import given
from hypothesis import strategies as st

from boernetal import ingest_files
from boernetal.contract import KINDS
from boernetal.contract.categories import categories, category
from boernetal.contract.headers import column_for, names, normalised

from helpers import CHILD_A, SAMPLES, query, run_cli, write_csv, write_text

DANISH = (
    "Underretnings-id;CPR-nr.;Kommune;Modtaget;Kanal;Underretter;Årsag\r\n"
    f"N1;{CHILD_A};Ishøj;01.02.2013 09:15;Telefonisk;Skole/uddannelsessted;Vold\r\n"
)


def test_danish_headers_are_the_contracts_columns(ws, inputs):
    result = ingest_files(ws, "notifications", [write_text(inputs / "n.csv", DANISH)])
    assert result.loaded, [i.message for i in result.errors]
    assert not result.files[0].warnings
    rows = query(
        ws.warehouse_path,
        "SELECT notification_id, municipality, received, channel, source FROM notifications",
    )
    assert rows == [("N1", "183", dt.date(2013, 2, 1), "phone", "school")]


def test_no_header_names_two_columns_of_a_kind():
    for kind in KINDS.values():
        for column in kind.input_columns:
            assert column_for(column.name, kind) == column.name
            assert column_for(column.name.upper().replace("_", " "), kind) == column.name
    assert column_for("CPR-nr.", KINDS["placements"]) == "cpr"
    assert column_for("kommune ", KINDS["cases"]) == "municipality"
    assert normalised(" Cpr_Nr. ") == "cprnr"
    assert all(len(set(names(kind).values())) == len(kind.input_columns) for kind in KINDS.values())


def test_an_unknown_code_suggests_the_closest_by_spelling_and_label(ws, inputs):
    rows = [dict(SAMPLES["notifications"][0], channel="telefon", source="skolen")]
    result = ingest_files(ws, "notifications", [write_csv(inputs / "n.csv", rows)])
    by_column = {i.column: i for i in result.errors}
    channel, source = by_column["channel"], by_column["source"]
    assert "Mente du 'phone' (Telefonisk)?" in channel.message and "written" not in channel.message
    assert '"telefon" = "phone"' in channel.fix
    assert "Mente du 'school'" in source.message


def test_the_end_of_a_compound_label_finds_its_code():
    assert category("channel").closest("møde") == ["meeting"]  # Underretningsmøde
    assert category("channel").closest("mail") == []


def test_files_named_in_danish_are_read_as_their_kind(ws, inputs):
    from boernetal import ingest_directory

    folder = inputs / "danske navne"
    folder.mkdir()
    write_text(folder / "Underretninger.csv", DANISH)
    write_text(folder / "noter.txt", "ikke data")
    result = ingest_directory(ws, folder)
    assert result.loaded and [(f.kind, f.path.name) for f in result.files] == [
        ("notifications", "Underretninger.csv")
    ]
    assert [p.name for p in result.ignored] == ["noter.txt"]
    assert KINDS["investigations"].names_file(folder / "børnefaglige_undersøgelser.xlsx")
    assert not KINDS["investigations"].names_file(folder / "børnefaglige undersøgelser.txt")
    assert KINDS["health_visits"].names_file(folder / "health_visits.csv")
    assert KINDS["health_visits"].names_file(folder / "Sundhedsplejebesøg.xlsx")


def test_a_code_or_its_label_finds_itself_first():
    for name, found in categories().items():
        for code, spec in found.codes.items():
            assert found.closest(code)[0] == code, (name, code)
            assert found.closest(spec.label)[0] == code, (name, spec.label)
    assert category("channel").closest("xyzzy") == []


@given(st.sampled_from([c for found in categories().values() for c in found.codes if len(c) >= 8]), st.data())
def test_a_code_with_a_letter_missing_is_suggested(code, data):
    at = data.draw(st.integers(0, len(code) - 1))
    typed = code[:at] + code[at + 1 :]
    found = next(f for f in categories().values() if code in f.codes)
    assert code in found.closest(typed)


def test_a_misspelt_column_says_what_it_meant(ws, inputs):
    rows = [{("recieved" if k == "received" else k): v for k, v in SAMPLES["notifications"][0].items()}]
    result = ingest_files(ws, "notifications", [write_csv(inputs / "n.csv", rows)])
    (missing,) = result.errors
    assert missing.title == "Kolonnen 'received' mangler"
    assert "Filen har kolonnen 'recieved'" in missing.message and "Modtaget" in missing.message
    (unknown,) = result.files[0].warnings
    assert "Mente du 'received' (Modtaget)?" in unknown.message
    done = run_cli("ingest", "notifications", str(inputs / "n.csv"), "-w", str(ws.path))
    assert done.returncode != 0 and "Kolonnen 'received' mangler" in done.stdout + done.stderr


def test_kontrakt_prints_the_contract():
    every = run_cli("kontrakt")
    assert every.returncode == 0
    assert all(name in every.stdout for name in KINDS)
    one = run_cli("kontrakt", "underretninger")
    assert one.returncode == 0
    for expected in (
        "notification_id",
        "first_action_at",
        "Modtaget",
        "phone",
        "Telefonisk",
        "Skole/uddannelsessted",
    ):
        assert expected in one.stdout
    wrong = run_cli("kontrakt", "underretningr")
    assert wrong.returncode == 2 and "Mente du 'notifications'?" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def test_a_filled_in_template_imports(ws, tmp_path):
    path = tmp_path / "underretninger.xlsx"
    done = run_cli("skabelon", "underretninger", "-o", str(path))
    assert done.returncode == 0 and str(path) in done.stdout.replace("\n", "")
    book = openpyxl.load_workbook(path)
    sheet = book["notifications"]
    header = [c.value for c in sheet[1]]
    assert header == [
        "notification_id", "cpr", "mother_cpr", "unborn", "municipality", "received",
        "channel", "source", "reason", "first_action", "first_action_at", "team",
    ]  # fmt: skip
    codes = [[c.value for c in row] for row in book["Koder"].iter_rows()]
    assert ["phone", "Telefonisk"] in [row[:2] for row in codes] or any(
        row[i : i + 2] == ["phone", "Telefonisk"] for row in codes for i in range(len(row))
    )
    assert any(
        "channel" in str(v.sqref) or "G2" in str(v.sqref) for v in sheet.data_validations.dataValidation
    )
    values = {"notification_id": "N7", "cpr": CHILD_A, "municipality": "183", "received": "2013-03-01",
              "channel": "phone", "source": "police"}  # fmt: skip
    for i, column in enumerate(header, start=1):
        sheet.cell(2, i, values.get(column))
    book.save(path)
    result = ingest_files(ws, "notifications", [path])
    assert result.loaded, [i.message for i in result.errors]
    assert query(ws.warehouse_path, "SELECT notification_id, channel FROM notifications") == [("N7", "phone")]
    csv_path = tmp_path / "sager.csv"
    assert run_cli("skabelon", "cases", "--format", "csv", "-o", str(csv_path)).returncode == 0
    assert csv_path.read_text("utf-8-sig").strip() == "case_id;cpr;municipality;team;adviser_id;opened;closed"
    assert run_cli("skabelon", "cases", "--format", "pdf", "-o", str(tmp_path / "x.pdf")).returncode == 2
