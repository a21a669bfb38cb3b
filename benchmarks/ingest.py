"""Ingest speed and memory: N synthetic notification rows in the Danish CSV style.

Target on a 2-core machine: at least 200,000 rows/s and at most 1.5 GB peak memory, for a first
import and for a re-import of the same file. Run: .venv/bin/python benchmarks/ingest.py [--rows N]
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

CHILD = """
import json, resource, sys, time
import boernetal
ws = boernetal.Workspace.open(sys.argv[1])
started = time.perf_counter()
result = boernetal.ingest_files(ws, "notifications", [sys.argv[2]])
seconds = time.perf_counter() - started
assert result.loaded, [i.message for i in result.errors[:5]]
counts = result.files[0].counts
print(json.dumps({"seconds": seconds, "new": counts.new, "unchanged": counts.unchanged,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
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
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--children", type=int, default=300_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        path = notifications(folder / "notifications.csv", args.rows, args.children)
        print(
            f"generated {args.rows:,} rows ({path.stat().st_size / 1e6:.0f} MB) "
            f"in {time.perf_counter() - started:.1f} s"
        )
        workspace = init_workspace(folder / "ws", municipalities=["183", "187"]).path
        for label, expected in (("first import", "new"), ("re-import", "unchanged")):
            r = run(workspace, path)
            assert r[expected] == args.rows, r
            rate = args.rows / r["seconds"]
            print(
                f"{label:13s} {r['seconds']:6.2f} s  {rate:10,.0f} rows/s  peak {r['peak_mb']:6.0f} MB"
                f"  (targets: >= 200,000 rows/s, <= 1,536 MB)"
            )
    print(f"cores: {os.cpu_count()}, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
