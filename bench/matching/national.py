"""National-scale benchmark: ~230,000 childminders and ~700,000 needs over 101 départements.

Pass 1 allocates every département on its own (2 worker processes). Pass 2 lets the families
still waiting near a border cross it: each département re-runs the allocation for the waiting
families of the *other* départements within reach, on its residual capacity.

    PYTHONPATH=src:. python -m bench.matching.national [--mode optimal|stable] [--workers 2] [--limit N]
"""

from __future__ import annotations

import argparse
import math
import time
from dataclasses import replace
from multiprocessing import Pool

from maillage.matching import ChildInCare, Need, Provider, allocate

from .common import peak_rss_mb, save
from .generate import departements, national_part

BORDER_KM = 60.0  # centre-to-border reach used to pick the neighbouring départements


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dy = (a[0] - b[0]) * 111.0
    dx = (a[1] - b[1]) * 111.0 * math.cos(math.radians((a[0] + b[0]) / 2))
    return math.hypot(dx, dy)


def _fill(
    providers: list[Provider], needs: list[Need], assignments: dict[str, str]
) -> list[Provider]:
    """Providers with the newly placed children counted as children in care."""
    by_provider: dict[str, list[ChildInCare]] = {}
    by_id = {n.id: n for n in needs}
    for need_id, provider_id in assignments.items():
        n = by_id[need_id]
        by_provider.setdefault(provider_id, []).append(ChildInCare(n.age_months or 0, n.schedule))
    return [
        replace(p, in_care=p.in_care + tuple(by_provider[p.id])) if p.id in by_provider else p
        for p in providers
    ]


def first_pass(job: tuple[int, str, float, float, float, str]) -> dict[str, object]:
    seed, code, lat, lon, share, mode = job
    generated = time.perf_counter()
    instance = national_part(seed, code, lat, lon, share)
    started = time.perf_counter()
    result = allocate(instance.needs, instance.providers, mode=mode)
    seconds = time.perf_counter() - started
    placed = {a.need_id: a.provider_id for a in result.assignments}
    waiting = [n for n in instance.needs if n.id not in placed]
    return {
        "code": code,
        "centre": (lat, lon),
        "needs": len(instance.needs),
        "providers": _fill(instance.providers, instance.needs, placed),
        "waiting": waiting,
        "placed": result.placed,
        "objective": result.objective,
        "upper_bound": result.upper_bound,
        "seconds": seconds,
        "generation_s": started - generated,
        "job_seekers": sum(1 for n in instance.needs if "demandeur_emploi" in n.priorities),
        "job_seekers_placed": sum(
            1 for n in instance.needs if "demandeur_emploi" in n.priorities and n.id in placed
        ),
    }


def second_pass(job: tuple[dict[str, object], list[Need], str]) -> tuple[str, dict[str, str]]:
    part, crossing, mode = job
    if not crossing:
        return str(part["code"]), {}
    result = allocate(crossing, part["providers"], mode=mode)  # type: ignore[arg-type]
    return str(part["code"]), {a.need_id: a.provider_id for a in result.assignments}


def _bound(parts: list[dict[str, object]]) -> dict[str, object]:
    """Optimal mode: the sum of the départements' proven bounds, and the national gap."""
    if any(p["upper_bound"] is None for p in parts):
        return {}
    bound = sum(float(p["upper_bound"]) for p in parts)  # type: ignore[arg-type]
    objective = sum(int(p["objective"]) for p in parts)  # type: ignore[call-overload]
    worst, code = max(
        ((float(p["upper_bound"]) - int(p["objective"])) / float(p["upper_bound"]), p["code"])  # type: ignore[arg-type, call-overload]
        for p in parts
        if p["upper_bound"]
    )
    return {
        "upper_bound_pass1": bound,
        "gap_pass1": round((bound - objective) / bound, 5),
        "worst_departement_gap": round(worst, 5),
        "worst_departement": code,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", default="optimal")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="only the first N départements")
    args = parser.parse_args()
    everything = departements()
    population = sum(r[3] for r in everything)
    rows = everything[: args.limit or None]
    jobs = [
        (1000 + i, code, lat, lon, pop / population, args.mode)
        for i, (code, lat, lon, pop) in enumerate(rows)
    ]
    started = time.perf_counter()
    with Pool(args.workers, maxtasksperchild=8) as pool:
        parts = pool.map(first_pass, jobs, chunksize=1)
        pass1 = time.perf_counter() - started
        crossing_jobs = []
        claimed: set[str] = set()
        for part in parts:
            centre = part["centre"]
            crossing = [
                n
                for other in parts
                if other is not part and _distance_km(centre, other["centre"]) < 2 * BORDER_KM  # type: ignore[arg-type]
                for n in other["waiting"]  # type: ignore[attr-defined]
                if _distance_km(centre, (n.lat, n.lon)) < BORDER_KM + n.max_km
                and n.id not in claimed
            ]
            claimed |= {n.id for n in crossing}
            crossing_jobs.append((part, crossing, args.mode))
        second = dict(pool.map(second_pass, crossing_jobs, chunksize=1))
    total = time.perf_counter() - started
    crossed = sum(len(v) for v in second.values())
    needs = sum(int(p["needs"]) for p in parts)  # type: ignore[call-overload]
    placed = sum(int(p["placed"]) for p in parts) + crossed  # type: ignore[call-overload]
    save(
        f"national_{args.mode}",
        {
            "mode": args.mode,
            "departements": len(parts),
            "needs": needs,
            "providers": sum(len(p["providers"]) for p in parts),  # type: ignore[arg-type]
            "childminders": sum(
                1
                for p in parts
                for q in p["providers"]
                if q.kind == "assistant_maternel"  # type: ignore[attr-defined]
            ),
            "placed": placed,
            "placed_across_a_border": crossed,
            "job_seekers": sum(int(p["job_seekers"]) for p in parts),  # type: ignore[call-overload]
            "job_seekers_placed_pass1": sum(int(p["job_seekers_placed"]) for p in parts),  # type: ignore[call-overload]
            "objective_pass1": sum(int(p["objective"]) for p in parts),  # type: ignore[call-overload]
            **_bound(parts),
            "pass1_s": round(pass1, 1),
            "total_s": round(total, 1),
            "generation_s_sum": round(sum(float(p["generation_s"]) for p in parts), 1),  # type: ignore[arg-type]
            "allocation_s_sum_pass1": round(sum(float(p["seconds"]) for p in parts), 1),  # type: ignore[arg-type]
            "slowest_departement_s": round(max(float(p["seconds"]) for p in parts), 2),  # type: ignore[arg-type]
            "peak_rss_mb_max_process": round(peak_rss_mb(), 1),
        },
    )


if __name__ == "__main__":
    main()
