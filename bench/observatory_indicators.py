"""Benchmark: recompute all observatory indicators on 34,875 communes; département page time.

Run on a scratch database, SQLite then PostgreSQL:
    SQLITE_PATH=var/bench/observatory.sqlite3 .venv/bin/python bench/observatory_indicators.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench_obs \
        .venv/bin/python bench/observatory_indicators.py

On an empty database it loads the real communes (data/territory, INSEE births) and bulk-inserts
national-scale synthetic platform data in every commune, proportional to its children under 3:
childminders (1 per 12 children, some with children in care), crèches (1 per 150 children,
with an age group), needs (1 per 25 children, 60 % open, 30 % of job seekers, matched ones
with a confirmed request and its RequestEvent), plus one imported SupplyFigure per 10th
commune. ``BENCH_SCALE`` (default 1.0) multiplies the counts.
"""

from __future__ import annotations

import csv
import gzip
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

import datetime as dt  # noqa: E402
import random  # noqa: E402

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from maillage.territory.models import Commune, Departement, Region  # noqa: E402

DATA = ROOT / "data" / "territory"


def rows(name: str):  # noqa: ANN201
    with gzip.open(DATA / name, "rt", encoding="utf-8") as fh:
        yield from csv.DictReader(fh)


def load_territory() -> None:
    Region.objects.bulk_create(
        [Region(code=r["code_region"], name=r["nom"]) for r in rows("regions.csv.gz")]
    )
    Departement.objects.bulk_create(
        [
            Departement(code=r["code_departement"], name=r["nom"], region_id=r["code_region"])
            for r in rows("departements.csv.gz")
        ]
    )
    births: dict[str, dict[str, int]] = {}
    for r in rows("insee_naissances_communes_2008_2024.csv.gz"):
        births[r["code_insee"]] = {
            y: int(r[f"naissances_{y}"] or 0) for y in ("2022", "2023", "2024")
        }
    Commune.objects.bulk_create(
        [
            Commune(
                code=r["code_insee"],
                name=r["nom"],
                search_name=r["nom"].lower(),
                departement_id=r["code_departement"],
                region_id=r["code_region"],
                population=int(r["population"] or 0),
                latitude=float(r["latitude"] or 0),
                longitude=float(r["longitude"] or 0),
                births_by_year=births.get(r["code_insee"], {}),
                children_under_3=sum(births.get(r["code_insee"], {}).values()),
            )
            for r in rows("communes.csv.gz")
        ],
        batch_size=2000,
    )


