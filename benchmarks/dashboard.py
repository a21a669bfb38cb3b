"""The dashboard on the national warehouse (benchmarks/national_warehouse.py): ``boernetal serve``
as a process, a leader of one municipality loading Overblik and Frister (median of warm loads),
then simulated users on localhost loading Overblik, Frister and a drill-down in a bounded loop;
p50/p95 and errors. On DuckDB, and on PostgreSQL with --postgres URL (or $BOERNETAL_TEST_POSTGRES).

Targets: Overblik and Frister each ≤ 300 ms (median, warm) for a leader of one municipality;
50 users for 60 s without an error.

Run: .venv/bin/python benchmarks/dashboard.py [--keep DIR] [--users 50] [--seconds 60]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))

from backends import on_postgres
from national_warehouse import build

from boernetal import Workspace
from dashboard_server import Client, start

PASSWORD = "benchmark-adgangskode"
MUNICIPALITY = "101"  # København: the largest municipality of the national warehouse


def add_user(ws: Path, name: str, role: str, municipality: str | None) -> None:
    args = [sys.executable, "-m", "boernetal", "users", "add", name, "--role", role, "--password-stdin"]
    args += ["--municipality", municipality] if municipality else []
    subprocess.run([*args, "-w", str(ws)], input=PASSWORD + "\n", text=True, check=False, capture_output=True)


def timed(client: Client, path: str) -> tuple[float, int]:
    started = time.perf_counter()
    status = client.get(path).status
    return time.perf_counter() - started, status


def measure(ws: Path, label: str, users: int, seconds: float, day: str) -> None:
    add_user(ws, "leder", "leder", MUNICIPALITY)
    server = start(ws)
    try:
        leader = server.client()
        leader.log_in("leder", PASSWORD)
        pages = {"Overblik": "/", "Frister": f"/frister?dato={day}"}
        for name, path in pages.items():
            first, status = timed(leader, path)  # warm: figures computed, charts drawn
            assert status == 200, f"{name}: {status}\n{server.log[-3000:]}"
            runs = [timed(leader, path)[0] for _ in range(7)]
            median = statistics.median(runs) * 1000
            print(f"  {label}, {name}: first {first:.1f} s, then median {median:.0f} ms")
        loop = [pages["Overblik"], pages["Frister"], f"/poster/venter?dato={day}"]
        times: list[float] = []
        errors: list[int] = []
        stop = time.monotonic() + seconds
        lock = threading.Lock()

        def user() -> None:
            client = server.client()
            client.log_in("leder", PASSWORD)
            n = 0
            while time.monotonic() < stop:
                spent, status = timed(client, loop[n % len(loop)])
                n += 1
                client.bodies.clear()
                with lock:
                    times.append(spent)
                    if status != 200:
                        errors.append(status)

        threads = [threading.Thread(target=user) for _ in range(users)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        times.sort()
        p50, p95 = times[len(times) // 2], times[int(len(times) * 0.95)]
        print(
            f"  {label}, {users} users for {seconds:.0f} s: {len(times)} pages, p50 {p50 * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms, {len(errors)} errors"
        )
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, help="Build (or reuse) the national warehouse in this folder.")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--day", default="2023-06-30")
    parser.add_argument("--postgres", default=os.environ.get("BOERNETAL_TEST_POSTGRES"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp) / "national"
        ws = Workspace.open(folder) if (folder / "boernetal.toml").exists() else build(folder, 1)
        measure(ws.path, "DuckDB", args.users, args.seconds, args.day)
        if args.postgres:
            moved = on_postgres(ws, args.postgres, Path(tmp) / "pg")
            measure(moved.path, "PostgreSQL", args.users, args.seconds, args.day)


if __name__ == "__main__":
    main()
