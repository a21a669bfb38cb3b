"""Test helpers: synthetic CPR numbers, input files in the styles municipalities export, snapshots."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import openpyxl


def fake_cpr(birth: dt.date, serial: int = 1, boy: bool = True, dash: bool = True) -> str:
    """A synthetic CPR number with the century digit the contract's rules give for ``birth``.

    The check digit is not valid modulus 11 in general, as for numbers issued since 2007.
    """
    year = birth.year
    if 1900 <= year <= 1999:
        seventh = 0
    elif 2000 <= year <= 2036:
        seventh = 4
    elif 2037 <= year <= 2057 or 1858 <= year <= 1899:
        seventh = 5
    else:
        raise ValueError(year)
    serial = serial % 50
    last = (serial * 2 + 1) % 10 if boy else (serial * 2) % 10
    digits = f"{birth:%d%m}{year % 100:02d}{seventh}{(serial // 5) % 10}{serial % 5 + 1}{last}"
    return digits[:6] + ("-" if dash else "") + digits[6:]


Row = dict[str, Any]


def render(value: Any, style: str) -> Any:
    """A Python value as text in an export style: 'danish' (;, 31.12.2013, 1.234,5) or 'english'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return ("ja" if value else "nej") if style == "danish" else ("true" if value else "false")
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M" if style == "danish" else "%Y-%m-%dT%H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y" if style == "danish" else "%Y-%m-%d")
    if isinstance(value, Decimal | float):
        if style == "danish":
            text = f"{Decimal(value):,.2f}"
            return text.replace(",", "_").replace(".", ",").replace("_", ".")
        return f"{Decimal(value):.2f}"
    return str(value)


def write_csv(
    path: Path,
    rows: list[Row],
    style: str = "danish",
    encoding: str = "utf-8",
    bom: bool = False,
    newline: str = "\r\n",
    header: list[str] | None = None,
) -> Path:
    header = header or list(rows[0])
    buffer = io.StringIO()
    out = csv.writer(buffer, delimiter=";" if style == "danish" else ",", lineterminator=newline)
    out.writerow(header)
    for row in rows:
        out.writerow([render(row.get(h), style) for h in header])
    data = buffer.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[Row], sheet: str = "Ark1", header: list[str] | None = None) -> Path:
    """An Excel workbook with native cell types: numbers as numbers, dates as dates."""
    header = header or list(rows[0])
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(header)
    for row in rows:
        cells = []
        for h in header:
            value = row.get(h)
            if isinstance(value, Decimal):
                value = float(value)
            cells.append(value)
        ws.append(cells)
    for column in ws.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "dd-mm-yyyy hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "dd-mm-yyyy"
    book.save(path)
    return path


def snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted: equal snapshots mean an unchanged warehouse."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = [r[0] for r in con.sql("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        return {t: sorted(map(repr, con.sql(f'SELECT * FROM "{t}"').fetchall())) for t in tables}
    finally:
        con.close()


