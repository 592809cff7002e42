"""Benchmark: server-side time of a childminder's availability update (demo data of 93).

Prepare a database once (SQLite file or PostgreSQL scratch DB), e.g.:
    export SQLITE_PATH=/tmp/h12var/dev.sqlite3      # or DATABASE_URL=postgres://…/maillage_bench_avail
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py import_territory
    .venv/bin/python manage.py import_rome && .venv/bin/python manage.py seed_demo --departement 93 --seed 1
then:
    MAILLAGE_LOG_LEVEL=WARNING .venv/bin/python bench/web_availability.py [--requests 40]

It POSTs `childcare:availability` in-process with Django's test Client, signed in as demo
childminders of the département, in the two ways the page sends it: htmx (the panel comes back
and is swapped in place) and full (a redirect after the save). Each request really changes a
place (free from a new date, or "pas de place libre"), so the row is written, the provider
index stamp of the département is bumped after the commit, and the request's transaction
commits. A few warm-up requests are not timed. Prints the median, p90 and max in ms, and the
SQL queries per request. The database is modified (dates of free places): use a scratch DB.
"""

from __future__ import annotations

import argparse
import datetime as dt
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
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from maillage.childcare.models import Childminder  # noqa: E402
from maillage.childcare.services import declared_places  # noqa: E402


def _payload(places: list, shift: int, today: dt.date) -> dict[str, str]:
    """All places as declared, the last one moved (a new date, or no free place)."""
    data: dict[str, str] = {}
    for place in places:
        day = place.free_from or today
        status = "free"
        if place.number == len(places):
            status = "none" if shift % 3 == 2 else "free"
            day = today + dt.timedelta(days=7 + shift % 60)
        data[f"place_{place.number}_status"] = status
        data[f"place_{place.number}_from"] = day.isoformat()
    return data


def _run(client: Client, childminders: list, *, htmx: bool, count: int, warmup: int) -> dict:
    url = reverse("childcare:availability")
    headers = {"HX-Request": "true"} if htmx else {}
    timings: list[float] = []
    queries: list[int] = []
    today = timezone.localdate()
    current = None
    for i in range(warmup + count):
        cm = childminders[i % len(childminders)]
        if cm is not current:
            client.force_login(cm.user)
            current = cm
        places = declared_places(cm, today)
        data = _payload(places, i, today)
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.post(url, data, headers=headers)
            elapsed = (time.perf_counter() - started) * 1000
        expected = 200 if htmx else 302
        assert response.status_code == expected, (response.status_code, response.content[:300])
        if htmx:
            assert "Vos disponibilités sont enregistrées." in response.content.decode()
        if i >= warmup:
            timings.append(elapsed)
            queries.append(len(ctx.captured_queries))
    timings.sort()
    return {
        "median": statistics.median(timings),
        "p90": timings[max(0, int(len(timings) * 0.9) - 1)],
        "max": timings[-1],
        "n": len(timings),
        "queries": (min(queries), max(queries)),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--departement", default="93")
    parser.add_argument("--childminders", type=int, default=10)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    today = timezone.localdate()
    rows = (
        Childminder.objects.visible(today)
        .filter(commune__departement_id=args.departement)
        .select_related("user")
        .prefetch_related("children_in_care")
        .order_by("pk")
    )
    childminders = [cm for cm in rows[: args.childminders * 5] if declared_places(cm, today)]
    childminders = childminders[: args.childminders]
    if not childminders:
        sys.exit("Aucune assistante maternelle avec une place : lancez seed_demo d'abord.")
    client = Client()
    print(
        f"base : {connection.vendor}, département {args.departement}, "
        f"{len(childminders)} assistantes maternelles"
    )
    for htmx in (True, False):
        r = _run(client, childminders, htmx=htmx, count=args.requests, warmup=args.warmup)
        label = "htmx (panneau renvoyé)" if htmx else "complet (redirection)"
        print(
            f"POST {label} : {r['n']} requêtes, médiane {r['median']:.1f} ms, "
            f"p90 {r['p90']:.1f} ms, max {r['max']:.1f} ms, "
            f"requêtes SQL {r['queries'][0]}–{r['queries'][1]}"
        )


if __name__ == "__main__":
    main()
