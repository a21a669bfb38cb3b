"""Monte Carlo speed: 100,000 draws x 10 years of the seed's business case.

Target on a 2-core machine: at most 0.5 s. Run: .venv/bin/python benchmarks/invest.py [--draws N]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from boernetal.invest import load_case, simulate, tornado

EXAMPLE = Path(__file__).parents[1] / "examples" / "ishoej-model.toml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--draws", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    case = load_case(EXAMPLE)
    simulate(case, draws=1000)  # warm up imports and NumPy
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        result = simulate(case, draws=args.draws)
        times.append(time.perf_counter() - started)
    started = time.perf_counter()
    tornado(case)
    tornado_seconds = time.perf_counter() - started
    print(
        f"simulate {args.draws:,} draws x {case.horizon} years: best {min(times):.3f} s, "
        f"median {sorted(times)[len(times) // 2]:.3f} s (target <= 0.5 s)"
    )
    print(f"tornado ({len(case.uncertainty.inputs)} inputs): {tornado_seconds:.3f} s")
    print(
        f"P(payback within {case.horizon} years) = {result.payback_probability:.3f}; cores: {os.cpu_count()}"
    )


if __name__ == "__main__":
    main()
