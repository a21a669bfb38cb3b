"""`boernetal hent dst` against a local server that answers as the Statbank API's documentation
says it does (POSTed JSON; tableinfo as JSON; data as CSV with ';', decimal comma and codes;
errors as a JSON body with a message). No test reaches the internet."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boernetal import Workspace, init_workspace
from boernetal.contract.categories import category
from boernetal.engine import compute
from boernetal.statbank import Client, StatbankError, fetch
from boernetal.statbank.fetch import functions, place, spelt

from helpers import query, run_cli

OWN = ["183", "187"]
PEERS = ["165", "151"]
YEARS = [2011, 2012, 2013]
#: the last year the fake Statbank has published
LAST = 2016
AGES = [str(a) for a in range(0, 101)]
FUNCTIONS = ["52820", "52821", "52822", "52823", "52824", "52825", "52826", "52827"]


def people(place: str, year: int, age: str, sex: str) -> int:
    """The fixture's population: a number every test can work out for itself."""
    return 100 + int(age) + int(place) % 7 + (year - 2011) * 3 + (1 if sex == "2" else 0)


#: the national comparison tables (tables.toml), what they count, the variable that names the
#: place, the variables left to the Statbank to total or fixed, and the first year published: as
#: Statistics Denmark describes the tables
NATIONAL = {
    "UND1": ("notifications", "ADMKOM", ["UNDERRETERE", "ALDER1", "KØN"], 2015),
    "ISBU02": ("preventive_children", "KOMMUNEDK", ["INDSATSER"], 2015),
    "ANBAAR9": ("placed_children", "ADMKOM", ["ALERAMS"], 2011),
}
#: the values the fake has for those variables (the first the total)
OTHER_VALUES = {
    "UNDERRETERE": ["0", "2", "3"],
    "ALDER1": ["00", "0", "17", "U0"],
    "KØN": ["0", "D", "P"],
    "INDSATSER": ["2", "5", "405"],
    "ALERAMS": ["0", "9917", "1822", "999"],
}


def cases(place: str, table: str, year: int) -> int:
    """The fixture's national figures: a number every test can work out for itself."""
    return int(place) % 50 + 10 * list(NATIONAL).index(table) + year - 2000


def thousands(place: str, function: str, year: int) -> str:
    """The fixture's accounts in 1.000 kr., with a decimal comma as the Statbank writes them."""
    return f"{int(place) * 10 + int(function[-2:]) + (year - 2011)},5"


