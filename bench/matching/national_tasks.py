"""National run under shortage, fanned out as one task per département over worker processes.

The instance: the 101 départements of ``generate.national_part`` (≈ 700,000 needs, ≈ 230,000
childminders in total), each refilled by ``shortage.shortage`` (75 % of places taken by
part-time children). Generation is done once, in advance, and each département pickled under
``var/bench/matching/national_shortage/`` (not timed: in production the records come from the
database). The timed run is what ``manage.py allocate_national`` does with N task workers: N
processes each take the next département, read it and run ``allocate`` (candidates included).

    PYTHONPATH=src:. python -m bench.matching.national_tasks [--mode optimal] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import pickle
import time
from multiprocessing import Pool
from pathlib import Path

from maillage.matching import allocate

from .common import RESULTS, peak_rss_mb, save
from .generate import departements, national_part
from .shortage import shortage

CACHE = RESULTS / "national_shortage"


def _generate(job: tuple[int, str, float, float, float]) -> str:
    seed, code, lat, lon, share = job
    path = CACHE / f"{code}.pkl"
    if not path.exists():
        instance = shortage(national_part(seed, code, lat, lon, share), seed)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(instance, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.rename(path)
    return code


def _task(job: tuple[str, str]) -> dict[str, object]:
    code, mode = job
    started = time.perf_counter()
    instance = pickle.loads(Path(CACHE / f"{code}.pkl").read_bytes())
    loaded = time.perf_counter()
    result = allocate(instance.needs, instance.providers, mode=mode)
    done = time.perf_counter()
    return {
        "code": code,
        "needs": len(instance.needs),
        "providers": len(instance.providers),
        "placed": result.placed,
        "objective": result.objective,
        "upper_bound": result.upper_bound,
        "load_s": loaded - started,
        "allocate_s": done - loaded,
        "peak_rss_mb": peak_rss_mb(),
        "stats": {k: round(v, 3) for k, v in result.stats.items() if k in _STATS},
    }


# where a département's time goes (the slowest ones are listed with these)
_STATS = (
    "build_seconds", "solve_seconds", "lp_seconds", "lagrangian_iterations", "components",
    "largest_component_needs", "exact_components", "rescued_components", "polished_windows",
)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", default="optimal")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--limit", type=int, default=0, help="only the first N départements")
    args = parser.parse_args()
    everything = departements()
    population = sum(r[3] for r in everything)
    rows = everything[: args.limit or None]
    CACHE.mkdir(parents=True, exist_ok=True)
    jobs = [
        (1000 + i, code, lat, lon, pop / population) for i, (code, lat, lon, pop) in enumerate(rows)
    ]
    generated = time.perf_counter()
    with Pool(args.workers) as pool:
        pool.map(_generate, jobs, chunksize=1)
    generated = time.perf_counter() - generated
    # largest départements first, as a task queue ordered by size would serve them
    sizes = {code: (CACHE / f"{code}.pkl").stat().st_size for _, code, *_ in jobs}
    order = sorted(sizes, key=lambda c: (-sizes[c], c))
    started = time.perf_counter()
    with Pool(args.workers, maxtasksperchild=20) as pool:
        parts = pool.map(_task, [(code, args.mode) for code in order], chunksize=1)
    wall = time.perf_counter() - started
    bound = [p["upper_bound"] for p in parts]
    objective = sum(int(p["objective"]) for p in parts)  # type: ignore[call-overload]
    out: dict[str, object] = {
        "family": "shortage (75 % of places taken by part-time children)",
        "mode": args.mode,
        "workers": args.workers,
        "departements": len(parts),
        "needs": sum(int(p["needs"]) for p in parts),  # type: ignore[call-overload]
        "providers": sum(int(p["providers"]) for p in parts),  # type: ignore[call-overload]
        "placed": sum(int(p["placed"]) for p in parts),  # type: ignore[call-overload]
        "objective": objective,
        "wall_s": round(wall, 1),
        "allocate_s_sum": round(sum(float(p["allocate_s"]) for p in parts), 1),  # type: ignore[arg-type]
        "load_s_sum": round(sum(float(p["load_s"]) for p in parts), 1),  # type: ignore[arg-type]
        "slowest_departement_s": round(max(float(p["allocate_s"]) for p in parts), 2),  # type: ignore[arg-type]
        "peak_rss_mb_max_worker": round(max(float(p["peak_rss_mb"]) for p in parts), 1),  # type: ignore[arg-type]
        "generation_s_not_timed": round(generated, 1),
        "load_average_1min": os.getloadavg()[0],
    }
    if None not in bound:
        total = sum(float(b) for b in bound)  # type: ignore[arg-type]
        out["upper_bound"] = total
        out["gap"] = round((total - objective) / total, 5) if total else 0.0
        # each département is its own allocation: its gap to its own bound is the target's
        gaps = {
            str(p["code"]): (float(p["upper_bound"]) - float(p["objective"]))
            / float(p["upper_bound"])  # type: ignore[arg-type]
            for p in parts
            if p["upper_bound"]
        }
        out["max_departement_gap"] = round(max(gaps.values(), default=0.0), 5)
        out["departements_over_1pct"] = sorted(c for c, g in gaps.items() if g > 0.01)
    slowest = sorted(parts, key=lambda p: -float(p["allocate_s"]))[:10]  # type: ignore[arg-type]
    out["slowest_departements"] = [
        {"code": p["code"], "needs": p["needs"], "allocate_s": round(float(p["allocate_s"]), 2)}
        | dict(p["stats"])  # type: ignore[arg-type]
        for p in slowest
    ]
    out["peak_rss_mb_parent"] = round(peak_rss_mb(), 1)
    save(f"national_tasks_{args.mode}", out)


if __name__ == "__main__":
    main()
