"""The demo data set: case-level records for Ishøj (183) and Vallensbæk (187), 2011–2013, whose
indicators reproduce the figures of the seed's 2013 annual report.

The calibration — every count the report states, and invented but plausible values where it
states nothing — is data, in ``data/seed.toml`` (and the account tables in
``data/budget-2013.csv``). This module turns it into records: it fixes exact counts by dealing
shuffled "decks" of values (so the marginal counts are exact and the rest is random), and draws
everything else (dates, birth dates, CPR serials, costs) from one seeded generator, so the data set
is the same on every run and machine.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import random
import tomllib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from typing import Any

from ..contract.categories import category
from ..contract.municipalities import COUNTRY

Row = dict[str, Any]
YEARS = (2011, 2012, 2013)
D = dt.date


def spec() -> dict[str, Any]:
    text = resources.files("boernetal.demo").joinpath("data/seed.toml").read_text("utf-8")
    return tomllib.loads(text)


def deck(counts: Mapping[Any, int], rng: random.Random) -> list[Any]:
    """Every value as many times as its count, shuffled: dealt out, the counts are exact."""
    cards = [value for value, n in counts.items() for _ in range(int(n))]
    rng.shuffle(cards)
    return cards


def apportion(weights: list[float], total: int) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainder): the parts sum exactly."""
    raw = [w / sum(weights) * total for w in weights]
    parts = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: parts[i] - raw[i])[: total - sum(parts)]:
        parts[i] += 1
    return parts


def random_day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def month_day(rng: random.Random, year: int, month: int) -> dt.date:
    return D(year, month, rng.randint(1, calendar.monthrange(year, month)[1]))


@dataclass
class People:
    """Synthetic CPR numbers: the birth date and sex the contract's rules read from them, a new
    serial for every person (none is a real person's number)."""

    rng: random.Random
    serials: Counter[dt.date] = field(default_factory=Counter)

    def cpr(self, birth: dt.date, boy: bool) -> str:
        self.serials[birth] += 1
        n = self.serials[birth]
        century = "4" if birth.year >= 2000 else "1"
        last = self.rng.choice("13579" if boy else "02468")
        return f"{birth:%d%m%y}-{century}{n // 10 % 10}{n % 10}{last}"

    def child(self, age_at: dt.date, age: int, boy: bool | None = None) -> tuple[str, dt.date]:
        """A person of ``age`` on ``age_at``, with a random birthday."""
        latest = D(age_at.year - age, age_at.month, min(age_at.day, 28))
        birth = latest - dt.timedelta(days=self.rng.randint(0, 364))
        return self.cpr(birth, self.rng.random() < 0.5 if boy is None else boy), birth


# -- notifications ----------------------------------------------------------------------------------
@dataclass
class Notified:
    """A born child notified about in a year, with the dates of its notifications."""

    municipality: str
    dates: list[dt.datetime]
    cpr: str = ""
    birth: dt.date | None = None


def notifications(s: dict[str, Any], rng: random.Random, people: People) -> tuple[list[Row], list[Notified]]:
    spec_n = s["notifications"]
    rows: list[Row] = []
    children: list[Notified] = []
    for year in YEARS:
        year_rows: list[Row] = []
        for m in s["municipalities"]:
            e = spec_n[str(year)][m]
            total, unborn = e["total"], e["unborn"]
            months = deck(dict(enumerate(apportion(spec_n["months"][f"{year}.{m}"], total), start=1)), rng)
            stamps = [
                dt.datetime.combine(
                    month_day(rng, year, month), dt.time(rng.randint(8, 15), rng.choice((0, 15, 30, 45)))
                )
                for month in months
            ]
            # born children: each with as many notifications as its cohort says
            born = [
                Notified(m, [stamps.pop() for _ in range(int(times))])
                for times, count in e["children"].items()
                for _ in range(count)
            ]
            assign_ages_and_sexes(born, spec_n, year, m, rng, people)
            children.extend(born)
            channels = deck(
                {
                    "meeting": e["meetings"],
                    "phone": e["phone"],
                    "written": total - e["meetings"] - e["phone"],
                },
                rng,
            )
            sources = deck(spec_n["sources"][str(year)][m], rng)
            reasons = deck(spec_n["reasons"][str(year)][m], rng)
            about = [(c.cpr, when) for c in born for when in c.dates] + [
                ("", stamps.pop()) for _ in range(unborn)
            ]
            assert not stamps, "the month deck and the children disagree"
            for cpr, when in about:
                year_rows.append(
                    {
                        "cpr": cpr,
                        "unborn": "" if cpr else "ja",
                        "municipality": m,
                        "received": when,
                        "channel": channels.pop(),
                        "source": sources.pop(),
                        "reason": reasons.pop(),
                        "team": team_on(when.date(), rng),
                    }
                )
        first_actions(year_rows, spec_n, year, rng)
        year_rows.sort(key=lambda r: r["received"])
        for i, row in enumerate(year_rows, start=1):
            row["notification_id"] = f"U{year}-{i:04d}"
        rows.extend(year_rows)
    return rows, children


def team_on(day: dt.date, rng: random.Random) -> str:
    acute = "StraXen" if day >= D(2013, 8, 1) else "Akutteam"
    return rng.choice((acute, acute, "Børneteam", "Ungeteam"))