def query(warehouse: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.sql(sql).fetchall()
    finally:
        con.close()


D = dt.date
CHILD_A = fake_cpr(D(2005, 1, 1), 1, boy=True)  # 010105-4…
CHILD_B = fake_cpr(D(2008, 7, 15), 2, boy=False)
MOTHER = fake_cpr(D(1980, 2, 2), 3, boy=False)

#: One valid sample per record kind, with typed values (rendered per style by the writers).
SAMPLES: dict[str, list[Row]] = {
    "notifications": [
        {
            "notification_id": "N1",
            "cpr": CHILD_A,
            "mother_cpr": None,
            "unborn": False,
            "municipality": "183",
            "received": dt.datetime(2013, 2, 1, 9, 15),
            "channel": "written",
            "source": "school",
            "reason": "physical_neglect",
            "first_action": "meeting_with_parents",
            "first_action_at": dt.datetime(2013, 2, 1, 14, 0),
            "team": "StraXen",
        },
        {
            "notification_id": "N2",
            "cpr": None,
            "mother_cpr": MOTHER,
            "unborn": True,
            "municipality": "Vallensbæk",
            "received": D(2013, 3, 4),
            "channel": "phone",
            "source": "health_visitor",
            "reason": None,
            "first_action": None,
            "first_action_at": None,
            "team": "Børneteam",
        },
        {
            "notification_id": "N3",
            "cpr": CHILD_B,
            "mother_cpr": None,
            "unborn": None,
            "municipality": "187",
            "received": D(2013, 12, 31),
            "channel": "meeting",
            "source": "police",
            "reason": "violence",
            "first_action": "home_visit",
            "first_action_at": D(2014, 1, 2),
            "team": None,
        },
    ],
    "investigations": [
        {
            "investigation_id": "U1",
            "cpr": CHILD_A,
            "municipality": "183",
            "decided": D(2013, 2, 10),
            "completed": D(2013, 5, 20),
            "team": "§ 50 team",
        },
        {
            "investigation_id": "U2",
            "cpr": CHILD_B,
            "municipality": "187",
            "decided": D(2013, 11, 1),
            "completed": None,
            "team": None,
        },
    ],
    "placements": [
        {
            "placement_id": "P1",
            "cpr": CHILD_A,
            "municipality": "183",
            "start": D(2012, 1, 1),
            "end": D(2013, 6, 30),
            "placement_type": "foster_family",
            "consent": True,
            "annual_cost": Decimal("350000.50"),
        },
        {
            "placement_id": "P2",
            "cpr": CHILD_A,
            "municipality": "183",
            "start": D(2013, 6, 30),
            "end": None,
            "placement_type": "residential_home",
            "consent": False,
            "annual_cost": Decimal("1200000"),
        },
    ],
    "measures": [
        {
            "measure_id": "M1",
            "cpr": CHILD_B,
            "municipality": "187",
            "start": D(2013, 1, 1),
            "end": D(2013, 12, 31),
            "measure_type": "family_treatment",
            "annual_cost": Decimal("120000"),
        },
    ],
    "cases": [
        {
            "case_id": "S1",
            "cpr": CHILD_A,
            "municipality": "183",
            "team": "Børneteam",
            "adviser_id": "R1",
            "opened": D(2012, 5, 1),
            "closed": None,
        },
        {
            "case_id": "S2",
            "cpr": None,
            "municipality": "187",
            "team": "StraXen",
            "adviser_id": None,
            "opened": D(2013, 1, 1),
            "closed": D(2013, 3, 31),
        },
    ],
    "staff": [
        {
            "adviser_id": "R1",
            "team": "Børneteam",
            "start": D(2012, 1, 1),
            "end": D(2013, 12, 31),
            "fte": Decimal("0.8"),
        },
        {"adviser_id": "R1", "team": "Specialteam", "start": D(2014, 1, 1), "end": None, "fte": None},
    ],
    "complaints": [
        {
            "decision_id": "K1",
            "decided": D(2013, 4, 1),
            "instance": "appeals_board",
            "outcome": "upheld",
            "own_initiative": False,
            "subject": "Anbringelse",
            "municipality": "183",
        },
        {
            "decision_id": "K2",
            "decided": D(2013, 5, 1),
            "instance": "appeals_board",
            "outcome": "changed",
            "own_initiative": True,
            "subject": None,
            "municipality": None,
        },
    ],
    "budget": [
        {
            "municipality": "183",
            "year": 2013,
            "area": "placements",
            "account": "Plejefamilier",
            "group": "Familiepleje",
            "budget": Decimal("1234567.89"),
            "actual": Decimal("1100000"),
        },
        {
            "municipality": "183",
            "year": 2013,
            "area": "placements",
            "account": "Familiepleje i alt",
            "group": "Familiepleje",
            "budget": Decimal("1234567.89"),
            "actual": Decimal("1100000"),
        },
        {
            "municipality": "183",
            "year": 2013,
            "area": "cash_benefits",
            "account": "Refusion",
            "group": None,
            "budget": Decimal("-50000"),
            "actual": Decimal("-61234.5"),
        },
    ],
    "population": [
        {"municipality": "183", "year": 2013, "age": 0, "sex": "boy", "count": 150},
        {"municipality": "183", "year": 2013, "age": 0, "sex": "girl", "count": 140},
        {"municipality": "Albertslund", "year": 2013, "age": 0, "sex": None, "count": 300},
    ],
    "expenditure": [
        {"municipality": "183", "year": 2012, "area": "preventive", "amount": Decimal("7300000")},
        {"municipality": "165", "year": 2012, "area": "placements", "amount": Decimal("52000000.25")},
    ],
    "births": [
        {
            "cpr": fake_cpr(D(2013, 3, 4), 7, boy=False),
            "born": D(2013, 3, 4),
            "municipality": "183",
            "gestational_week": 34,
            "mother_age": 19,
            "readmitted": True,
        },
        {
            "cpr": fake_cpr(D(2013, 5, 20), 8, boy=True),
            "born": D(2013, 5, 20),
            "municipality": "Ishøj",
            "gestational_week": 40,
            "mother_age": None,
            "readmitted": None,
        },
    ],
    "health_visits": [
        {
            "visit_id": "B1",
            "cpr": fake_cpr(D(2013, 3, 4), 7, boy=False),
            "visited": D(2013, 3, 9),
            "municipality": "183",
            "visit_type": "postnatal",
        },
        {
            "visit_id": "B2",
            "cpr": None,
            "visited": D(2013, 2, 1),
            "municipality": "Ishøj",
            "visit_type": "Graviditetsbesøg",
        },
    ],
    "service_enrolments": [
        {
            "enrolment_id": "F1",
            "family_id": "Fam-7",
            "cpr": CHILD_A,
            "municipality": "183",
            "service": "family_treatment",
            "start": D(2013, 2, 1),
            "end": D(2013, 6, 30),
        },
        {
            "enrolment_id": "F2",
            "family_id": None,
            "cpr": None,
            "municipality": "Vallensbæk",
            "service": "Åben anonym rådgivning",
            "start": D(2013, 3, 5),
            "end": None,
        },
    ],
    "group_activities": [
        {
            "group_id": "G1",
            "municipality": "183",
            "group_type": "mothers_group",
            "start": D(2013, 4, 2),
            "sessions": 3,
            "participants": 5,
        },
        {
            "group_id": "G2",
            "municipality": "Ishøj",
            "group_type": "Præmaturcafé",
            "start": D(2013, 1, 15),
            "sessions": None,
            "participants": 12,
        },
    ],
    "postnatal_screenings": [
        {
            "screening_id": "E1",
            "cpr": fake_cpr(D(2013, 3, 4), 7, boy=False),
            "municipality": "183",
            "screened": D(2013, 5, 6),
            "parent": "mother",
            "instrument": "epds",
            "score": 12,
        },
        {
            "screening_id": "E2",
            "cpr": fake_cpr(D(2013, 3, 4), 7, boy=False),
            "municipality": "Ishøj",
            "screened": D(2013, 5, 6),
            "parent": "Far",
            "instrument": "Gotland",
            "score": 4,
        },
    ],
    "school_health_exams": [
        {
            "exam_id": "SU1",
            "cpr": CHILD_B,
            "municipality": "183",
            "year": "2013/14",
            "grade": 0,
            "examination": "school_start",
            "height_cm": 119.5,
            "weight_kg": 22.0,
            "bmi_class": "normal",
            "motor_areas_below": 1,
            "smokes_daily": None,
            "exercise": None,
            "too_much_to_do": None,
            "headache": None,
            "sleeps_too_little": None,
        },
        {
            "exam_id": "SU2",
            "cpr": fake_cpr(D(1998, 4, 2), 3, boy=True),
            "municipality": "Ishøj",
            "year": "2012/2013",
            "grade": 9,
            "examination": "Udskolingsundersøgelse",
            "height_cm": None,
            "weight_kg": None,
            "bmi_class": "Svær overvægt",
            "motor_areas_below": None,
            "smokes_daily": True,
            "exercise": "Sjældnere end et par gange om ugen",
            "too_much_to_do": "Tit",
            "headache": "often",
            "sleeps_too_little": False,
        },
    ],
    "school_needs": [
        {
            "need_id": "N1",
            "cpr": CHILD_A,
            "municipality": "183",
            "year": "2012/13",
            "need_area": "growth",
            "found_by": "Åben dør",
            "contacts": 3,
        },
        {
            "need_id": "N2",
            "cpr": CHILD_A,
            "municipality": "Ishøj",
            "year": "2012-13",
            "need_area": "Hørelse",
            "found_by": None,
            "contacts": 1,
        },
    ],
    "pupils": [
        {"municipality": "183", "year": "2012/13", "grade": None, "pupils": 2939},
        {"municipality": "Vallensbæk", "year": "2012/13", "grade": 0, "pupils": 180},
    ],
    "programme_enrolments": [
        {
            "enrolment_id": "PR1",
            "cpr": CHILD_A,
            "municipality": "183",
            "programme": "Tip Tab Tynde",
            "offered": D(2013, 2, 1),
            "response": "accepted",
            "start": D(2013, 2, 15),
            "end": D(2013, 9, 30),
            "bmi_reduced": True,
            "referred_to": None,
        },
        {
            "enrolment_id": "PR2",
            "cpr": CHILD_B,
            "municipality": "Ishøj",
            "programme": "Tidlig opsporing",
            "offered": D(2013, 4, 2),
            "response": "Udeblevet",
            "start": None,
            "end": None,
            "bmi_reduced": None,
            "referred_to": "Bekymringsmøde",
        },
    ],
    "foster_families": [
        {
            "family_id": "PF1",
            "municipality": "183",
            "family_type": "municipal",
            "approved": D(2012, 5, 1),
            "end": None,
        },
        {
            "family_id": "PF2",
            "municipality": "Vallensbæk",
            "family_type": "Aflastningsfamilie",
            "approved": D(2010, 1, 12),
            "end": D(2013, 6, 30),
        },
    ],
    "national_figures": [
        {
            "source_table": "UND1",
            "municipality": "183",
            "year": 2013,
            "statistic": "notifications",
            "dimensions": None,
            "figure": 399,
            "unit": "antal",
        },
        {
            "source_table": "UND1",
            "municipality": "Hele landet",
            "year": 2013,
            "statistic": "Underretninger",
            "dimensions": "ALDER=IALT",
            "figure": 74412,
            "unit": "antal",
        },
    ],
    "pregnancy_referrals": [
        {
            "referral_id": "H1",
            "municipality": "183",
            "referred": D(2013, 1, 14),
            "referred_by": "Jordemoder",
            "special_difficulties": True,
        },
        {
            "referral_id": "H2",
            "municipality": "Ishøj",
            "referred": D(2013, 2, 2),
            "referred_by": None,
            "special_difficulties": False,
        },
    ],
}


def run_cli(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    input_text: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """The real command line in a subprocess, as a user runs it (``input_text`` typed at it)."""
    environment = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "boernetal", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
        timeout=timeout,
        input=input_text,
    )


def load_records(workspace: Any, folder: Path, records: dict[str, list[Row]]) -> None:
    """Write each kind's rows as a Danish CSV and ingest them through the normal path."""
    from boernetal import ingest_directory

    folder.mkdir(parents=True, exist_ok=True)
    for kind, rows in records.items():
        header = list(dict.fromkeys(key for row in rows for key in row))
        write_csv(folder / f"{kind}.csv", rows, header=header)
    result = ingest_directory(workspace, folder)
    assert result.loaded, [issue.message for issue in result.errors[:5]]


def values_of(figures: Any, id: str, year: int = 2013, **keys: Any) -> dict[Any, Any]:
    """An indicator's rows for one year as {municipality or (municipality, breakdown...): value}."""
    frame = figures.rows(id, year=year, **keys)
    breakdown = [c for c in frame.columns if c not in ("year", "municipality", "value", "suppressed", *keys)]
    out = {}
    for row in frame.to_dict("records"):
        key = (row["municipality"], *(row[b] for b in breakdown)) if breakdown else row["municipality"]
        out[key] = row["value"]
    return out


def placement_row(
    id: str,
    cpr: str,
    municipality: str,
    start: dt.date,
    end: dt.date | None,
    placement_type: str = "foster_family",
    consent: bool = True,
    annual_cost: Decimal | None = None,
) -> Row:
    """One placement period (anbringelse) as an input row."""
    return {
        "placement_id": id,
        "cpr": cpr,
        "municipality": municipality,
        "start": start,
        "end": end,
        "placement_type": placement_type,
        "consent": consent,
        "annual_cost": annual_cost,
    }


EXAMPLES = Path(__file__).parent.parent / "examples" / "udtraek"


def example_workspace(folder: Path) -> Path:
    """A workspace with the example extracts (examples/udtraek), made as a user makes it."""
    ws = folder / "ws"
    assert run_cli("init", str(ws), "-m", "183", "-m", "187").returncode == 0
    assert run_cli("ingest", str(EXAMPLES), "-w", str(ws)).returncode == 0
    return ws
