"""Département-scale benchmark: 4,000 childminders, 100 MAM, 300 crèches, 12,000 needs.

PYTHONPATH=src:. python -m bench.matching.departement [--seed 1] [--skip-optimal]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from maillage.matching import Policy, PriorityGrid, allocate, build_options_index, family_options

from .common import group_rows, peak_rss_mb, save, timed
from .generate import departement


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-optimal", action="store_true")
    parser.add_argument("--option-queries", type=int, default=300)
    args = parser.parse_args()
    instance, gen_s = timed(lambda: departement(seed=args.seed))
    policy, grid = Policy(), PriorityGrid()
    out: dict[str, object] = {
        "seed": args.seed,
        "needs": len(instance.needs),
        "providers": len(instance.providers),
        "generation_s": round(gen_s, 2),
    }
    # one family's options, prebuilt index (built once per territory)
    index, index_s = timed(lambda: build_options_index(instance.providers, policy))
    rng = np.random.default_rng(args.seed)
    picks = rng.choice(len(instance.needs), size=args.option_queries, replace=False)
    latencies, empty = [], 0
    for k in picks.tolist():
        started = time.perf_counter()
        result = family_options(instance.needs[k], index=index, policy=policy, grid=grid)
        latencies.append((time.perf_counter() - started) * 1000)
        empty += not result.options
    out["options"] = {
        "index_build_s": round(index_s, 3),
        "median_ms": round(statistics.median(latencies), 2),
        "p95_ms": round(float(np.percentile(latencies, 95)), 2),
        "without_option": empty,
        "queries": len(latencies),
    }
    modes = ["premier_arrive", "stable"] + ([] if args.skip_optimal else ["optimal"])
    for mode in modes:
        result, seconds = timed(
            lambda mode=mode: allocate(
                instance.needs, instance.providers, mode=mode, policy=policy, grid=grid
            )
        )
        out[mode] = {
            "seconds": round(seconds, 2),
            "placed": result.placed,
            "objective": result.objective,
            "upper_bound": result.upper_bound,
            "gap": None if result.gap is None else round(result.gap, 5),
            "blocking_pairs": len(result.blocking_pairs),
            "quota_envy": len(result.quota_envy),
            "total_distance_km": round(result.total_distance_km, 1),
            "by_priority": group_rows(result),
            "stats": {k: round(v, 3) for k, v in result.stats.items()},
        }
    out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    save(f"departement_seed{args.seed}", out)


if __name__ == "__main__":
    main()