def assign_ages_and_sexes(
    born: list[Notified], spec_n: dict[str, Any], year: int, m: str, rng: random.Random, people: People
) -> None:
    """Ages so that the notifications per age follow the weights (largest children first, each to
    the age furthest below its share), sexes so that the boys' notifications are exactly their
    share, and birth dates that keep a child's age the same on all its notifications of the year."""
    notified = sum(len(c.dates) for c in born)
    wanted = apportion(spec_n["ages"][m], notified)
    given = [0] * len(wanted)
    share = spec_n["boys"][f"{year}.{m}"]
    boys_wanted = round(share * notified)
    order = sorted(born, key=lambda c: (-len(c.dates), rng.random()))
    sexes: dict[int, bool] = {}
    for child in order:
        age = max(range(len(wanted)), key=lambda a: (wanted[a] - given[a], rng.random()))
        given[age] += len(child.dates)
        first, last = min(child.dates).date(), max(child.dates).date()
        # a birthday before the first or after the last notification keeps the age the same
        if first > D(year, 1, 1):
            birthday, birth_year = random_day(rng, D(year, 1, 1), first), year - age
        else:
            birthday = random_day(rng, min(last + dt.timedelta(days=1), D(year, 12, 31)), D(year, 12, 31))
            birth_year = year - age - (1 if birthday > last else 0)
        child.birth = safe_date(birth_year, birthday.month, birthday.day)
        sexes[id(child)] = rng.random() < share
    boys = sum(len(c.dates) for c in order if sexes[id(c)])
    singles = [c for c in order[::-1] if len(c.dates) == 1]
    for child in singles:  # make the boys' notifications exact with children notified once
        if boys < boys_wanted and not sexes[id(child)]:
            sexes[id(child)], boys = True, boys + 1
        elif boys > boys_wanted and sexes[id(child)]:
            sexes[id(child)], boys = False, boys - 1
    for child in order:
        assert child.birth is not None
        child.cpr = people.cpr(child.birth, sexes[id(child)])


def safe_date(year: int, month: int, day: int) -> dt.date:
    return D(year, month, min(day, calendar.monthrange(year, month)[1]))


def first_actions(rows: list[Row], spec_n: dict[str, Any], year: int, rng: random.Random) -> None:
    """The first action and when it happened: exact counts per action and per response time."""
    actions = deck(spec_n["first_action"][str(year)], rng)
    delays = deck(spec_n["response"][str(year)], rng)
    for row in rows:
        action = actions.pop()
        if action == "unrecorded":
            row["first_action"] = row["first_action_at"] = ""
            continue
        span = delays.pop()
        low, high = (int(x) for x in (span.split("-") if "-" in span else (span, span)))
        row["first_action"] = action
        row["first_action_at"] = row["received"].date() + dt.timedelta(days=rng.randint(low, high))


# -- investigations ---------------------------------------------------------------------------------
def investigations(s: dict[str, Any], rng: random.Random, notified: list[Notified]) -> list[Row]:
    rows = []
    in_time = s["investigations"]["in_time_share"]
    for year in YEARS:
        for m, count in s["investigations"][str(year)].items():
            pool = [c for c in notified if c.municipality == m and c.dates[0].year == year]
            for child in rng.sample(pool, count):
                decided = min(child.dates).date() + dt.timedelta(days=rng.randint(3, 25))
                if decided.year != year:
                    decided = D(year, 12, rng.randint(1, 20))
                days = rng.randint(40, 118) if rng.random() < in_time else rng.randint(125, 200)
                completed = decided + dt.timedelta(days=days)
                rows.append(
                    {
                        "cpr": child.cpr,
                        "municipality": m,
                        "decided": decided,
                        "completed": "" if completed > D(2014, 1, 15) else completed,
                        "team": rng.choice(("Børneteam", "Ungeteam", "Specialteam", "§ 50 team")),
                    }
                )
    rows.sort(key=lambda r: r["decided"])
    for i, row in enumerate(rows, start=1):
        row["investigation_id"] = f"BU{i:04d}"
    return rows


# -- placements and aftercare --------------------------------------------------------------------
COHORTS = {
    # cohort: (start from, start to, end from, end to); None = still placed
    "stay": (D(2004, 1, 1), D(2010, 12, 31), None, None),
    "ended_2011": (D(2005, 1, 1), D(2011, 3, 31), D(2011, 4, 1), D(2011, 12, 31)),
    "ended_2012": (D(2006, 1, 1), D(2011, 12, 31), D(2012, 1, 15), D(2012, 12, 31)),
    "new_2012": (D(2012, 1, 15), D(2012, 12, 15), None, None),
    "new_2013": (D(2013, 1, 20), D(2013, 6, 30), None, None),
}


