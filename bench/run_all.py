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
    ["-m", "bench.matching.run"],
    ["bench/observatory_indicators.py"],
    ["bench/web_results.py"],
]


def main() -> int:
    failures = 0
    for args in BENCHMARKS:
        target = args[-1]
        script = ROOT / target if target.endswith(".py") else None
        module = target.replace(".", "/") + ".py" if args[0] == "-m" else None
        if (script and not script.exists()) or (module and not (ROOT / module).exists()):
            print(f"== {target} : absent, ignoré")
            continue
        print(f"== {' '.join(args)}", flush=True)
        done = subprocess.run([sys.executable, *args], cwd=ROOT)
        failures += done.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
