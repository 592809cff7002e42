"""Benchmark: ``indicators.compute`` alone on 34,875 synthetic communes (no database), without
and with the issue-10 mask and estimate columns. Run: .venv/bin/python bench/observatory_compute_only.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

import numpy as np  # noqa: E402

from maillage.observatory import indicators  # noqa: E402

N = 34_875
NEW = {
    "caf_estimated_places",
    "unemployed_15_64",
    "population_15_64",
    "job_seekers_children",
    "communes_with_data",
    "departements_with_data",
    "children_known",
}


def best_of_three(counts: dict, known: np.ndarray | None) -> float:
    departements = [f"{i % 101:03d}" for i in range(N)]
    table = indicators.CommuneTable(
        codes=[f"{i:05d}" for i in range(N)],
        departements=departements,
        regions=[f"{i % 101 % 18:02d}" for i in range(N)],
        counts=counts,
        known=known,
    )
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        indicators.compute(table)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    rng = np.random.default_rng(1)
    base = {m.key: rng.integers(0, 50, N) for m in indicators.SUMS if m.key not in NEW}
    extended = dict(
        base,
        caf_estimated_places=rng.random(N) * 100,
        unemployed_15_64=rng.integers(0, 500, N).astype(float),
        population_15_64=rng.integers(100, 5000, N).astype(float),
        job_seekers_children=rng.random(N) * 30,
    )
    half_known = np.arange(N) % 101 % 2 == 0
    print(f"sans masque ni nouvelles colonnes : {best_of_three(base, None):.2f} s")
    print(f"avec masque et nouvelles colonnes : {best_of_three(extended, half_known):.2f} s")


if __name__ == "__main__":
    main()