def placements(s: dict[str, Any], rng: random.Random, people: People) -> tuple[list[Row], list[Row]]:
    """Placement periods, and the aftercare contact-person measures of young people whose
    placement ended in 2012 at 18."""
    p = s["placements"]
    rows: list[Row] = []
    aftercare: list[Row] = []
    end_2013 = D(2013, 12, 31)
    for m in s["municipalities"]:
        new_ages = list(p["new_2013_ages"][m])
        placed_18 = p["aftercare_placed"][m]
        contact_18 = p["aftercare_contact_person"][m]
        for cohort, (start_from, start_to, end_from, end_to) in COHORTS.items():
            types = p[m].get(cohort, {})
            # the new placements in the order of their ages (the youngest in foster care)
            dealt = (
                [t for t, n in types.items() for _ in range(n)] if cohort == "new_2013" else deck(types, rng)
            )
            for placement_type in dealt:
                if cohort == "new_2013":
                    # age on the start date as on 31-12-2012: the birthday comes later in the year
                    age = new_ages.pop(0)
                    start = random_day(rng, start_from, start_to)
                    birthday = random_day(rng, D(2013, 7, 1), D(2013, 12, 31))
                    birth = safe_date(2013 - age - 1, birthday.month, birthday.day)
                    cpr = people.cpr(birth, rng.random() < 0.5)
                else:
                    start = random_day(rng, start_from, start_to)
                    contact = False
                    if cohort == "stay" and placed_18 > 0 and placement_type != "institution_disability":
                        placed_18 -= 1
                        cpr, birth = people.child(end_2013, rng.randint(18, 19))
                    elif cohort == "ended_2012" and contact_18 > 0:
                        contact_18 -= 1
                        contact = True  # 18 when the placement ended: a contact person after it
                        cpr, birth = people.child(D(2012, 12, 31), 18)
                    else:
                        # under 18 at the end of 2013 (or when the placement ended)
                        cpr, birth = people.child(end_2013, rng.randint(max(1, 2014 - start.year), 17))
                    start = max(start, birth + dt.timedelta(days=60))
                end = "" if end_from is None else random_day(rng, max(end_from, start), end_to)
                if cohort != "new_2013" and contact:
                    aftercare.append(
                        {
                            "cpr": cpr,
                            "municipality": m,
                            "start": end + dt.timedelta(days=1),
                            "end": D(2014, 6, 30),
                            "measure_type": "aftercare_contact_person",
                            "annual_cost": Decimal(60000),
                        }
                    )
                rows.append(
                    {
                        "cpr": cpr,
                        "municipality": m,
                        "start": start,
                        "end": end,
                        "placement_type": placement_type,
                        "consent": "ja",
                        "annual_cost": Decimal(
                            p["annual_cost"][category("placement_type").codes[placement_type].group]
                        ),
                    }
                )
        # without consent: among the children placed in 2013
        placed_2013 = [
            r for r in rows if r["municipality"] == m and (r["end"] == "" or r["end"].year >= 2013)
        ]
        for row in rng.sample(placed_2013, p["forced_2013"][m]):
            row["consent"] = "nej"
    rows.sort(key=lambda r: (r["start"], r["cpr"]))
    for i, row in enumerate(rows, start=1):
        row["placement_id"] = f"A{i:04d}"
    return rows, aftercare


# -- preventive measures ------------------------------------------------------------------------------
MEASURE_WEIGHTS = {
    "consultancy": 20,
    "therapy": 8,
    "daycare_support": 6,
    "home_support": 12,
    "family_treatment": 14,
    "parent_child_stay": 2,
    "respite_care": 10,
    "contact_person": 16,
    "traineeship": 2,
    "other_help": 6,
    "economic_support": 4,
}
MEASURE_COST = {
    "consultancy": 90000,
    "respite_care": 160000,
    "parent_child_stay": 600000,
    "contact_person": 110000,
}