def synthetic_platform(scale: float) -> None:  # noqa: PLR0915 - one linear data build
    from maillage.accounts.models import User
    from maillage.childcare.models import ChildInCare, Childminder, Nursery, NurseryAgeGroup
    from maillage.families.models import ContactRequest, Need, RequestEvent
    from maillage.observatory.models import SupplyFigure

    rng = random.Random(4)
    communes = list(
        Commune.objects.values_list("code", "children_under_3", "latitude", "longitude")
    )
    week = "0" * 16 + "1" * 20 + "0" * 12
    week = week * 5 + "0" * 96
    start = time.perf_counter()
    cm_rows, nu_rows, need_rows = [], [], []
    for code, children, lat, lon in communes:
        expected = children * scale
        for _ in range(int(expected / 12) + (rng.random() < (expected / 12) % 1)):
            cm_rows.append((code, lat, lon))
        for _ in range(int(expected / 150) + (rng.random() < (expected / 150) % 1)):
            nu_rows.append((code, lat, lon))
        for _ in range(int(expected / 25) + (rng.random() < (expected / 25) % 1)):
            need_rows.append((code, lat, lon))
    owner = User.objects.create(email="bench-owner@example.org", role="counsellor")
    users = User.objects.bulk_create(
        [User(email=f"am{i}@bench.example.org", role="childminder") for i in range(len(cm_rows))],
        batch_size=5000,
    )
    childminders = Childminder.objects.bulk_create(
        [
            Childminder(
                user=u,
                commune_id=code,
                latitude=lat,
                longitude=lon,
                birth_year=rng.randint(1958, 1998),
                agrement_capacity=rng.choice((2, 3, 3, 4, 4, 4)),
                agrement_valid_until=dt.date(2029, 1, 1),
                working_hours=week,
            )
            for u, (code, lat, lon) in zip(users, cm_rows, strict=True)
        ],
        batch_size=5000,
    )
    ChildInCare.objects.bulk_create(
        [
            ChildInCare(
                childminder=cm,
                age_months=rng.randint(3, 35),
                schedule=week,
            )
            for cm in childminders
            if rng.random() < 0.7
            for _ in range(rng.randint(1, cm.agrement_capacity))
        ],
        batch_size=5000,
    )
    nurseries = Nursery.objects.bulk_create(
        [
            Nursery(
                name=f"Crèche {i}",
                kind="collective",
                commune_id=code,
                latitude=lat,
                longitude=lon,
                opening_hours=week,
            )
            for i, (code, lat, lon) in enumerate(nu_rows)
        ],
        batch_size=5000,
    )
    NurseryAgeGroup.objects.bulk_create(
        [
            NurseryAgeGroup(
                nursery=n,
                kind="mixed",
                min_age_months=3,
                max_age_months=36,
                places=(p := rng.randint(10, 60)),
                places_taken=rng.randint(p - 5, p),
            )
            for n in nurseries
        ],
        batch_size=5000,
    )
    _synthetic_staffing(nurseries, rng)
    now = timezone.now()
    needs = Need.objects.bulk_create(
        [
            Need(
                family_email="famille@bench.example.org",
                created_by=owner,
                child_birth_date=dt.date(2025, 6, 1),
                commune_id=code,
                latitude=lat,
                longitude=lon,
                max_distance_km=5,
                start_date=dt.date(2026, 9, 1),
                schedule=week,
                job_seeker=rng.random() < 0.3,
                consent_given_at=now,
                status="open" if rng.random() < 0.6 else "matched",
            )
            for code, lat, lon in need_rows
        ],
        batch_size=5000,
    )
    Need.objects.update(created_at=now - dt.timedelta(days=60))
    matched = [n for n in needs if n.status == "matched"]
    requests = ContactRequest.objects.bulk_create(
        [
            ContactRequest(
                need=n,
                childminder=childminders[rng.randrange(len(childminders))],
                status="confirmed",
                status_changed_at=now,
            )
            for n in matched
        ],
        batch_size=5000,
    )
    RequestEvent.objects.bulk_create(
        [
            RequestEvent(
                request=r,
                at=now - dt.timedelta(days=rng.randint(1, 50)),
                from_status="accepted",
                to_status="confirmed",
            )
            for r in requests
        ],
        batch_size=5000,
    )
    SupplyFigure.objects.bulk_create(
        [
            SupplyFigure(
                commune_id=code,
                source="import",
                year=2024,
                places_childminders=children // 4,
                places_nurseries=children // 6,
                childminders=children // 12,
            )
            for code, children, _lat, _lon in communes[::10]
        ],
        batch_size=5000,
    )
    print(
        f"données synthétiques : {len(childminders)} AM, {len(nurseries)} crèches, "
        f"{len(needs)} besoins ({len(matched)} avec place confirmée) en "
        f"{time.perf_counter() - start:.0f} s"
    )


def _synthetic_staffing(nurseries, rng) -> None:  # noqa: ANN001
    """Issue 13's sources: 4 to 10 professionals per crèche (one absent in ten today), its
    authorised posts, twelve months of hours offered and billed, and a dated change of places."""
    import datetime as dt
    from decimal import Decimal

    from maillage.childcare.models import PlaceChange
    from maillage.staffing.models import NurseryOccupancy, StaffAbsence, StaffMember, StaffPost

    today = timezone.localdate()
    quals = ["auxiliaire_puericulture", "cap_aepe", "cap_aepe", "eje", "none"]
    members = StaffMember.objects.bulk_create(
        [
            StaffMember(
                nursery=n,
                qualification=rng.choice(quals),
                weekly_hours=Decimal(rng.choice([28, 35])),
                contract_type="cdi",
                start_date=dt.date(2024, 1, 1),
            )
            for n in nurseries
            for _ in range(rng.randint(4, 10))
        ],
        batch_size=5000,
    )
    StaffAbsence.objects.bulk_create(
        [
            StaffAbsence(
                member=m, start_date=today, end_date=today + dt.timedelta(days=3), kind="leave"
            )
            for m in members
            if rng.random() < 0.1
        ],
        batch_size=5000,
    )
    StaffPost.objects.bulk_create(
        [
            StaffPost(
                nursery=n,
                qualification="auxiliaire_puericulture",
                authorised_fte=Decimal(rng.randint(2, 6)),
            )
            for n in nurseries
        ],
        batch_size=5000,
    )
    first = today.replace(day=1)
    months = [(first - dt.timedelta(days=31 * k)).replace(day=1) for k in range(1, 13)]
    NurseryOccupancy.objects.bulk_create(
        [
            NurseryOccupancy(
                nursery=n,
                month=m,
                hours_offered=(o := rng.randint(3000, 9000)),
                hours_billed=int(o * rng.uniform(0.6, 0.95)),
            )
            for n in nurseries
            for m in months
        ],
        batch_size=5000,
    )
    now = timezone.now()
    PlaceChange.objects.bulk_create(
        [
            PlaceChange(
                at=now - dt.timedelta(days=rng.randint(1, 700)),
                commune_id=n.commune_id,
                provider_kind="nursery",
                provider_id=n.pk,
                delta=rng.choice([-5, 5, 10, 12]),
                source="edit",
            )
            for n in nurseries
        ],
        batch_size=5000,
    )


