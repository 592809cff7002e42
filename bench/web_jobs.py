"""Benchmark: the employer's application inbox and the public offers page of a département.

    SQLITE_PATH=/tmp/maillage-bench-jobs.sqlite3 MAILLAGE_LOG_LEVEL=WARNING \
        .venv/bin/python bench/web_jobs.py [--applications 2000] [--offers 1500] [--requests 30]

Builds once, in that scratch database, a département of 60 communes with `--offers` published
job offers, 300 trainings, 300 immersions and 120 events, and one manager of 8 crèches who has
received `--applications` applications from as many candidates. Then GETs in-process with
Django's test Client, `--requests` times each: the inbox (page 1, a filtered middle page) and
the public page (the whole département, around a commune within 15 km, one contract type).
Prints the median and p95 in ms, the HTML size and the SQL queries.
Targets (issue 12): inbox ≤ 150 ms median, public page of a département ≤ 150 ms median.
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
os.environ.setdefault("SQLITE_PATH", "/tmp/maillage-bench-jobs.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from maillage.accounts.models import User  # noqa: E402
from maillage.childcare.models import Nursery  # noqa: E402
from maillage.core.schedule import week_from_ranges  # noqa: E402
from maillage.jobs.models import (  # noqa: E402
    Application,
    CandidateProfile,
    ImmersionOffer,
    InfoMeeting,
    JobOffer,
    RomeJob,
    TrainingOffer,
)
from maillage.jobs.services.catalogue import rome_import  # noqa: E402
from maillage.territory.models import Commune, Departement, Region  # noqa: E402

EMAIL = "bench-jobs@exemple.fr"
STATUSES = ["sent", "seen", "interview", "refused", "withdrawn"]


def build(applications: int, offers: int, seed: int = 1) -> User:
    rng = random.Random(seed)
    rome_import()
    rome = list(RomeJob.objects.all())
    region, _ = Region.objects.get_or_create(code="98", defaults={"name": "Bench"})
    dep, _ = Departement.objects.get_or_create(
        code="98", defaults={"name": "Bench", "region": region}
    )
    communes = []
    for i in range(60):
        lat, lon = 48.5 + rng.random() * 0.8, 2.0 + rng.random() * 1.0
        commune, _ = Commune.objects.get_or_create(
            code=f"98{i:03d}",
            defaults={
                "name": f"Bench {i}",
                "search_name": f"bench {i}",
                "departement": dep,
                "region": region,
                "latitude": lat,
                "longitude": lon,
            },
        )
        communes.append(commune)
    week = week_from_ranges({d: [("08:00", "18:00")] for d in range(5)})
    today, now = timezone.localdate(), timezone.now()
    with transaction.atomic():
        manager = User.objects.create_user(
            email=EMAIL, password="bench-only", role="nursery_manager"
        )
        nurseries = []
        for i in range(40):
            c = communes[i % len(communes)]
            nursery = Nursery.objects.create(
                name=f"Crèche bench jobs {i}",
                kind="collective",
                commune=c,
                latitude=c.latitude,
                longitude=c.longitude,
                opening_hours=week,
            )
            if i < 8:
                nursery.managers.set([manager])
            nurseries.append(nursery)

        def offer(i: int) -> JobOffer:
            n = nurseries[i % len(nurseries)]
            return JobOffer(
                nursery=n,
                rome=rng.choice(rome),
                title=f"Offre bench {i}",
                contract_type=rng.choice(["cdi", "cdd", "interim", "apprentissage"]),
                required_qualification=rng.choice(["cap_aepe", "auxiliaire_puericulture", "eje"]),
                hours_per_week=35,
                start_date=today + dt.timedelta(days=rng.randint(0, 120)),
                commune=n.commune,
                latitude=n.latitude,
                longitude=n.longitude,
                status="published",
                published_at=now,
                posts=3,
            )

        JobOffer.objects.bulk_create([offer(i) for i in range(offers)], batch_size=1000)
        mine = list(JobOffer.objects.filter(nursery__managers=manager))
        TrainingOffer.objects.bulk_create(
            [
                TrainingOffer(
                    organisation=f"Organisme {i}",
                    title=f"Formation bench {i}",
                    qualification="cap_aepe",
                    commune=(c := rng.choice(communes)),
                    latitude=c.latitude,
                    longitude=c.longitude,
                    start_date=today + dt.timedelta(days=10 + i),
                    end_date=today + dt.timedelta(days=200 + i),
                    hours_per_week=35,
                    seats=12,
                )
                for i in range(300)
            ]
        )
        ImmersionOffer.objects.bulk_create(
            [
                ImmersionOffer(
                    nursery=(n := rng.choice(nurseries)),
                    title=f"Immersion bench {i}",
                    commune=n.commune,
                    latitude=n.latitude,
                    longitude=n.longitude,
                    start_date=today,
                    end_date=today + dt.timedelta(days=60),
                )
                for i in range(300)
            ]
        )
        InfoMeeting.objects.bulk_create(
            [
                InfoMeeting(
                    kind="jobs_info",
                    title=f"Réunion bench {i}",
                    organiser="France Travail",
                    commune=(c := rng.choice(communes)),
                    latitude=c.latitude,
                    longitude=c.longitude,
                    starts_at=now + dt.timedelta(days=1 + i % 90),
                )
                for i in range(120)
            ]
        )
        users = [
            User(
                email=f"bench-cand-{i}@exemple.fr",
                role="candidate",
                first_name="Cand",
                last_name=f"{i}",
            )
            for i in range(applications)
        ]
        for u in users:
            u.set_unusable_password()
        User.objects.bulk_create(users, batch_size=1000)
        users = list(User.objects.filter(email__startswith="bench-cand-"))
        CandidateProfile.objects.bulk_create(
            [
                CandidateProfile(
                    user=u,
                    commune=(c := rng.choice(communes)),
                    latitude=c.latitude,
                    longitude=c.longitude,
                    availability=week,
                )
                for u in users
            ],
            batch_size=1000,
        )
        profiles = list(CandidateProfile.objects.filter(user__in=users))
        Application.objects.bulk_create(
            [
                Application(candidate=p, job_offer=rng.choice(mine), status=rng.choice(STATUSES))
                for p in profiles
            ],
            batch_size=1000,
        )
    return manager


def measure(client: Client, url: str, params: dict, requests: int) -> str:
    for _ in range(3):
        client.get(url, params)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url, params)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    return (
        f"median {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms, "
        f"{len(response.content) / 1024:.0f} KB, {len(queries)} queries"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=2000)
    parser.add_argument("--offers", type=int, default=1500)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    manager = User.objects.filter(email=EMAIL).first()
    if manager is None or Application.objects.count() != args.applications:
        Application.objects.all().delete()
        User.objects.filter(email__startswith="bench-cand-").delete()
        User.objects.filter(email=EMAIL).delete()
        JobOffer.objects.filter(title__startswith="Offre bench").delete()
        Nursery.objects.filter(name__startswith="Crèche bench jobs").delete()
        manager = build(args.applications, args.offers)
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    print(
        f"{Application.objects.count()} applications, "
        f"{JobOffer.objects.filter(status='published').count()} published offers"
    )
    client = Client()
    client.force_login(manager)
    inbox = reverse("jobs:employer_inbox")
    print("inbox, page 1:", measure(client, inbox, {}, args.requests))
    print(
        "inbox, « vue » page 3:",
        measure(client, inbox, {"statut": "seen", "page": 3}, args.requests),
    )
    public = Client()
    url = reverse("jobs:public_offers")
    print("public, département:", measure(public, url, {"departement": "98"}, args.requests))
    print(
        "public, commune 15 km:",
        measure(public, url, {"commune": "98001", "distance_km": 15}, args.requests),
    )
    print(
        "public, département + CDD:",
        measure(public, url, {"departement": "98", "contract": "cdd"}, args.requests),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
