"""Benchmark: what « no dead end » adds to a public search that finds few or no options.

Prepare the database of `bench/web_public_search.py` (demo data of département 93), then:
    .venv/bin/python bench/web_public_no_result.py [--searches 50] [--repeat 3]

In-process (Django's test Client, `config.settings.dev` with DEBUG off, rate limit off):
atypical searches (weekends, dawn or late evening) over the département's communes are run
once to warm the provider index and the memos and to keep those with no option; then each kept search is timed `--repeat` times, with the processor
time (`time.process_time`) and the wall time of the whole page, and apart the share of the
relaxations (`public_relaxations`: the engine's `suggest_relaxations` on the transient need
and the links). The same is printed for ordinary searches (with options, no relaxations).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from maillage.families.views import public as public_view  # noqa: E402
from maillage.territory.models import Commune  # noqa: E402

ATYPICAL = [
    (["5", "6"], "08:00", "18:00"),
    (["0", "1", "2", "3", "4"], "05:00", "13:00"),
    (["0", "1", "2", "3", "4"], "14:00", "23:00"),
    (["0", "2", "4"], "05:30", "12:00"),
    (["4", "5"], "06:00", "20:00"),
]
ORDINARY = [(["0", "1", "2", "3", "4"], "08:30", "17:30"), (["1", "2", "3"], "09:00", "16:30")]

NO_RESULT = "Aucune place libre à ces horaires".encode()
RELAX_CPU: list[float] = []
RELAX_WALL: list[float] = []
_relaxations = public_view.public_relaxations


def _timed_relaxations(*args, **kwargs):  # type: ignore[no-untyped-def]
    cpu, wall = time.process_time(), time.perf_counter()
    try:
        return _relaxations(*args, **kwargs)
    finally:
        RELAX_CPU.append((time.process_time() - cpu) * 1000)
        RELAX_WALL.append((time.perf_counter() - wall) * 1000)


def _queries(postcodes: list[str], hours: list, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        days, start, end = rng.choice(hours)
        out.append(
            urlencode(
                {
                    "commune": rng.choice(postcodes),
                    "age": str(rng.randint(3, 30)),
                    "jours": days,
                    "debut_heure": start,
                    "fin_heure": end,
                    "distance": rng.choice(["1", "2", "3", "5"]),
                },
                doseq=True,
            )
        )
    return out


def _stats(label: str, values: list[float]) -> None:
    if not values:
        print(f"{label}: none")
        return
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    print(
        f"{label}: median {statistics.median(ordered):.1f} ms, p90 {p90:.1f} ms,"
        f" max {ordered[-1]:.1f} ms ({len(ordered)} pages)"
    )


def _time(client: Client, queries: list[str], repeat: int) -> tuple[list[float], list[float]]:
    cpu_ms, wall_ms = [], []
    for _ in range(repeat):
        for query in queries:
            cpu, wall = time.process_time(), time.perf_counter()
            response = client.get(f"/recherche/?{query}")
            cpu_ms.append((time.process_time() - cpu) * 1000)
            wall_ms.append((time.perf_counter() - wall) * 1000)
            assert response.status_code == 200, response.status_code
    return cpu_ms, wall_ms


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--departement", default="93")
    parser.add_argument("--searches", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    settings.MAILLAGE_PUBLIC_SEARCH_RATE = (0, 60)  # no limit in-process
    public_view.public_relaxations = _timed_relaxations
    postcodes = [
        p.split(" ")[0]
        for p in Commune.objects.filter(departement_id=args.departement)
        .order_by("-population")
        .values_list("postcodes", flat=True)
        if p
    ]
    client = Client()
    started = time.perf_counter()
    kept: list[str] = []
    for query in _queries(postcodes, ATYPICAL, args.searches * 4, args.seed):
        if NO_RESULT in client.get(f"/recherche/?{query}").content:
            kept.append(query)
        if len(kept) == args.searches:
            break
    ordinary = _queries(postcodes, ORDINARY, args.searches, args.seed)
    _time(client, ordinary, 1)  # warm the memos of these communes too
    print(f"échauffement (index, memos): {time.perf_counter() - started:.1f} s")
    print(f"{len(kept)} searches with no option, each timed {args.repeat} times")
    RELAX_CPU.clear()
    RELAX_WALL.clear()
    cpu, wall = _time(client, kept, args.repeat)
    _stats("page, processor time (no option)", cpu)
    _stats("page, wall time (no option)", wall)
    _stats("of which the relaxations, processor time", RELAX_CPU)
    _stats("of which the relaxations, wall time", RELAX_WALL)
    RELAX_CPU.clear()
    cpu, wall = _time(client, ordinary, args.repeat)
    print(f"ordinary searches: {len(ordinary)}, relaxations computed {len(RELAX_CPU)} times")
    _stats("page, processor time (ordinary)", cpu)
    _stats("page, wall time (ordinary)", wall)
    print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")


if __name__ == "__main__":
    main()