class Statbank:
    """What the fake server answers, and what it was asked."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.requests: list[tuple[str, dict, dict]] = []
        self.places = [*OWN, *PEERS, "000"]
        self.revised = False

    def place_values(self, country: str) -> list[dict[str, str]]:
        """The places, the whole country spelt as the table spells it ('000' or '0')."""
        return [{"id": country if p == "000" else p, "text": p} for p in self.places]

    def tableinfo(self, table: str) -> tuple[int, dict]:
        if self.mode == "unknown_table":
            return 400, {
                "errorTypeCode": "TABLE_NOT_FOUND",
                "message": f"Tabellen '{table}' blev ikke fundet",
            }
        places = self.place_values("000")
        periods = [
            {"id": f"{y}K{q}", "text": f"{y}K{q}"} for y in range(2008, LAST + 1) for q in (1, 2, 3, 4)
        ]
        if table == "FOLK1A":
            sex = "KOEN" if self.mode == "renamed" else "KØN"
            variables = [
                {"id": "OMRÅDE", "text": "område", "elimination": True, "time": False, "values": places},
                {
                    "id": sex,
                    "text": "køn",
                    "elimination": True,
                    "time": False,
                    "values": [
                        {"id": "TOT", "text": "I alt"},
                        {"id": "1", "text": "Mænd"},
                        {"id": "2", "text": "Kvinder"},
                    ],
                },
                {
                    "id": "ALDER",
                    "text": "alder",
                    "elimination": True,
                    "time": False,
                    "values": [
                        {"id": "IALT", "text": "Alder i alt"},
                        *({"id": a, "text": f"{a} år"} for a in AGES),
                    ],
                },
                {
                    "id": "CIVILSTAND",
                    "text": "civilstand",
                    "elimination": True,
                    "time": False,
                    "values": [{"id": "TOT", "text": "I alt"}, {"id": "U", "text": "Ugift"}],
                },
                {"id": "Tid", "text": "tid", "elimination": False, "time": True, "values": periods},
            ]
        elif table in NATIONAL:
            _, where, others, first = NATIONAL[table]
            years = [{"id": str(y), "text": str(y)} for y in range(first, LAST + 1)]
            variables = [
                {
                    "id": where,
                    "text": "område",
                    "elimination": True,
                    "time": False,
                    "values": self.place_values("0"),
                },
                *(
                    {
                        "id": other,
                        "text": other.lower(),
                        "elimination": True,  # not asked for: the Statbank gives the total
                        "time": False,
                        "values": [{"id": v, "text": v} for v in OTHER_VALUES[other]],
                    }
                    for other in others
                ),
                {"id": "Tid", "text": "tid", "elimination": False, "time": True, "values": years},
            ]
        else:
            years = [{"id": str(y), "text": str(y)} for y in range(2007, LAST + 1)]
            variables = [
                {"id": "OMRÅDE", "text": "område", "elimination": True, "time": False, "values": places},
                {
                    "id": "FUNKTION",
                    "text": "funktion",
                    "elimination": True,
                    "time": False,
                    "values": [{"id": f, "text": f"5.28.{f[-2:]}"} for f in FUNCTIONS],
                },
                {
                    "id": "DRANST",
                    "text": "dranst",
                    "elimination": True,
                    "time": False,
                    "values": [{"id": "1", "text": "1 Drift"}],
                },
                {
                    "id": "ART",
                    "text": "art",
                    "elimination": True,
                    "time": False,
                    "values": [{"id": "TOT", "text": "Udgifter, netto"}],
                },
                {
                    "id": "PRISENHED",
                    "text": "prisenhed",
                    "elimination": False,
                    "time": False,
                    "values": [{"id": "LOBM", "text": "Løbende priser (1.000 kr.)"}],
                },
                {"id": "Tid", "text": "tid", "elimination": False, "time": True, "values": years},
            ]
        return 200, {
            "id": table,
            "text": table,
            "unit": "-",
            "updated": "2026-11-01T08:00:00",
            "variables": variables,
        }

    def data(self, body: dict) -> tuple[int, str]:
        asked = {v["code"]: v["values"] for v in body["variables"]}
        lines = [";".join([*(code.upper() for code in asked), "INDHOLD"])]  # 'Tid' is 'TID' here
        for combination in product(list(asked.values())):
            row = dict(zip(asked, combination, strict=True))
            if body["table"] in NATIONAL:
                value = str(cases(row[NATIONAL[body["table"]][1]], body["table"], int(row["Tid"])))
            elif body["table"] == "FOLK1A":
                value = str(people(row["OMRÅDE"], int(row["Tid"][:4]), row["ALDER"], row["KØN"]))
                if self.revised and row["OMRÅDE"] == "183" and row["ALDER"] == "5":
                    value = str(int(value) + 1)
            else:
                value = thousands(row["OMRÅDE"], row["FUNKTION"], int(row["Tid"]))
            if self.mode == "confidential" and row.get("OMRÅDE") == "187" and row.get("FUNKTION") == "52825":
                value = ".."
            lines.append(";".join([*combination, value]))
        return 200, "\n".join(lines) + "\n"


def product(lists: list[list[str]]) -> Iterator[tuple[str, ...]]:
    if not lists:
        yield ()
        return
    for first in lists[0]:
        for rest in product(lists[1:]):
            yield (first, *rest)


@pytest.fixture
def statbank() -> Iterator[tuple[str, Statbank]]:
    state = Statbank()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
            state.requests.append((self.path, body, dict(self.headers)))
            if state.mode == "down":
                status, answer = 503, "Service Unavailable"
            elif state.mode == "slow":
                time.sleep(1.0)
                status, answer = 200, ""
            elif self.path.endswith("/tableinfo"):
                status, info = state.tableinfo(body["table"])
                answer = json.dumps(info, ensure_ascii=False)
            else:
                status, answer = state.data(body)
            data = answer.encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", "text/csv; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1", state
    server.shutdown()
    server.server_close()


@pytest.fixture
def workspace(tmp_path) -> Workspace:
    ws = init_workspace(tmp_path / "ws", municipalities=OWN)
    config = ws.path / "boernetal.toml"
    text = config.read_text("utf-8").replace(
        "[peer_groups]\n", f"[peer_groups]\nVestegnen = {json.dumps([*OWN, *PEERS])}\n"
    )
    config.write_text(text, encoding="utf-8")
    return Workspace.open(ws.path)


def client(url: str, **options: float) -> Client:
    return Client(base=url, **{"pause": 0.0, "timeout": 5.0, **options})


def test_population_and_expenditure_are_fetched_and_imported(statbank, workspace):
    url, state = statbank
    result, saved = fetch(workspace, YEARS, client=client(url))
    assert result.loaded
    rows = query(workspace.warehouse_path, "SELECT municipality, year, age, sex, count FROM population")
    assert len(rows) == len([*OWN, *PEERS, "000"]) * len(YEARS) * len(AGES) * 2
    assert ("183", 2013, 5, "boy", people("183", 2013, "5", "1")) in rows
    assert ("151", 2011, 17, "girl", people("151", 2011, "17", "2")) in rows
    spent = dict(
        ((m, y, a), amount)
        for m, y, a, amount in query(
            workspace.warehouse_path, "SELECT municipality, year, area, amount FROM expenditure"
        )
    )
    for area, group in functions().items():  # the accounts' functions summed, 1.000 kr. -> kr.
        for where in ("183", "000"):
            expected = sum(float(thousands(where, f, 2012).replace(",", ".")) * 1000 for f in group)
            assert spent[(where, 2012, area)] == pytest.approx(expected)
    log = [name for (name,) in query(workspace.warehouse_path, "SELECT file_name FROM import_log")]
    assert any(
        n.startswith("Statistikbanken FOLK1A OMRÅDE=183+187+165+151+000 Tid=2011K1-2013K1 hentet")
        for n in log
    )
    assert any(n.startswith("Statistikbanken REGK31") for n in log)
    # polite: the tool named, one table's tableinfo before its data, one request at a time
    assert all(headers["User-Agent"].startswith("Boernetal/") for _, _, headers in state.requests)
    # ... and no figures asked of a table that has none for the years (UND1, ISBU02 begin in 2015)
    asked = [(body["table"], path.rsplit("/", 1)[1]) for path, body, _ in state.requests]
    assert asked == [
        ("FOLK1A", "tableinfo"),
        ("FOLK1A", "data"),
        ("REGK31", "tableinfo"),
        ("REGK31", "data"),
        ("UND1", "tableinfo"),
        ("ISBU02", "tableinfo"),
        ("ANBAAR9", "tableinfo"),
        ("ANBAAR9", "data"),
    ]
    assert saved.parent == workspace.path / "hentet" and json.loads(saved.read_text("utf-8"))["svar"]


def test_national_figures_are_fetched_and_compared_per_1000_children(statbank, workspace):
    url, state = statbank
    said: list[str] = []
    years = [2013, 2014, 2015]
    result, _ = fetch(workspace, years, client=client(url), say=said.append)
    assert result.loaded
    rows = query(
        workspace.warehouse_path,
        "SELECT source_table, municipality, year, statistic, dimensions, figure FROM national_figures",
    )
    places = [*OWN, *PEERS, "000"]
    # the whole country is '0' in these tables, '000' in the warehouse
    assert ("UND1", "000", 2015, "notifications", None, cases("0", "UND1", 2015)) in rows
    assert ("ANBAAR9", "187", 2013, "placed_children", "ALERAMS=9917", cases("187", "ANBAAR9", 2013)) in rows
    assert len(rows) == len(places) * (1 + 1 + 3)  # UND1 and ISBU02 from 2015 only
    assert said == [
        "Tabel UND1 (Underretninger vedr. børn efter administrationskommune, underrettere, alder og køn) "
        "har ingen tal for 2013, 2014 (den har 2015–2016): de år er uden sammenligning.",
        "Tabel ISBU02 (Børn og unge der modtager indsatser og støtte efter kommune og indsats) "
        "har ingen tal for 2013, 2014 (den har 2015–2016): de år er uden sammenligning.",
    ]
    data = {body["table"]: body for path, body, _ in state.requests if path.endswith("/data")}
    assert [v["code"] for v in data["UND1"]["variables"]] == ["ADMKOM", "Tid"]  # the rest totalled
    assert data["ANBAAR9"]["variables"][1] == {"code": "ALERAMS", "values": ["9917"]}
    assert data["ISBU02"]["variables"][1] == {"code": "INDSATSER", "values": ["2"]}

    def children(place: str, year: int) -> int:
        return sum(people(place, year, str(a), sex) for a in range(18) for sex in ("1", "2"))

    def rate(place: str, table: str, year: int) -> float:
        return cases(place, table, year) / children(place, year) * 1000

    figures = compute(workspace, 2015)
    for table, (statistic, *_) in NATIONAL.items():
        for where in (*OWN, "000"):
            got = figures.value(
                "comparison.per_1000_children", year=2015, municipality=where, statistic=statistic
            )
            assert got == pytest.approx(rate(where, table, 2015))
        mean = sum(rate(m, table, 2015) for m in (*OWN, *PEERS)) / 4
        got = figures.value(
            "comparison.per_1000_children", year=2015, municipality="peer:Vestegnen", statistic=statistic
        )
        assert got == pytest.approx(mean)
    mapped = [f for group in functions().values() for f in group]
    spending = sum(float(thousands("000", f, 2015).replace(",", ".")) * 1000 for f in mapped)
    got = figures.value("comparison.spending_per_child", year=2015, municipality="000")
    assert got == pytest.approx(spending / children("000", 2015))


def test_a_comparison_table_without_any_of_the_years_is_skipped_and_said(statbank, workspace):
    url, _ = statbank
    said: list[str] = []
    result, _ = fetch(workspace, [2011, 2012], client=client(url), say=said.append)
    assert result.loaded
    assert [notice.split()[1] for notice in said] == ["UND1", "ISBU02"]
    assert all(notice.endswith("(den har 2015–2016): den er sprunget over.") for notice in said)
    tables = {
        t for (t,) in query(workspace.warehouse_path, "SELECT DISTINCT source_table FROM national_figures")
    }
    assert tables == {"ANBAAR9"}


def test_a_refetch_of_the_same_figures_changes_nothing_and_a_revision_replaces(statbank, workspace):
    url, state = statbank
    fetch(workspace, YEARS, client=client(url))
    again, _ = fetch(workspace, YEARS, client=client(url))
    assert again.loaded and all(f.counts.new == 0 and f.counts.updated == 0 for f in again.files)
    state.revised = True
    revised, _ = fetch(workspace, YEARS, client=client(url))
    population = next(f for f in revised.files if f.kind == "population")
    assert population.counts.updated == len(YEARS) * 2  # Ishøj, age 5, both sexes
    assert ("183", 2013, 5, "boy", people("183", 2013, "5", "1") + 1) in query(
        workspace.warehouse_path, "SELECT municipality, year, age, sex, count FROM population"
    )


def test_a_saved_answer_file_imports_on_a_machine_without_network(statbank, workspace, tmp_path):
    url, state = statbank
    _, saved = fetch(workspace, YEARS, client=client(url))
    other = init_workspace(tmp_path / "offline", municipalities=OWN)
    asked = len(state.requests)
    nowhere = client("http://127.0.0.1:9/v1")
    result, used = fetch(other, YEARS, from_file=saved, client=nowhere)
    assert result.loaded and used == saved and len(state.requests) == asked
    assert query(other.warehouse_path, "SELECT count(*) FROM expenditure")[0][0] > 0


def nothing_imported(workspace: Workspace) -> bool:
    return query(workspace.warehouse_path, "SELECT count(*) FROM population")[0][0] == 0


@pytest.mark.parametrize(
    "mode, words",
    [
        ("down", "svarede med fejl 503, også efter 3 forsøg"),
        ("slow", "svarede ikke inden for 0,3 sekunder"),
        ("renamed", "har ikke variablen 'KØN' (den har OMRÅDE, KOEN, ALDER"),
        (
            "unknown_table",
            "afviste forespørgslen på tabel FOLK1A (fejl 400): Tabellen 'FOLK1A' blev ikke fundet",
        ),
        ("confidential", "OMRÅDE=187"),
    ],
)
def test_each_failure_is_said_plainly_and_nothing_is_half_imported(statbank, workspace, mode, words):
    url, state = statbank
    state.mode = mode
    with pytest.raises(StatbankError) as caught:
        fetch(workspace, YEARS, client=client(url, attempts=3, timeout=0.3))
    assert words in str(caught.value), str(caught.value)
    assert caught.value.hint and nothing_imported(workspace)
    if mode == "down":
        assert len(state.requests) == 3  # a bounded number of tries
    if mode == "confidential":
        assert (
            "'..': fortroligt eller ikke opgjort" in caught.value.message and "REGK31" in caught.value.message
        )


def test_no_network_says_so(workspace):
    with pytest.raises(StatbankError) as caught:
        fetch(workspace, YEARS, client=client("http://127.0.0.1:9/v1", attempts=2))
    assert "kunne ikke nås, også efter 2 forsøg" in caught.value.message and "--fra-fil" in caught.value.hint
    assert nothing_imported(workspace)


def test_a_municipality_or_year_the_table_lacks_is_named(statbank, workspace):
    url, state = statbank
    state.places = ["183", "165", "151", "000"]  # Vallensbæk missing from the table
    with pytest.raises(StatbankError) as caught:
        fetch(workspace, YEARS, client=client(url))
    assert "har ikke kommunekoden 187 i OMRÅDE" in caught.value.message
    state.places = [*OWN, *PEERS, "000"]
    with pytest.raises(StatbankError) as caught:
        fetch(workspace, [LAST, LAST + 1], client=client(url))  # the report's own base: no year skipped
    assert f"har ikke perioden {LAST + 1}K1 i Tid" in caught.value.message
    assert f"{LAST}K4" in caught.value.message
    with pytest.raises(StatbankError) as caught:
        fetch(workspace, YEARS, peers=["Østegnen"], client=client(url))
    assert "Østegnen" in caught.value.message and "Vestegnen" in str(caught.value)
    assert nothing_imported(workspace)


def test_every_expenditure_area_has_its_functions():
    areas = functions()
    assert set(areas) == set(category("expenditure_area").codes)
    every = [f for group in areas.values() for f in group]
    assert all(group for group in areas.values()) and len(every) == len(set(every))
    assert all(f.isdigit() and len(f) == 5 and f.startswith("528") for f in every)


def test_the_command_fetches_with_progress_and_names_the_answer_file(statbank, workspace):
    url, state = statbank
    env = {"BOERNETAL_STATBANK_URL": url}
    out = run_cli("hent", "dst", "--years", "2012-2013", "-w", str(workspace.path), env=env)
    assert out.returncode == 0, out.stderr
    assert "Henter tableinfo FOLK1A" in out.stderr and "Henter data REGK31" in out.stderr
    assert "Tabel UND1" in out.stderr and "den er sprunget over" in out.stderr
    saved = next((workspace.path / "hentet").glob("statistikbanken-*.json"))
    assert str(saved) in out.stdout.replace("\n", "")
    state.mode = "unknown_table"
    failed = run_cli("hent", "dst", "--years", "2012-2013", "-w", str(workspace.path), env=env)
    assert failed.returncode != 0 and "Traceback" not in failed.stderr
    assert "Statistikbanken afviste forespørgslen" in failed.stderr


def test_the_answer_file_must_be_one(tmp_path, workspace):
    path = Path(tmp_path / "noget.json")
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(StatbankError, match="ikke en svarfil"):
        fetch(workspace, YEARS, from_file=path)


@given(st.integers(min_value=0, max_value=999), st.integers(min_value=0, max_value=3))
def test_a_place_code_is_asked_as_the_table_spells_it_and_stored_as_three_digits(number, zeros):
    """Hele landet is '000' in FOLK1A and '0' elsewhere; a code is the same code with or without
    leading zeros, and the warehouse gets three digits."""
    ours = f"{number:03d}"
    theirs = "0" * zeros + str(number)
    table = ["101", theirs, "851"]
    assert spelt(ours, table) == (ours if ours in table else theirs)
    assert place(spelt(ours, table)) == ours
    assert spelt("999", ["101"]) == "999"  # not there: asked as it is, and named as missing
