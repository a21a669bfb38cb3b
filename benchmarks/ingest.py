"""Ingest speed and memory: N synthetic notification rows in the Danish CSV style.

Target on a 2-core machine: at least 200,000 rows/s and at most 1 GB peak memory, for a first
import and for a re-import of the same file, whatever the number of rows (the file is staged in
chunks). Run: .venv/bin/python benchmarks/ingest.py [--rows N ...] (1 M and 5 M rows unless told)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from boernetal import init_workspace
from boernetal.demo.synthetic import notifications

# The child's peak from /proc (VmHWM), not getrusage's ru_maxrss: Linux carries ru_maxrss over
# exec from the forked parent, so a parent that has just generated a large file would be counted.
CHILD = """
import json, sys, time

def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

import boernetal
ws = boernetal.Workspace.open(sys.argv[1])
started = time.perf_counter()
result = boernetal.ingest_files(ws, "notifications", [sys.argv[2]])
seconds = time.perf_counter() - started
assert result.loaded, [i.message for i in result.errors[:5]]
counts = result.files[0].counts
print(json.dumps({"seconds": seconds, "new": counts.new, "unchanged": counts.unchanged,
                  "peak_mb": peak_mb()}))
"""


def run(workspace: Path, path: Path) -> dict:
    """One ingest in a fresh process, so that its peak memory is its own."""
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(workspace), str(path)], capture_output=True, text=True, check=True
    )
    # the figures are the last line, whatever else the child prints (before the warehouse turned
    # it off, DuckDB drew its own progress bar there: a ``python -c`` process counts as interactive)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 5_000_000])
    parser.add_argument("--children-per-row", type=float, default=0.3)
    args = parser.parse_args()
    for rows in args.rows:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            started = time.perf_counter()
            path = notifications(folder / "notifications.csv", rows, int(rows * args.children_per_row))
            print(
                f"generated {rows:,} rows ({path.stat().st_size / 1e6:.0f} MB) "
                f"in {time.perf_counter() - started:.1f} s"
            )
            workspace = init_workspace(folder / "ws", municipalities=["183", "187"]).path
            for label, expected in (("first import", "new"), ("re-import", "unchanged")):
                r = run(workspace, path)
                assert r[expected] == rows, r
                rate = rows / r["seconds"]
                print(
                    f"{rows:>9,} {label:13s} {r['seconds']:6.2f} s  {rate:10,.0f} rows/s"
                    f"  peak {r['peak_mb']:6.0f} MB  (targets: >= 200,000 rows/s, <= 1,024 MB)"
                )
    print(f"cores: {os.cpu_count()}, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
