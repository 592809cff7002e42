"""Benchmark: the cost of the one-click relaxations of the results page (demo data of
département 93).

Prepare a database once (as for bench/web_results.py), e.g.:
    export SQLITE_PATH=/tmp/bench.sqlite3              # or DATABASE_URL=postgres://...
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py import_territory
    .venv/bin/python manage.py seed_demo --departement 93 --seed 1
then:
    .venv/bin/python bench/web_relaxations.py [--needs 200] [--repeat 5]

For every open need of the département (at most --needs), with the provider index warm, it
times `engine_adapter.options_for_need` (the page's search) and
`engine_adapter.relaxations_for_need` (every candidate relaxation re-run through the engine on
a copy of the need: up to 3 distances, 4 shifts, 3 start dates, 4 mode sets), and reports the
median, p95 and max in ms, with how many needs got at least one relaxation. Then the whole
results page of the needs with fewer than three options (where relaxations are shown).
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
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from maillage.families import engine_adapter  # noqa: E402
from maillage.families.enums import NeedStatus  # noqa: E402
from maillage.families.models import Need  # noqa: E402


def _stats(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[max(0, int(len(values) * 0.95) - 1)]
    return f"médiane {statistics.median(values):.1f} ms, p95 {p95:.1f} ms, max {values[-1]:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--departement", default="93")
    parser.add_argument("--needs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    needs = list(
        Need.objects.filter(status=NeedStatus.OPEN, commune__departement_id=args.departement)
        .select_related("commune", "parent")
        .order_by("pk")[: args.needs]
    )
    if not needs:
        sys.exit("Aucun besoin ouvert : lancez seed_demo d'abord.")
    engine_adapter.options_for_need(needs[0])  # warm the provider index
    search: list[float] = []
    relax: list[float] = []
    offered = 0
    few: list[Need] = []
    for need in needs:
        for i in range(args.repeat):
            started = time.perf_counter()
            view = engine_adapter.options_for_need(need)
            search.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            choices = engine_adapter.relaxations_for_need(need)
            relax.append((time.perf_counter() - started) * 1000)
            if i == 0:
                offered += bool(choices)
                if len(view.options) < engine_adapter.FEW_OPTIONS and need.parent_id:
                    few.append(need)
    print(f"base : {connection.vendor}, département {args.departement}, {len(needs)} besoins")
    print(f"recherche (options_for_need) : {_stats(search)}")
    print(f"relaxations (relaxations_for_need) : {_stats(relax)}")
    print(f"besoins avec au moins une relaxation proposée : {offered} / {len(needs)}")
    print(f"besoins avec moins de {engine_adapter.FEW_OPTIONS} options : {len(few)}")
    if few:
        client = Client()
        pages: list[float] = []
        for need in few[:30]:
            client.force_login(need.parent)
            url = reverse("families:need_results", kwargs={"pk": need.pk})
            client.get(url)
            for _ in range(args.repeat):
                started = time.perf_counter()
                response = client.get(url)
                pages.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
        print(f"page de résultats avec relaxations ({len(pages)} rendus) : {_stats(pages)}")


if __name__ == "__main__":
    main()
