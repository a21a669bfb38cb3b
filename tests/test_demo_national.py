"""`boernetal demo --profile national`: a national-size, deterministic data set through the normal
ingest path, with the demo's proportions."""

from __future__ import annotations

import hashlib
from pathlib import Path

from boernetal import Workspace
from boernetal.contract.municipalities import municipalities
from boernetal.demo import national

from helpers import run_cli


def test_national_profile_builds_a_workspace_of_all_98_municipalities(tmp_path):
    folder = tmp_path / "national"
    out = run_cli("demo", "--profile", "national", "--years", "2023-2023", "--out", str(folder), timeout=600)
    assert out.returncode == 0, out.stderr
    assert "--year 2023" in out.stdout
    ws = Workspace.open(folder)
    with ws.warehouse(read_only=True) as wh:
        notified = dict(wh.con.sql("SELECT municipality, count(*) FROM notifications GROUP BY 1").fetchall())
        placed = wh.con.sql(
            "SELECT count(DISTINCT child) FROM placements WHERE start <= DATE '2023-12-31' "
            'AND ("end" IS NULL OR "end" >= DATE \'2023-01-01\')'
        ).fetchall()[0][0]
    assert set(notified) == set(municipalities())
    assert 100_000 <= sum(notified.values()) <= 150_000  # "about 100–150 k notifications a year"
    assert notified["101"] > 20 * notified["187"]  # København is far larger than Vallensbæk
    children = sum(national.sizes().values()) * national.CHILD_SHARE
    assert 0.005 < placed / children < 0.015  # about 0.9 % of children placed, like the demo
    assert (folder / "noegletal-2023.xlsx").exists()


def test_national_files_are_deterministic(tmp_path):
    def digest(folder: Path) -> str:
        paths = national.generate(folder, 2023, 2023)
        return hashlib.sha256(b"".join(p.read_bytes() for p in paths)).hexdigest()

    assert digest(tmp_path / "a") == digest(tmp_path / "b")


def test_national_years_are_checked(tmp_path):
    out = run_cli("demo", "--profile", "national", "--years", "2023-2014", "--out", str(tmp_path / "x"))
    assert out.returncode != 0 and "--years 2023-2014" in out.stderr and "Traceback" not in out.stderr
    out = run_cli("demo", "--profile", "landsdækkende", "--out", str(tmp_path / "x"))
    assert out.returncode != 0 and "--profile" in out.stderr
