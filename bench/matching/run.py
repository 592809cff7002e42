"""Run every matching benchmark in sequence (results in var/bench/matching/*.json).

PYTHONPATH=src:. python bench/matching/run.py [--quick]
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    quick = "--quick" in sys.argv
    commands = [
        ["bench.matching.shortage"] + (["--modes", "stable"] if quick else []),
        ["bench.matching.departement"] + (["--skip-optimal"] if quick else []),
        ["bench.matching.vs_hospital_resident", "--sizes", "1000", "2000"]
        + ([] if quick else ["6000"]),
        ["bench.matching.national"] + (["--limit", "6"] if quick else []),
        ["bench.matching.national_tasks", "--mode", "stable"] + (["--limit", "6"] if quick else []),
    ]
    for module, *args in commands:
        print(f"== {module} {' '.join(args)}", flush=True)
        subprocess.run(
            [sys.executable, "-W", "ignore", "-m", module, *args],
            cwd=ROOT,
            check=True,
            env={"PYTHONPATH": f"{ROOT / 'src'}:{ROOT}", "PATH": "/usr/bin:/bin"},
        )


if __name__ == "__main__":
    main()