def measures(
    s: dict[str, Any], rng: random.Random, people: People, notified: list[Notified], aftercare: list[Row]
) -> list[Row]:
    rows = list(aftercare)
    for year in YEARS:
        for m, count in s["measures"]["children"].items():
            pool = [c for c in notified if c.municipality == m and c.dates[0].year == year]
            chosen = rng.sample(pool, min(len(pool), count // 2))
            kids = [(c.cpr, c.birth) for c in chosen]
            kids += [people.child(D(year, 6, 30), rng.randint(1, 17)) for _ in range(count - len(kids))]
            for cpr, birth in kids:
                for _ in range(2 if rng.random() < s["measures"]["per_child"] - 1 else 1):
                    kind = rng.choices(list(MEASURE_WEIGHTS), list(MEASURE_WEIGHTS.values()))[0]
                    start = random_day(rng, D(year, 1, 1), D(year, 12, 31))
                    start = max(start, birth + dt.timedelta(days=30))  # type: ignore[operator]
                    end = start + dt.timedelta(days=rng.randint(60, 420))
                    rows.append(
                        {
                            "cpr": cpr,
                            "municipality": m,
                            "start": start,
                            "end": "" if end > D(2014, 3, 31) else end,
                            "measure_type": kind,
                            "annual_cost": Decimal(MEASURE_COST.get(kind, 70000)),
                        }
                    )
    rows.sort(key=lambda r: (r["start"], r["cpr"]))
    for i, row in enumerate(rows, start=1):
        row["measure_id"] = f"F{i:05d}"
    return rows


# -- cases and staff ---------------------------------------------------------------------------------
def staff(s: dict[str, Any]) -> list[Row]:
    """Advisers by team with their FTE: whole posts and one part-time post per team."""
    rows = []
    number = 0
    for team, t in s["cases"]["teams"].items():
        fte = Decimal(str(t["fte"]))
        posts = [Decimal(1)] * int(fte) + ([fte - int(fte)] if fte % 1 else [])
        names = team.split("/")
        for post in posts:
            number += 1
            if len(names) == 2:  # Akutteam became StraXen on 1 August 2013
                rows.append(
                    {
                        "adviser_id": f"R{number:02d}",
                        "team": names[0],
                        "start": D(2009, 1, 1),
                        "end": D(2013, 7, 31),
                        "fte": post,
                    }
                )
                rows.append(
                    {
                        "adviser_id": f"R{number:02d}",
                        "team": names[1],
                        "start": D(2013, 8, 1),
                        "end": "",
                        "fte": post,
                    }
                )
            else:
                rows.append(
                    {
                        "adviser_id": f"R{number:02d}",
                        "team": team,
                        "start": D(2009, 1, 1),
                        "end": "",
                        "fte": post,
                    }
                )
    return rows


def cases(s: dict[str, Any], rng: random.Random, people: People, advisers: list[Row]) -> list[Row]:
    """Cases opened and closed so that exactly the target number is open at each month's end."""
    teams = s["cases"]["teams"]
    names, shares = list(teams), [t["cases"] for t in teams.values()]
    open_cases: list[Row] = []
    rows: list[Row] = []

    def new_case(opened: dt.date) -> Row:
        team = rng.choices(names, shares)[0]
        if "/" in team:
            team = team.split("/")[1] if opened >= D(2013, 8, 1) else team.split("/")[0]
        on_team = [a["adviser_id"] for a in advisers if a["team"] == team] or [advisers[0]["adviser_id"]]
        cpr, _ = people.child(opened, rng.randint(0, 17))
        row = {
            "cpr": cpr,
            "municipality": "183" if rng.random() < 0.76 else "187",
            "team": team,
            "adviser_id": rng.choice(on_team),
            "opened": opened,
            "closed": "",
        }
        rows.append(row)
        return row

    targets = [
        (year, month, n)
        for year in YEARS
        for month, n in enumerate(s["cases"]["month_end"][str(year)], start=1)
    ]
    for _ in range(targets[0][2] - 20):
        open_cases.append(new_case(random_day(rng, D(2008, 1, 1), D(2010, 12, 31))))
    for year, month, target in targets:
        first, last = D(year, month, 1), D(year, month, calendar.monthrange(year, month)[1])
        closing = rng.randint(25, 45)
        opening = target - (len(open_cases) - closing)
        if opening < 0:
            closing, opening = closing - opening, 0
        rng.shuffle(open_cases)
        # closed before the month's last day: a case closed on that day is still open on it
        for row in open_cases[:closing]:
            row["closed"] = random_day(rng, max(first, row["opened"]), last - dt.timedelta(days=1))
        open_cases = open_cases[closing:]
        open_cases += [new_case(random_day(rng, first, last)) for _ in range(opening)]
        assert len(open_cases) == target
    rows.sort(key=lambda r: (r["opened"], r["cpr"]))
    for i, row in enumerate(rows, start=1):
        row["case_id"] = f"S{i:05d}"
    return rows


# -- complaints, population, expenditure, budget -----------------------------------------------------
SUBJECTS = ("Anbringelse", "Samvær", "Aflastning", "Tabt arbejdsfortjeneste", "Merudgifter", "Kontaktperson")


def complaints(s: dict[str, Any], rng: random.Random) -> list[Row]:
    rows = []
    for year in (2012, 2013):
        c = s["complaints"][str(year)]
        decisions = [
            (i, o)
            for i in ("social_board", "appeals_board", "court")
            for o, n in c.get(i, {}).items()
            for _ in range(n)
        ]
        decisions += [("appeals_board", "own")] * c["own_initiative"]
        for instance, outcome in decisions:
            own = outcome == "own"
            rows.append(
                {
                    "decided": random_day(rng, D(year, 1, 10), D(year, 12, 20)),
                    "instance": instance,
                    "outcome": "changed" if own else outcome,
                    "own_initiative": "ja" if own else "",
                    "subject": "Anbringelse" if own else rng.choice(SUBJECTS),
                    "municipality": "183" if rng.random() < 0.76 else "187",
                }
            )
    rows.sort(key=lambda r: r["decided"])
    for i, row in enumerate(rows, start=1):
        row["decision_id"] = f"K{i:03d}"
    return rows


def population(s: dict[str, Any]) -> list[Row]:
    """Population on 1 January by age: the children's total spread over 0–17, adults over 18–99."""
    rows = []
    for m, p in s["population"].items():
        for i, year in enumerate(YEARS):
            kids = apportion([1.0] * 18, p["children"][i])
            adults = apportion(
                [1.0 if a < 65 else 0.7 if a < 80 else 0.25 for a in range(18, 100)],
                p["inhabitants"][i] - p["children"][i],
            )
            for age, n in enumerate(kids + adults):
                rows.append({"municipality": m, "year": year, "age": age, "count": n})
    return rows


def expenditure(s: dict[str, Any]) -> list[Row]:
    """Net operating expenditure 2012 per area, such that the amounts per 1,000 inhabitants on
    1 January 2012 are the report's for Ishøj and Vallensbæk and the ten's mean is its mean; and
    the whole country's."""
    peers = s["peer_groups"]["Vestegnen"]
    others = [m for m in peers if m not in s["municipalities"]]
    places = [*peers, COUNTRY]
    inhabitants = {m: s["population"][m]["inhabitants"][1] for m in places}
    rows = []
    for area, e in s["expenditure_per_1000_2012"].items():
        rest = e["mean"] * len(peers) - sum(e[m] for m in s["municipalities"])
        per_1000 = {m: e[m] for m in s["municipalities"]} | {COUNTRY: e["country"]}
        per_1000 |= {m: rest * f / sum(e["others"]) for m, f in zip(others, e["others"], strict=True)}
        for m in places:
            amount = Decimal(str(per_1000[m] * inhabitants[m] / 1000)).quantize(Decimal("0.01"))
            rows.append({"municipality": m, "year": 2012, "area": area, "amount": amount})
    return rows


def births(s: dict[str, Any], rng: random.Random, people: People) -> list[Row]:
    """Births per year with exactly the seed's premature births (weeks 25–36), young mothers
    (17–23) and readmissions within 28 days; the rest at term, to mothers of 24–42."""
    rows = []
    for m, b in s["births"].items():
        for i, year in enumerate(YEARS):
            n = b["total"][i]
            last = D(year, 9, 30) if year == 2013 else D(year, 12, 31)  # readmissions counted to October
            days = sorted(random_day(rng, D(year, 1, 1), D(year, 12, 31)) for _ in range(n))
            early = set(rng.sample(range(n), b["premature"][i]))
            young = set(rng.sample(range(n), b["young_mothers"][i]))
            readmitted = set(rng.sample([k for k in range(n) if days[k] <= last], b["readmitted"][i]))
            for k, born in enumerate(days):
                rows.append(
                    {
                        "cpr": people.cpr(born, rng.random() < 0.51),
                        "born": born,
                        "municipality": m,
                        "gestational_week": rng.randint(25, 36) if k in early else rng.randint(37, 42),
                        "mother_age": rng.randint(17, 23) if k in young else rng.randint(24, 42),
                        "readmitted": "ja" if k in readmitted else "nej",
                    }
                )
    return rows


def health_visits(s: dict[str, Any], rng: random.Random, people: People, born: list[Row]) -> list[Row]:
    """Visits per year: every newborn of the year and enough of last year's children to make the
    year's children visited; the seed's numbers of them with need and "lighed i sundhed" visits."""
    rows: list[Row] = []

    def visit(cpr: str | None, day: dt.date, kind: str, m: str) -> None:
        rows.append(
            {
                "visit_id": f"B{len(rows) + 1:05d}",
                "cpr": cpr,
                "visited": day,
                "municipality": m,
                "visit_type": kind,
            }
        )

    for m, h in s["health_visits"].items():
        by_year = {
            y: [(r["cpr"], r["born"]) for r in born if r["municipality"] == m and r["born"].year == y]
            for y in YEARS
        }
        for i, year in enumerate(YEARS):
            last_day = D(year, 12, 31)
            newborns = by_year[year]
            earlier = by_year.get(year - 1) or [
                people.child(D(year, 1, 1), 0) for _ in range(h["children"][i] - len(newborns))
            ]
            older = rng.sample(earlier, h["children"][i] - len(newborns))
            visited = []
            for cpr, birth in newborns:
                day = min(birth + dt.timedelta(days=rng.randint(2, 9)), last_day)
                visit(cpr, day, "postnatal", m)
                visited.append((cpr, day))
            for cpr, _ in older:
                day = random_day(rng, D(year, 1, 1), last_day)
                visit(cpr, day, "eight_months", m)
                visited.append((cpr, day))
            for kind, n in (("need", h["need"][i]), ("equality", h["equality"][i])):
                for cpr, first in rng.sample(visited, n):
                    for _ in range(rng.randint(1, 3)):
                        visit(cpr, random_day(rng, first, last_day), kind, m)
            for _ in range(h["pregnancy"][i]):
                visit(None, random_day(rng, D(year, 1, 1), last_day), "pregnancy", m)
    return rows


#: offers whose courses name the child (the others: a family's own conversations)
NAMED_CHILD = ("respite_care", "family_treatment", "home_team", "family_group_conference")


def services(s: dict[str, Any], rng: random.Random, people: People) -> list[Row]:
    """Courses within each year, as many families per offer as the seed's; Tolmiea's own story."""
    rows: list[Row] = []

    def course(
        m: str, service: str, start: dt.date, end: dt.date | None, cpr: str | None, family: str
    ) -> None:
        rows.append(
            {
                "enrolment_id": f"F{len(rows) + 1:05d}",
                "family_id": family,
                "cpr": cpr,
                "municipality": m,
                "service": service,
                "start": start,
                "end": end,
            }
        )

    for m, offers in s["services"].items():
        for service, per_year in offers.items():
            for year, n in zip(YEARS, per_year, strict=True):
                for _ in range(n):
                    start = random_day(rng, D(year, 1, 1), D(year, 11, 30))
                    length = 0 if service == "family_group_conference" else rng.randint(7, 60)
                    cpr = people.child(start, rng.randint(2, 15))[0] if service in NAMED_CHILD else None
                    end = min(start + dt.timedelta(days=length), D(year, 12, 30))  # within the year
                    course(m, service, start, end, cpr, f"{m}-{len(rows) + 1}")

    # Tolmiea (Ishøj): mothers and their newborns, courses of a year or more
    def infant(start: dt.date) -> str:
        return people.cpr(start - dt.timedelta(days=rng.randint(10, 60)), rng.random() < 0.5)

    for k in range(10):  # from 2012; six end in 2013, four go on
        start = month_day(rng, 2012, 1 + k)
        end = month_day(rng, 2013, 2 + k) if k < 6 else None
        course("183", "tolmiea", start, end, infant(start), f"T{k + 1}")
    twins_start = D(2013, 4, 8)
    twins = people.cpr(D(2013, 3, 2), True), people.cpr(D(2013, 3, 2), False)
    for cpr in twins:  # a new family with two children, going on
        course("183", "tolmiea", twins_start, None, cpr, "T11")
    course("183", "tolmiea", D(2013, 5, 13), None, infant(D(2013, 5, 13)), "T12")
    course("183", "tolmiea", D(2013, 3, 4), D(2013, 11, 15), infant(D(2013, 3, 4)), "T13")
    return rows


def groups(s: dict[str, Any], rng: random.Random) -> list[Row]:
    """Groups begun each year with the seed's numbers of groups and participants in all."""
    rows: list[Row] = []
    for m, kinds in s["groups"].items():
        for kind, g in kinds.items():
            for year, n, people_in in zip(YEARS, g["groups"], g["participants"], strict=True):
                for taking_part in apportion([1.0] * n, people_in):
                    rows.append(
                        {
                            "group_id": f"G{len(rows) + 1:04d}",
                            "municipality": m,
                            "group_type": kind,
                            "start": random_day(rng, D(year, 1, 1), D(year, 12, 31)),
                            "sessions": g["sessions"],
                            "participants": taking_part,
                        }
                    )
    return rows


def screenings(s: dict[str, Any], rng: random.Random, born: list[Row]) -> list[Row]:
    """Parents screened at the two-month visit, with scores that give exactly the seed's numbers
    of moderate-or-severe and severe reactions under Børnetal's default cut-offs."""
    from ..config import SCREENING

    rows: list[Row] = []
    for m, parents in s["screenings"].items():
        for parent, p in parents.items():
            moderate, severe = SCREENING[p["instrument"]]
            for i, year in enumerate(YEARS):
                children = [r for r in born if r["municipality"] == m and r["born"].year == year]
                n, worse, worst = p["screened"][i], p["moderate"][i], p["severe"][i]
                for k, child in enumerate(rng.sample(children, n)):
                    score = (
                        rng.randint(severe, severe + 6)
                        if k < worst
                        else rng.randint(moderate, severe - 1)
                        if k < worse
                        else rng.randint(0, moderate - 1)
                    )
                    rows.append(
                        {
                            "screening_id": f"S{len(rows) + 1:05d}",
                            "cpr": child["cpr"],
                            "municipality": m,
                            "screened": min(
                                child["born"] + dt.timedelta(days=rng.randint(55, 70)), D(year, 12, 31)
                            ),
                            "parent": parent,
                            "instrument": p["instrument"],
                            "score": score,
                        }
                    )
    return rows


#: the school years of the school health examinations: 2007/08 to 2012/13 (by the year they end in)
SCHOOL_YEARS = tuple(range(2008, 2014))
#: the age in the autumn of a school year of a pupil in each examination's grade
EXAMINED = {"school_start": (0, 6), "school_leaving": (9, 15)}
FREQUENCIES = ("always", "often", "sometimes", "rarely", "never")


def school_year(end: int) -> str:
    """A school year as the schools write it: 2012/13."""
    return f"{end - 1}/{end % 100:02d}"


def school_health(s: dict[str, Any], rng: random.Random, people: People) -> list[Row]:
    """Pupils examined at school start and school leaving, six school years, with the seed's
    numbers in each BMI class, motor screening results by sex and school-leaving answers."""
    rows: list[Row] = []
    for m, exams in s["school_health"].items():
        for examination, e in exams.items():
            grade, age = EXAMINED[examination]
            for i, year in enumerate(SCHOOL_YEARS):
                n = e["pupils"][i]
                classes = {k: e[k][i] for k in ("moderate_overweight", "severe_overweight", "underweight")}
                bmi = deck({**classes, "normal": n - sum(classes.values())}, rng)
                if examination == "school_start":
                    boys = [True] * e["boys"][i] + [False] * e["girls"][i]
                    below = [True] * e["boys_below"][i] + [False] * (e["boys"][i] - e["boys_below"][i])
                    below += [True] * e["girls_below"][i] + [False] * (e["girls"][i] - e["girls_below"][i])
                    answers: list[dict[str, Any]] = [
                        {"boy": boy, "motor_areas_below": rng.randint(1, 3) if low else 0}
                        for boy, low in zip(boys, below, strict=True)
                    ]
                else:
                    smoke = deck({True: e["smoking"][i], False: n - e["smoking"][i]}, rng)
                    little = deck({"less": e["little_exercise"][i], "x": n - e["little_exercise"][i]}, rng)
                    tired = deck({True: e["sleep_too_little"][i], False: n - e["sleep_too_little"][i]}, rng)
                    last = year == SCHOOL_YEARS[-1]
                    stress = (
                        deck(dict(zip(FREQUENCIES, e["too_much_to_do"], strict=True)), rng) if last else []
                    )
                    ache = deck(dict(zip(FREQUENCIES, e["headache"], strict=True)), rng) if last else []
                    answers = [
                        {
                            "boy": rng.random() < 0.5,
                            "smokes_daily": "ja" if smoke[k] else "nej",
                            "exercise": little[k]
                            if little[k] == "less"
                            else rng.choice(("daily", "several_weekly", "twice_weekly")),
                            "sleeps_too_little": "ja" if tired[k] else "nej",
                            "too_much_to_do": stress[k] if stress else None,
                            "headache": ache[k] if ache else None,
                        }
                        for k in range(n)
                    ]
                for k, answer in enumerate(answers):
                    cpr, _ = people.child(D(year - 1, 9, 1), age, answer.pop("boy"))
                    rows.append(
                        {
                            "exam_id": f"SU{len(rows) + 1:05d}",
                            "cpr": cpr,
                            "municipality": m,
                            "year": school_year(year),
                            "grade": grade,
                            "examination": examination,
                            "bmi_class": bmi[k],
                            **answer,
                        }
                    )
    return rows


def school_needs(s: dict[str, Any], rng: random.Random, people: People) -> tuple[list[Row], list[Row]]:
    """Pupils with a particular need (one row per problem area, the seed's children, children with
    two areas and contacts) and the schools' pupil counts."""
    needs: list[Row] = []
    pupils: list[Row] = []
    for m, n in s["school_needs"].items():
        for i, year in enumerate(YEARS):
            pupils.append(
                {"municipality": m, "year": school_year(year), "grade": None, "pupils": n["pupils"][i]}
            )
            children, several = n["children"][i], n["several"][i]
            if year == YEARS[-1]:
                areas = deck(n["areas"], rng)
            else:
                areas = deck(
                    dict(
                        zip(n["areas"], apportion(list(n["areas"].values()), children + several), strict=True)
                    ),
                    rng,
                )
            # the first ``several`` children get a second area, unlike their first (an equal one
            # swaps first areas with a child that has only one)
            kids = [people.child(D(year - 1, 9, 1), rng.randint(6, 15))[0] for _ in range(children)]
            firsts, seconds = areas[:children], areas[children:]
            for k, area in enumerate(seconds):
                if firsts[k] == area:
                    j = next(j for j in range(several, children) if firsts[j] != area)
                    firsts[k], firsts[j] = firsts[j], firsts[k]
            rows = [*zip(kids, firsts, strict=True), *zip(kids, seconds, strict=False)]
            contacts = [1 + c for c in apportion([1.0] * len(rows), n["contacts"][i] - len(rows))]
            rng.shuffle(contacts)
            for (cpr, area), c in zip(rows, contacts, strict=True):
                needs.append(
                    {
                        "need_id": f"BB{len(needs) + 1:05d}",
                        "cpr": cpr,
                        "municipality": m,
                        "year": school_year(year),
                        "need_area": area,
                        "found_by": rng.choice(("examination", "open_door", "concern")),
                        "contacts": c,
                    }
                )
    return needs, pupils


def programmes(s: dict[str, Any], rng: random.Random, people: People) -> list[Row]:
    """The school health service's programmes in 2013 (and the courses behind 2013's continuing
    ones): Tidlig opsporing's offers and referrals, Tip Tab Tynde's courses, as the seed counts them."""
    rows: list[Row] = []

    def child(
        name: str, m: str, offered: dt.date, response: str, start: dt.date | None = None, **more: Any
    ) -> None:
        cpr, _ = people.child(offered, rng.randint(7, 14))
        rows.append(
            {
                "enrolment_id": f"P{len(rows) + 1:04d}",
                "cpr": cpr,
                "municipality": m,
                "programme": name,
                "offered": offered,
                "response": response,
                "start": start,
                "end": more.get("end"),
                "bmi_reduced": more.get("bmi_reduced"),
                "referred_to": more.get("referred_to"),
            }
        )

    last = YEARS[-1]
    for m, programme in s["programmes"].items():
        early = programme["early_detection"]
        said_no = ["declined"] * early["declined"] + ["absent"] * early["absent"]
        no_referrals = deck(early["referred_declined"], rng)
        for k, response in enumerate(said_no):
            referral = no_referrals[k] if k < len(no_referrals) else None
            child(
                early["name"],
                m,
                random_day(rng, D(last, 1, 15), D(last, 11, 30)),
                response,
                referred_to=referral,
            )
        referrals = deck(early["referred"], rng)
        for k in range(early["offered"] - len(said_no)):
            offered = random_day(rng, D(last, 1, 15), D(last, 10, 31))
            referral = referrals[k] if k < len(referrals) else None
            child(
                early["name"], m, offered, "accepted", offered + dt.timedelta(days=14), referred_to=referral
            )

        ttt = programme["tip_tab_tynde"]
        reduced = deck(
            {True: ttt["bmi_reduced"], False: ttt["continuing"] + ttt["started"] - ttt["bmi_reduced"]}, rng
        )
        onward = deck(ttt["referred_on"], rng)
        for k in range(ttt["continuing"]):
            start = random_day(rng, D(last - 2, 9, 1), D(last - 1, 11, 30))
            ended = k < ttt["continuing_ended"]
            later = k - ttt["continuing_ended"]
            child(
                ttt["name"],
                m,
                start - dt.timedelta(days=rng.randint(10, 30)),
                "accepted",
                start,
                end=random_day(rng, D(last, 1, 10), D(last, 12, 20)) if ended else None,
                bmi_reduced=reduced.pop(),
                referred_to=onward[later] if not ended and later < len(onward) else None,
            )
        for k in range(ttt["started"]):
            start = random_day(rng, D(last, 2, 1), D(last, 11, 30))
            child(
                ttt["name"],
                m,
                start - dt.timedelta(days=rng.randint(5, 25)),
                "accepted",
                start,
                end=random_day(rng, start, D(last, 12, 31)) if k < ttt["started_ended"] else None,
                bmi_reduced=reduced.pop(),
            )
        for _ in range(ttt["ended_before"]):
            start = random_day(rng, D(last - 2, 9, 1), D(last - 1, 6, 30))
            child(
                ttt["name"],
                m,
                start - dt.timedelta(days=rng.randint(5, 25)),
                "accepted",
                start,
                end=random_day(rng, start + dt.timedelta(days=60), D(last - 1, 12, 31)),
                bmi_reduced=rng.random() < 0.55,
            )
    for row in rows:
        if row["bmi_reduced"] is not None:
            row["bmi_reduced"] = "ja" if row["bmi_reduced"] else "nej"
    return rows


def foster_families(s: dict[str, Any], rng: random.Random) -> list[Row]:
    """The foster families active at the start of 2011, and those approved and stopped each year."""
    rows: list[Row] = []
    for m, f in s["foster_families"].items():
        active: dict[str, list[Row]] = {}

        def family(kind: str, approved: dt.date, m: str = m, active: dict[str, list[Row]] = active) -> None:
            row = {"family_id": f"PF{len(rows) + 1:03d}", "municipality": m, "family_type": kind}
            rows.append(row | {"approved": approved, "end": None})
            active.setdefault(kind, []).append(rows[-1])

        for kind, n in f["active_2011"].items():
            for _ in range(n):
                family(kind, random_day(rng, D(1998, 1, 1), D(YEARS[0] - 1, 12, 31)))
        for i, year in enumerate(YEARS):
            for kind, counts in f["ended"].items():
                for row in rng.sample(active[kind], counts[i]):
                    row["end"] = random_day(rng, D(year, 1, 1), D(year, 12, 31))
                    active[kind].remove(row)
            for kind, counts in f["approved"].items():
                for _ in range(counts[i]):
                    family(kind, random_day(rng, D(year, 1, 1), D(year, 12, 31)))
    return rows


def pregnancy_referrals(s: dict[str, Any], rng: random.Random) -> list[Row]:
    """Referrals of pregnant women per year, the seed's share of them about particular difficulties."""
    rows: list[Row] = []
    for m, r in s["pregnancy_referrals"].items():
        for i, year in enumerate(YEARS):
            special = deck({True: r["special"][i], False: r["referrals"][i] - r["special"][i]}, rng)
            for difficult in special:
                rows.append(
                    {
                        "referral_id": f"H{len(rows) + 1:04d}",
                        "municipality": m,
                        "referred": random_day(rng, D(year, 1, 1), D(year, 12, 31)),
                        "referred_by": rng.choice(
                            ("Hvidovre Hospitals jordemødre", "Egen læge", "Jordemoder")
                        ),
                        "special_difficulties": "ja" if difficult else "nej",
                    }
                )
    return rows


def national_figures(s: dict[str, Any]) -> list[Row]:
    """What the Statbank would give for the own municipalities, the Vestegn peers and the country."""
    n = s["national_figures"]
    rows: list[Row] = []

    def figure(m: str, statistic: str, year: int, value: float) -> None:
        rows.append(
            {
                "source_table": n["tables"][statistic],
                "municipality": m,
                "year": year,
                "statistic": statistic,
                "dimensions": n["dimensions"].get(statistic),
                "figure": round(value),
                "unit": "antal",
            }
        )

    for i, year in enumerate(YEARS):
        for statistic, rate in n["country_per_1000"].items():
            figure("000", statistic, year, rate[i] * s["population"]["000"]["children"][i] / 1000)
            for m, own in n["own"].items():
                figure(m, statistic, year, own[statistic][i])
            for k, (m, factors) in enumerate(n["factors"].items()):
                kind = list(n["country_per_1000"]).index(statistic)
                children = s["population"][m]["children"][i]
                figure(
                    m, statistic, year, rate[i] * factors[kind] * (1 + 0.02 * (i - k % 3)) * children / 1000
                )
    return rows


def budget() -> list[Row]:
    text = resources.files("boernetal.demo").joinpath("data/budget-2013.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter=";"))


# -- all together ------------------------------------------------------------------------------------
def generate() -> dict[str, list[Row]]:
    """Every record kind's rows, in the contract's columns (dates and amounts as Python values)."""
    s = spec()
    rng = random.Random(s["random_seed"])
    people = People(rng)
    notification_rows, notified = notifications(s, rng, people)
    placement_rows, aftercare = placements(s, rng, people)
    advisers = staff(s)
    return {
        "notifications": notification_rows,
        "investigations": investigations(s, rng, notified),
        "placements": placement_rows,
        "measures": measures(s, rng, people, notified, aftercare),
        "staff": advisers,
        "cases": cases(s, rng, people, advisers),
        "complaints": complaints(s, rng),
        "population": population(s),
        "expenditure": expenditure(s),
        "budget": budget(),
    } | next_kinds(s, rng, people)


def next_kinds(s: dict[str, Any], rng: random.Random, people: People) -> dict[str, list[Row]]:
    """The kinds added after the first wave, drawn after the others (which stay as they were)."""
    born = births(s, rng, people)
    return {
        "births": born,
        "health_visits": health_visits(s, rng, people, born),
        "service_enrolments": services(s, rng, people),
        "group_activities": groups(s, rng),
        "postnatal_screenings": screenings(s, rng, born),
        "school_health_exams": school_health(s, rng, people),
        "programme_enrolments": programmes(s, rng, people),
        "foster_families": foster_families(s, rng),
        "pregnancy_referrals": pregnancy_referrals(s, rng),
        "national_figures": national_figures(s),
    } | dict(zip(("school_needs", "pupils"), school_needs(s, rng, people), strict=True))
