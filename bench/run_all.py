"""Runs every benchmark of bench/ in turn (`make bench`); each writes its own figures.

The figures and the exact command of each benchmark are in docs/benchmarks.md. Benchmarks are
separate processes so that one's memory and caches do not colour another's numbers.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BENCHMARKS: list[list[str]] = [
    ["bench/territory_import.py"],
    ["bench/matching/run.py"],
    ["bench/observatory_indicators.py"],
    ["bench/web_results.py"],
    ["bench/web_availability.py"],
    ["bench/staffing_ratio.py"],
    ["bench/web_commission.py"],
    ["bench/web_contact.py"],
    ["bench/web_public_search.py"],
    ["bench/web_relaxations.py"],
]


def main() -> int:
    failures = 0
    for args in BENCHMARKS:
        target = args[-1]
        if not (ROOT / target).exists():
            print(f"== {target} : absent, ignoré")
            continue
        print(f"== {' '.join(args)}", flush=True)
        done = subprocess.run([sys.executable, *args], cwd=ROOT)
        failures += done.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
