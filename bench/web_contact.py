"""Benchmark of issue 11's contact and cost items (demo data of département 93).

Prepare a database once (as for bench/web_results.py), e.g.:
    export SQLITE_PATH=/tmp/contact-bench.sqlite3        # or DATABASE_URL=postgres://...
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py import_territory
    .venv/bin/python manage.py import_rome && .venv/bin/python manage.py seed_demo --departement 93 --seed 1
then:
    MAILLAGE_LOG_LEVEL=WARNING .venv/bin/python bench/web_contact.py [--needs 30] [--repeat 20]

1. Cost: for the options of open needs, the time `option_estimates` takes (its two queries
   included) and the rendering of `families/includes/option_cost.html`, per option, with and
   without the family's resources. Target: ≤ 5 ms per option.
2. Messages: a parent posts a message (test Client, as a browser), then the childminder loads
   the request's page: the message must be on it at that very load; both timed. Everything is
   written inside a transaction rolled back at the end (the demo data is left as it was).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.template.loader import get_template  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from maillage.families import engine_adapter  # noqa: E402
from maillage.families.cost.estimate import Household  # noqa: E402
from maillage.families.cost.services import option_estimates  # noqa: E402
from maillage.families.enums import ContactRequestStatus as S  # noqa: E402
from maillage.families.enums import NeedStatus  # noqa: E402
from maillage.families.models import Need  # noqa: E402
from maillage.families.services import contact_request_create, contact_request_transition  # noqa: E402


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * q) - 1)]


def bench_cost(needs: list[Need], repeat: int) -> None:
    template = get_template("families/includes/option_cost.html")
    per_option: dict[str, list[float]] = {"sans ressources": [], "avec ressources": []}
    render_per_option: list[float] = []
    count = 0
    for need in needs:
        keys = [o.key for o in engine_adapter.options_for_need(need).options]
        if not keys:
            continue
        count += len(keys)
        for label, household in (
            ("sans ressources", Household()),
            ("avec ressources", Household(Decimal(3000), 2)),
        ):
            for _ in range(repeat):
                started = time.perf_counter()
                estimates = option_estimates(keys, schedule=need.schedule, household=household)
                per_option[label].append((time.perf_counter() - started) * 1000 / len(keys))
        started = time.perf_counter()
        for key in keys:
            template.render({"option": {"key": key}, "cost_estimates": estimates})
        render_per_option.append((time.perf_counter() - started) * 1000 / len(keys))
    print(f"coût : {count} options de {len(needs)} besoins, {repeat} passes")
    for label, values in per_option.items():
        print(
            f"  calcul ({label}, 2 requêtes comprises) : médiane "
            f"{statistics.median(values) * 1000:.0f} µs/option, p95 {_pct(values, 0.95) * 1000:.0f} µs"
        )
    print(
        f"  rendu de l'encart : médiane {statistics.median(render_per_option) * 1000:.0f} µs/option, "
        f"max {max(render_per_option) * 1000:.0f} µs"
    )


def bench_messages(needs: list[Need], repeat: int) -> None:
    settings.ALLOWED_HOSTS = ["*"]
    post_ms: list[float] = []
    load_ms: list[float] = []
    seen = 0
    with transaction.atomic():
        for need in needs:
            keys = [o.key for o in engine_adapter.options_for_need(need).options]
            key = next((k for k in keys if k.startswith("am-")), None)
            if key is None:
                continue
            from maillage.childcare.models import Childminder

            cm = Childminder.objects.select_related("user").get(pk=int(key.split("-")[1]))
            request = contact_request_create(need=need, by=need.parent, childminder=cm)
            contact_request_transition(request=request, to_status=S.ACCEPTED, by=cm.user)
            parent, provider = Client(), Client()
            parent.force_login(need.parent)
            provider.force_login(cm.user)
            thread = reverse("families:request_thread", kwargs={"pk": request.pk})
            post = reverse("families:request_message", kwargs={"pk": request.pk})
            for i in range(repeat):
                text = f"Bonjour, message n° {i} de la demande {request.pk}."
                started = time.perf_counter()
                response = parent.post(post, {"body": text})
                post_ms.append((time.perf_counter() - started) * 1000)
                assert response.status_code in (302, 429), response.status_code
                if response.status_code == 429:
                    continue  # the per-user limit: expected past 10 messages in 10 minutes
                started = time.perf_counter()
                page = provider.get(thread)
                load_ms.append((time.perf_counter() - started) * 1000)
                assert text in page.content.decode(), "message absent au chargement suivant"
                seen += 1
        transaction.set_rollback(True)
    print(f"messages : {seen} messages postés puis lus par l'autre partie au chargement suivant")
    print(
        f"  envoi : médiane {statistics.median(post_ms):.1f} ms, p95 {_pct(post_ms, 0.95):.1f} ms"
    )
    print(
        f"  page de l'autre partie : médiane {statistics.median(load_ms):.1f} ms, "
        f"p95 {_pct(load_ms, 0.95):.1f} ms ; message présent à 100 %"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--departement", default="93")
    parser.add_argument("--needs", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    needs = list(
        Need.objects.filter(
            status=NeedStatus.OPEN, parent__isnull=False, commune__departement_id=args.departement
        )
        .select_related("parent", "commune")
        .order_by("pk")[: args.needs]
    )
    if not needs:
        sys.exit("Aucun besoin ouvert : lancez seed_demo d'abord.")
    print(f"base : {connection.vendor}, département {args.departement}")
    bench_cost(needs, args.repeat)
    bench_messages(needs[:10], min(args.repeat, 10))


if __name__ == "__main__":
    main()
