"""Shortage instances: 75 % of every provider's places already taken by part-time children.

The département generator (``generate.py``) leaves many places free; real territories do not.
Here every childminder, MAM and crèche section holds children for 75 % of its places (rounded
at random, so a 2-place childminder has 1 or 2), each attending a random part-time week (2 to 5
weekdays, 4 to 10 hours from an arrival between 7:00 and 10:00, inside the opening hours). What
remains is scattered: a place free on Monday and Thursday, another from 14:00. The needs are
those of the département generator.

    from bench.matching.shortage import shortage_departement
    instance = shortage_departement(seed=1)  # 12,000 needs, 4,400 providers

Benchmark (wall and CPU time of ``allocate``, candidates included, in a process warmed by one
call on 100 needs unless ``--cold``; the least of ``--repeat`` runs (5), as in a task worker
after its first département (this 2-core machine's noise is ±25 % on one run), with the
median and each run beside it; then the same call again under ``tracemalloc`` for its peak,
and a bit-for-bit comparison of the runs):

    PYTHONPATH=src:. python -m bench.matching.shortage [--seed 1] [--modes stable,optimal]
        [--cold] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import tracemalloc
from dataclasses import replace

import numpy as np

from maillage.matching import ChildInCare, Policy, Provider, WeeklySchedule, allocate
from maillage.matching.schedule import N_SLOTS, SLOTS_PER_DAY

from .common import peak_rss_mb, save, timed
from .generate import Instance, departement

TAKEN_SHARE = 0.75


def _random_week(rng: np.random.Generator, opening: np.ndarray) -> np.ndarray:
    """A random part-time week inside ``opening``: 2–5 weekdays, 4–10 h from a random arrival."""
    week = np.zeros(N_SLOTS, dtype=np.bool_)
    days = rng.choice(5, size=int(rng.integers(2, 6)), replace=False)
    arrival = int(rng.integers(14, 21))  # 7:00 to 10:00
    length = int(rng.integers(8, 21))  # 4 to 10 hours
    for day in days.tolist():
        first = day * SLOTS_PER_DAY + arrival
        week[first : first + length] = True
    return week & opening


def _fill(
    rng: np.random.Generator, opening: np.ndarray, places: int, ages: tuple[int, int]
) -> list[ChildInCare]:
    """``TAKEN_SHARE`` of the places (random rounding) taken by children with random weeks."""
    share = TAKEN_SHARE * places
    count = int(share) + int(rng.random() < share - int(share))
    children: list[ChildInCare] = []
    for _ in range(count):
        week = _random_week(rng, opening)
        age = int(rng.integers(ages[0], ages[1]))
        children.append(ChildInCare(age, WeeklySchedule.from_array(week)))
    return children


def _filled(rng: np.random.Generator, provider: Provider) -> Provider:
    opening = provider.opening.array
    if provider.groups:
        children: list[ChildInCare] = []
        for group in provider.groups:
            children += _fill(rng, opening, group.places, (group.min_months, group.max_months))
        return replace(provider, in_care=tuple(children))
    ages = (max(provider.min_age_months, 3), 36)
    return replace(provider, in_care=tuple(_fill(rng, opening, provider.capacity, ages)))


def shortage(instance: Instance, seed: int) -> Instance:
    """The same providers and needs, each provider refilled to 75 % by part-time children."""
    rng = np.random.default_rng(10_000 + seed)
    return Instance(instance.needs, [_filled(rng, p) for p in instance.providers])


def shortage_departement(seed: int = 1, **sizes: int) -> Instance:
    """Département of ``generate.departement`` (12,000 needs by default), under shortage."""
    return shortage(departement(seed=seed, **sizes), seed)  # type: ignore[arg-type]


def _run(instance: Instance, mode: str, policy: Policy, repeat: int) -> dict[str, object]:
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = allocate(instance.needs, instance.providers, mode=mode, policy=policy)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    wall, cpu = min(walls), min(cpus)
    tracemalloc.start()
    again = allocate(instance.needs, instance.providers, mode=mode, policy=policy)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "seconds": round(wall, 3),
        "cpu_seconds": round(cpu, 3),
        "cpu_seconds_median": round(statistics.median(cpus), 3),
        "cpu_seconds_each": [round(c, 3) for c in cpus],
        "peak_traced_mb": round(peak / 1e6, 1),
        "repeats_bit_for_bit": again.assignments == result.assignments
        and again.objective == result.objective
        and again.upper_bound == result.upper_bound,
        "placed": result.placed,
        "objective": result.objective,
        "upper_bound": result.upper_bound,
        "gap": None if result.gap is None else round(result.gap, 5),
        "blocking_pairs": len(result.blocking_pairs),
        "total_distance_km": round(result.total_distance_km, 1),
        "stats": {k: round(v, 3) for k, v in result.stats.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--modes", default="stable,optimal")
    parser.add_argument("--cap", type=int, default=None, help="Policy.max_candidates_per_need")
    parser.add_argument("--cold", action="store_true", help="no warm-up call before timing")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per mode (min kept)")
    args = parser.parse_args()
    instance, gen_s = timed(lambda: shortage_departement(seed=args.seed))
    policy = Policy() if args.cap is None else Policy(max_candidates_per_need=args.cap)
    out: dict[str, object] = {
        "family": "shortage (75 % of places taken by part-time children)",
        "seed": args.seed,
        "needs": len(instance.needs),
        "providers": len(instance.providers),
        "children_in_care": sum(len(p.in_care) for p in instance.providers),
        "generation_s": round(gen_s, 2),
        "max_candidates_per_need": policy.max_candidates_per_need,
        "load_average_1min": os.getloadavg()[0],
    }
    if not args.cold:
        # a warm process, as a task worker is after its first département: imports and
        # first-call set-ups of numpy/scipy are not counted (``--cold`` counts them)
        for mode in args.modes.split(","):
            allocate(instance.needs[:100], instance.providers, mode=mode, policy=policy)
    out["warm_process"] = not args.cold
    for mode in args.modes.split(","):
        out[mode] = _run(instance, mode, policy, max(1, args.repeat))
    out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    out["load_average_1min_end"] = os.getloadavg()[0]
    save(f"shortage_seed{args.seed}_cap{policy.max_candidates_per_need}", out)


if __name__ == "__main__":
    main()
