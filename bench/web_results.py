"""Benchmark: server-side time of the results page of a need (demo data of département 93).

Prepare a database once (SQLite file or PostgreSQL scratch DB), e.g.:
    export SQLITE_PATH=/tmp/h9var/dev.sqlite3           # or DATABASE_URL=postgres://...
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py import_territory
    .venv/bin/python manage.py seed_demo --departement 93 --seed 1
then:
    .venv/bin/python bench/web_results.py [--needs 30] [--repeat 10]

It renders `families:need_results` in-process with Django's test Client, signed in as each
need's parent: the first request of a need builds the provider index when cold (reported
apart), the following ones are timed. Prints the median, p90 and max in ms and the SQL queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from maillage.families import engine_adapter  # noqa: E402
from maillage.families.enums import NeedStatus  # noqa: E402
from maillage.families.models import Need  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--departement", default="93")
    parser.add_argument("--needs", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    setup_test_environment()  # the test Client then exposes the template context
    settings.ALLOWED_HOSTS = ["*"]
    needs = list(
        Need.objects.filter(
            status=NeedStatus.OPEN,
            parent__isnull=False,
            commune__departement_id=args.departement,
        )
        .select_related("parent")
        .order_by("pk")[: args.needs]
    )
    if not needs:
        sys.exit("Aucun besoin ouvert : lancez seed_demo d'abord.")
    engine_adapter.clear_indexes()
    client = Client()
    cold: list[float] = []
    warm: list[float] = []
    queries: list[int] = []
    options: list[int] = []
    for need in needs:
        client.force_login(need.parent)
        url = reverse("families:need_results", kwargs={"pk": need.pk})
        for i in range(args.repeat + 1):
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, response.status_code
            (cold if i == 0 and not warm else warm).append(elapsed)
            if i == 1:
                queries.append(len(ctx.captured_queries))
                options.append(len(response.context["view"].options))
    engine = connection.vendor
    warm.sort()
    print(f"base : {engine}, département {args.departement}, {len(needs)} besoins")
    print(f"premier rendu (index froid) : {cold[0]:.0f} ms")
    print(
        f"rendus suivants ({len(warm)}) : médiane {statistics.median(warm):.1f} ms, "
        f"p90 {warm[int(len(warm) * 0.9) - 1]:.1f} ms, max {warm[-1]:.1f} ms"
    )
    print(f"requêtes SQL par rendu : {min(queries)}–{max(queries)}")
    print(f"options par besoin : médiane {statistics.median(options):.0f}, max {max(options)}")


if __name__ == "__main__":
    main()
