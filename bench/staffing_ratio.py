"""Benchmark: places each crèche's staff can open, for every crèche of a département, 7 days.

    SQLITE_PATH=/tmp/maillage-bench-staffing.sqlite3 MAILLAGE_LOG_LEVEL=WARNING \
        .venv/bin/python bench/staffing_ratio.py [--nurseries 5000] [--repeat 5]

Builds (once, in that scratch database) a synthetic département: `--nurseries` crèches of 2 to 4
sections (10 to 60 places), 4 to 14 professionals each with part-time weeks, and one absence in
ten. Then times `staffing.services.staffing_days_for` over all of them for 7 days (3 queries
plus the computation), and prints the median and max of `--repeat` runs and the peak memory.
Target (issue 13): ≤ 2 s for 5,000 crèches × 7 days.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("SQLITE_PATH", "/tmp/maillage-bench-staffing.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from maillage.childcare.models import Nursery, NurseryAgeGroup  # noqa: E402
from maillage.core.schedule import week_from_ranges  # noqa: E402
from maillage.staffing.models import StaffAbsence, StaffMember  # noqa: E402
from maillage.staffing.services import staffing_days_for  # noqa: E402
from maillage.territory.models import Commune, Departement, Region  # noqa: E402

MONDAY = dt.date(2026, 3, 2)
QUALIFICATIONS = ["auxiliaire_puericulture", "cap_aepe", "cap_aepe", "eje", "none"]


def build(count: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    region, _ = Region.objects.get_or_create(code="99", defaults={"name": "Bench"})
    dep, _ = Departement.objects.get_or_create(
        code="99", defaults={"name": "Bench", "region": region}
    )
    commune, _ = Commune.objects.get_or_create(
        code="99001",
        defaults={
            "name": "Bench",
            "search_name": "bench",
            "departement": dep,
            "region": region,
            "latitude": 48.9,
            "longitude": 2.4,
        },
    )
    hours = week_from_ranges({d: [("07:30", "19:00")] for d in range(5)})
    with transaction.atomic():
        nurseries = Nursery.objects.bulk_create(
            [
                Nursery(
                    name=f"Bench {i}",
                    kind="collective",
                    commune=commune,
                    latitude=48.9,
                    longitude=2.4,
                    opening_hours=hours,
                )
                for i in range(count)
            ],
            batch_size=1000,
        )
        groups, members = [], []
        for nursery in nurseries:
            for kind in rng.sample(["babies", "middle", "older", "mixed"], rng.randint(2, 4)):
                groups.append(
                    NurseryAgeGroup(
                        nursery=nursery,
                        kind=kind,
                        min_age_months=2,
                        max_age_months=36,
                        places=rng.randint(5, 15),
                    )
                )
            for _ in range(rng.randint(4, 14)):
                days = "".join(rng.choice("1111110") for _ in range(5)) + "00"
                members.append(
                    StaffMember(
                        nursery=nursery,
                        qualification=rng.choice(QUALIFICATIONS),
                        weekly_hours=Decimal(rng.choice([20, 28, 35])),
                        working_days=days if "1" in days else "1111100",
                        contract_type="cdi",
                        start_date=dt.date(2024, 1, 1),
                    )
                )
        NurseryAgeGroup.objects.bulk_create(groups, batch_size=2000)
        members = StaffMember.objects.bulk_create(members, batch_size=2000)
        absences = [
            StaffAbsence(
                member=m,
                start_date=MONDAY + dt.timedelta(days=rng.randint(0, 4)),
                end_date=MONDAY + dt.timedelta(days=5),
                kind="leave",
            )
            for m in members
            if rng.random() < 0.1
        ]
        StaffAbsence.objects.bulk_create(absences, batch_size=2000)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nurseries", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if Nursery.objects.filter(name__startswith="Bench ").count() != args.nurseries:
        Nursery.objects.filter(name__startswith="Bench ").delete()
        started = time.perf_counter()
        build(args.nurseries)
        print(f"built {args.nurseries} crèches in {time.perf_counter() - started:.1f} s")
    nurseries = list(Nursery.objects.filter(name__startswith="Bench ").only("pk", "opening_hours"))
    timings = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        result = staffing_days_for(nurseries, first=MONDAY, days=7)
        timings.append(time.perf_counter() - started)
    tracemalloc.start()
    staffing_days_for(nurseries, first=MONDAY, days=7)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    closed = sum(d.capacity.closed for rows in result.values() for d in rows)
    gap_days = sum(d.has_gap for rows in result.values() for d in rows)
    print(
        f"{len(nurseries)} crèches × 7 days: median {statistics.median(timings):.2f} s, "
        f"max {max(timings):.2f} s, peak Python memory {peak / 1e6:.0f} MB; "
        f"{gap_days} crèche-days with a gap, {closed} places closed"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
