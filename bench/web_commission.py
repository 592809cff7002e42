"""Benchmark: the commission page of a manager with 2,000 candidate families.

    SQLITE_PATH=/tmp/maillage-bench-commission.sqlite3 MAILLAGE_LOG_LEVEL=WARNING \
        .venv/bin/python bench/web_commission.py [--families 2000] [--requests 30]

Builds once, in that scratch database, one manager with 8 crèches and a commission of
`--families` proposals (the engine is not timed here: its own benchmark is bench/matching).
Then GETs the page in-process with Django's test Client: the first crèche, a middle page of the
largest crèche, and the "non placées" filter, `--requests` times each. Prints the median and
p95 in ms, the HTML size and the SQL queries. Targets (issue 13): ≤ 300 ms median, ≤ 200 KB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("SQLITE_PATH", "/tmp/maillage-bench-commission.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from maillage.accounts.models import User  # noqa: E402
from maillage.childcare.models import Commission, CommissionProposal, Nursery, NurseryAgeGroup  # noqa: E402
from maillage.core.schedule import week_from_ranges  # noqa: E402
from maillage.families.models import Need  # noqa: E402
from maillage.territory.models import Commune, Departement, Region  # noqa: E402

EMAIL = "bench-commission@exemple.fr"


def build(families: int, seed: int = 1) -> Commission:
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
    week = week_from_ranges({d: [("08:00", "18:00")] for d in range(5)})
    with transaction.atomic():
        manager = User.objects.create_user(
            email=EMAIL, password="bench-only", role="nursery_manager"
        )
        nurseries = []
        for i in range(8):
            nursery = Nursery.objects.create(
                name=f"Crèche bench {i}",
                kind="collective",
                commune=commune,
                latitude=48.9,
                longitude=2.4,
                opening_hours=week,
            )
            nursery.managers.set([manager])
            NurseryAgeGroup.objects.create(
                nursery=nursery,
                kind="mixed",
                min_age_months=2,
                max_age_months=36,
                places=40,
                places_taken=30,
            )
            nurseries.append(nursery)
        needs = Need.objects.bulk_create(
            [
                Need(
                    created_by=manager,
                    family_email="famille@exemple.fr",
                    consent_given_at=timezone.now(),
                    child_birth_date=dt.date(2025, 1, 1),
                    commune=commune,
                    latitude=48.9,
                    longitude=2.4,
                    max_distance_km=5,
                    start_date=dt.date(2026, 9, 1),
                    schedule=week,
                    status="open",
                    job_seeker=rng.random() < 0.3,
                    single_parent=rng.random() < 0.2,
                )
                for _ in range(families)
            ],
            batch_size=1000,
        )
        commission = Commission.objects.create(
            mode="optimal",
            run_by=manager,
            run_at=timezone.now(),
            status="draft",
            candidates=families,
            grid={"job_seeker": 30, "single_parent": 20},
        )
        commission.nurseries.set(nurseries)
        groups = {n.pk: n.age_groups.get() for n in nurseries}
        rows = []
        for i, need in enumerate(needs):
            nursery = nurseries[
                min(int(rng.expovariate(0.5)), 7)
            ]  # uneven: the first crèche is the largest
            rows.append(
                CommissionProposal(
                    commission=commission,
                    need=need,
                    nursery=nursery,
                    age_group=groups[nursery.pk],
                    age_group_label="Mixte",
                    child_age_months=rng.randint(3, 30),
                    distance_km=round(rng.random() * 5, 1),
                    priority_points=rng.choice([0, 20, 30, 50]),
                    points_breakdown={},
                    placed_by_engine=i % 20 == 0,
                    decision="proposed" if i % 20 == 0 else "waitlisted",
                    rank=0,
                )
            )
        by_nursery: dict[int, list[CommissionProposal]] = {}
        for row in rows:
            by_nursery.setdefault(row.nursery_id, []).append(row)
        for group in by_nursery.values():
            for rank, row in enumerate(group, start=1):
                row.rank = rank
        CommissionProposal.objects.bulk_create(rows, batch_size=1000)
    return commission


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    commission = Commission.objects.filter(run_by__email=EMAIL).first()
    if commission is None or commission.proposals.count() != args.families:
        User.objects.filter(email=EMAIL).delete()
        Nursery.objects.filter(name__startswith="Crèche bench ").delete()
        commission = build(args.families)
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(commission.run_by)
    url = reverse("childcare:commission_detail", args=[commission.pk])
    largest = (
        commission.proposals.values("nursery_id")
        .order_by()
        .annotate(n=django.db.models.Count("pk"))
        .order_by("-n")[0]
    )
    cases = {
        "first crèche, page 1": {},
        "largest crèche, page 10": {"creche": largest["nursery_id"], "page": 10},
        "filter non placées": {"creche": largest["nursery_id"], "filtre": "non-placees", "page": 3},
    }
    print(
        f"commission of {commission.proposals.count()} families over {commission.nurseries.count()} crèches (largest: {largest['n']})"
    )
    for label, params in cases.items():
        for _ in range(3):
            client.get(url, params)
        timings = []
        for _ in range(args.requests):
            started = time.perf_counter()
            response = client.get(url, params)
            timings.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        assert response.status_code == 200
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(
            f"{label}: median {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms, "
            f"{len(response.content) / 1024:.0f} KB, {len(queries)} queries"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
