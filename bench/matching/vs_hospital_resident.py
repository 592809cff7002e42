"""Side by side with the PyPI library ``matching`` (hospital–resident) on a plain problem.

``ours_s`` is end to end (validation, candidate generation, allocation, stability
certificate, report); ``ours_solve_only_s`` is the allocation alone, given the candidates, like
the library's timing (its preference lists are built by our candidate generation, untimed).

Plain = one schedule for everybody (full time), childminders only, no quota, no sibling, strict
preferences (nearest first), one territory-wide priority (cotation, declaration date, id), so
both solve the same hospital–resident problem and must return the same stable matching.

    PYTHONPATH=src:. python -m bench.matching.vs_hospital_resident --sizes 1000 2000 6000
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
from datetime import date, timedelta

import numpy as np
from matching.games import HospitalResident

from maillage.matching import CareMode, Priority, Provider, allocate
from maillage.matching.allocation.api import build
from maillage.matching.allocation.sequential import (
    preference_list,
    priority_order,
    stable_assignment,
)
from maillage.matching.builders import childminder, need
from maillage.matching.model import Policy, PriorityGrid

from .common import save, timed

FULL_TIME = "lundi-vendredi 8:00-18:00"


def plain_instance(size: int, seed: int) -> tuple[list, list[Provider]]:
    rng = np.random.default_rng(seed)
    side = np.sqrt(size) * 0.35  # km: about 8 families and 2 childminders per km²
    to_deg = 1 / 111.0
    providers = [
        childminder(
            f"am-{i:06d}",
            capacity=int(rng.integers(1, 5)),
            lat=45 + rng.uniform(0, side) * to_deg,
            lon=5 + rng.uniform(0, side) * to_deg * 1.41,
        )
        for i in range(size // 4)
    ]
    prios = list(Priority)
    needs = [
        need(
            f"b-{j:06d}",
            FULL_TIME,
            age=int(rng.integers(3, 30)),
            lat=45 + rng.uniform(0, side) * to_deg,
            lon=5 + rng.uniform(0, side) * to_deg * 1.41,
            max_km=float(rng.choice([3.0, 5.0, 8.0])),
            modes=frozenset({CareMode.CHILDMINDER}),
            priorities=frozenset(p for p in prios if rng.random() < 0.12),
            declared=date(2026, 1, 1) + timedelta(days=int(rng.integers(0, 200))),
        )
        for j in range(size)
    ]
    return needs, providers


def solve_with_library(needs: list, providers: list[Provider]) -> tuple[dict[str, str], float]:
    problem = build(needs, providers, Policy(), PriorityGrid())
    ids = [problem.pt.providers[p].id for p in range(len(problem.pt.providers))]
    resident_prefs = {
        problem.nt.needs[problem.members[e][0]].id: [ids[p] for p in preference_list(problem, e)]
        for e in range(problem.n_entities)
        if problem.pair_start[e + 1] > problem.pair_start[e]  # the library rejects empty lists
    }
    hospital_prefs: dict[str, list[str]] = {pid: [] for pid in ids}
    for e in priority_order(problem):
        rid = problem.nt.needs[problem.members[e][0]].id
        for pid in resident_prefs.get(rid, []):
            hospital_prefs[pid].append(rid)
    capacities = {p.id: p.capacity for p in providers}

    out: dict[str, str] = {}

    def run() -> None:
        game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
        matching = game.solve(optimal="resident")
        out.update({r.name: h.name for h, rs in matching.items() for r in rs})

    # the library deep-copies its player graph recursively: give it a deep stack
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1 << 29)
    worker = threading.Thread(target=run)
    _, seconds = timed(lambda: (worker.start(), worker.join()))
    return out, seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="runs per side up to 2,000 families")
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        needs, providers = plain_instance(size, args.seed)
        # median of a few runs on each side (one run at 6,000 families: the library takes
        # over a minute there); the first run of a process pays one-off import costs
        runs = args.repeat if size <= 2000 else 1
        ours_runs = [
            timed(lambda n=needs, p=providers: allocate(n, p, mode="stable")) for _ in range(runs)
        ]
        problem = build(needs, providers, Policy(), PriorityGrid())
        solve_s = statistics.median(
            timed(lambda pb=problem: stable_assignment(pb))[1] for _ in range(runs)
        )
        # our side is timed first: the library leaves millions of objects behind, and the
        # garbage collector would then bill their traversal to whoever runs next
        their_runs = [solve_with_library(needs, providers) for _ in range(runs)]
        ours, ours_s = ours_runs[0][0], statistics.median(t for _, t in ours_runs)
        theirs, theirs_s = their_runs[0][0], statistics.median(t for _, t in their_runs)
        mine = {a.need_id: a.provider_id for a in ours.assignments}
        rows.append(
            {
                "families": size,
                "runs_per_side": runs,
                "childminders": len(providers),
                "ours_s": round(ours_s, 3),
                "matching_s": round(theirs_s, 3),
                "speedup": round(theirs_s / ours_s, 1),
                "ours_solve_only_s": round(solve_s, 3),
                "speedup_solve_only": round(theirs_s / solve_s, 1),
                "ours_placed": ours.placed,
                "matching_placed": len(theirs),
                "identical": mine == theirs,
                "ours_blocking_pairs": len(ours.blocking_pairs),
                "optimal_placed": allocate(needs, providers, mode="optimal").placed
                if size <= 2000
                else None,
            }
        )
        print(rows[-1], flush=True)
    save("vs_hospital_resident", {"seed": args.seed, "rows": rows})


if __name__ == "__main__":
    main()
