"""Annual report speed for one two-municipality workspace (Ishøj and Vallensbæk).

The workspace holds the example extracts (examples/udtraek) plus synthetic notifications at the
seed's volume (about 520 a year for 2011–2013). Targets on a 2-core machine: the HTML report
≤ 3 s, all four formats (HTML, PDF, Word, Excel) ≤ 20 s — each from a fresh start of the work:
computing the indicators, writing the text and drawing the charts included.

Run: .venv/bin/python benchmarks/report.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from boernetal import ingest_directory, init_workspace
from boernetal.cache import ENV_VAR
from boernetal.demo import synthetic
from boernetal.report import build_report
from boernetal.report.formats import FORMATS, write

EXAMPLES = Path(__file__).parent.parent / "examples" / "udtraek"


def workspace(folder: Path):  # type: ignore[no-untyped-def]
    ws = init_workspace(folder / "ws", organisation="Familiecentret", municipalities=["183", "187"])
    assert ingest_directory(ws, EXAMPLES).loaded
    extra = folder / "extra"
    extra.mkdir()
    synthetic.notifications(extra / "notifications.csv", rows=1_560, children=1_150, first_year=2011, years=3)
    assert ingest_directory(ws, extra).loaded
    return ws


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build the workspace and reports here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        ws = workspace(folder)
        # compiled SQL, templates and drawn charts are kept between runs (boernetal/cache.py):
        # a first run with an empty cache, and a later one on the same data
        os.environ[ENV_VAR] = str(Path(tmp) / "sql-cache")
        for run in ("first run (empty cache)", "later run (cached SQL, templates, charts)"):
            started = time.perf_counter()
            report = build_report(ws, 2013)
            built = time.perf_counter() - started
            write(report, folder / "html", ["html"])
            html = time.perf_counter() - started
            print(f"HTML report, {run}: {html:5.1f} s (indicators and text {built:.1f} s)   target ≤ 3 s")

        started = time.perf_counter()
        report = build_report(ws, 2013)
        timings = {"tekst": time.perf_counter() - started}
        for fmt in FORMATS:
            t = time.perf_counter()
            write(report, folder / "all", [fmt])
            timings[fmt] = time.perf_counter() - t
        total = time.perf_counter() - started
        detail = ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
        print(f"four formats, later run: {total:5.1f} s ({detail})   target ≤ 20 s")


if __name__ == "__main__":
    main()