def _intercommunalities() -> None:
    """EPCIs and EPTs from the shipped composition file, as `import_territory` does."""
    from maillage.territory.models import Intercommunality

    if Intercommunality.objects.exists():
        return
    path = ROOT / "data/territory/intercommunalites_2026.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        lines = list(csv.DictReader(handle))
    dep_of = dict(Commune.objects.values_list("code", "departement_id"))
    groups = {}
    for line in lines:
        groups.setdefault(
            line["code_siren"], (line["nom"], line["nature"], dep_of.get(line["code_insee"]))
        )
    Intercommunality.objects.bulk_create(
        [
            Intercommunality(code=c, name=n, kind=k, departement_id=d)
            for c, (n, k, d) in groups.items()
            if d
        ]
    )
    communes = {c.code: c for c in Commune.objects.only("code")}
    for line in lines:
        commune = communes.get(line["code_insee"])
        if commune is not None:
            setattr(commune, "ept_id" if line["nature"] == "EPT" else "epci_id", line["code_siren"])
    Commune.objects.bulk_update(list(communes.values()), ["epci_id", "ept_id"], batch_size=2000)


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # default cache: a shared database table
    print(f"base : {connection.vendor} {connection.settings_dict['NAME']}")
    if Commune.objects.count() < 30_000:
        print("Données nationales absentes : communes réelles + plateforme synthétique")
        load_territory()
        synthetic_platform(float(os.environ.get("BENCH_SCALE", "1.0")))
    _intercommunalities()
    from maillage.observatory import indicators
    from maillage.observatory.services import indicators_recompute
    from maillage.observatory.services.data import load_commune_table

    start = time.perf_counter()
    table = load_commune_table()
    read = time.perf_counter() - start
    start = time.perf_counter()
    indicators.compute(table)
    print(f"détail : lecture {read:.2f} s, calcul {time.perf_counter() - start:.2f} s")
    if connection.vendor == "postgresql":
        # autovacuum is off on this machine: clean the dead rows of earlier runs first (a
        # production server's autovacuum does it between two nightly recomputes).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) observatory_indicatorsnapshot")
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        n = indicators_recompute()
        timings.append(time.perf_counter() - start)
    print(
        f"indicators_recompute: {n} territoires ; "
        + ", ".join(f"{t:.2f} s" for t in timings)
        + f" (médiane {statistics.median(timings):.2f} s)"
    )
    from django_tasks_db.models import DBTaskResult

    from maillage.observatory.models import DisclosureTable
    from maillage.observatory.services import disclosure

    # The recompute enqueued one protection task per département: nobody runs a worker
    # here, the bench runs them itself (what `manage.py db_worker` would do).
    DBTaskResult.objects.filter(task_path__startswith="maillage.observatory").delete()
    start = time.perf_counter()
    stored = disclosure.protected_tables_store_all()
    print(
        f"tableaux protégés (France + {stored - 1} départements) : "
        f"{time.perf_counter() - start:.2f} s"
    )
    stored_cells = dict(DisclosureTable.objects.values_list("scope", "cells"))
    with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False):
        client = Client()
        for label, keep_stored in (("tableaux précalculés", True), ("sans précalcul", False)):
            if not keep_stored:
                DisclosureTable.objects.all().delete()
            for code in ("93", "59", "2A"):
                cold = []
                for _ in range(5):  # first visit after a recompute: every cache empty
                    cache.clear()
                    start = time.perf_counter()
                    client.get(f"/observatoire/departement/{code}/")
                    cold.append(time.perf_counter() - start)
                print(
                    f"[{label}] page département {code}, 1re visite (cache vide) : "
                    f"médiane {1000 * statistics.median(cold):.0f} ms, "
                    f"max {1000 * max(cold):.0f} ms (5 fois)"
                )
                if keep_stored:  # the page read the stored table: same cells as computed
                    assert disclosure.departement_cells(code, 11) == stored_cells[code]
                page = []
                for _ in range(21):
                    start = time.perf_counter()
                    response = client.get(f"/observatoire/departement/{code}/")
                    page.append(time.perf_counter() - start)
                    assert response.status_code == 200
                print(
                    f"[{label}] page département {code}: "
                    f"médiane {1000 * statistics.median(page):.0f} ms, "
                    f"max {1000 * max(page):.0f} ms (21 requêtes)"
                )
        disclosure.protected_tables_store_all()
        start = time.perf_counter()
        response = client.get("/observatoire/donnees-ouvertes/?table=age_bands&scope=59")
        print(
            f"export données ouvertes (communes du 59, suppression) : "
            f"{time.perf_counter() - start:.2f} s"
        )
        start = time.perf_counter()
        response = client.get("/observatoire/donnees-ouvertes/?table=age_bands&scope=departements")
        print(f"export données ouvertes (départements) : {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
