"""Benchmark: recompute all observatory indicators on 34,875 communes; département page time.

Run (own SQLite file, never the shared one):
    MAILLAGE_VAR_DIR=/tmp/obsbench DJANGO_SETTINGS_MODULE=config.settings.dev \
        .venv/bin/python bench/observatory_indicators.py

When the national demo data is absent, it loads the real communes (data/territory) and adds
synthetic supply: one imported SupplyFigure per commune and 5,000 platform childminders.
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

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

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


def synthetic_supply() -> None:
    from maillage.accounts.models import User
    from maillage.childcare.models import Childminder
    from maillage.observatory.models import SupplyFigure

    rng = random.Random(4)
    bands = ["moins_de_30", "30_39", "40_49", "50_54", "55_59", "60_et_plus"]
    figures = []
    for code, children in Commune.objects.values_list("code", "children_under_3"):
        am = rng.randint(0, max(1, children // 8))
        split = [rng.random() for _ in bands]
        counts = [int(am * s / sum(split)) for s in split]
        counts[-1] += am - sum(counts)
        figures.append(
            SupplyFigure(
                commune_id=code,
                source="import",
                year=2024,
                places_childminders=am * 3,
                places_nurseries=rng.randint(0, max(1, children // 5)),
                childminders=am,
                childminders_by_age_band=dict(zip(bands, counts, strict=True)),
            )
        )
    SupplyFigure.objects.bulk_create(figures, batch_size=2000)
    codes = list(Commune.objects.values_list("code", flat=True))
    users = User.objects.bulk_create(
        [User(email=f"bench{i}@example.org", role="childminder") for i in range(5000)],
        batch_size=1000,
    )
    Childminder.objects.bulk_create(
        [
            Childminder(
                user=u,
                commune_id=rng.choice(codes),
                latitude=48.0,
                longitude=2.0,
                birth_year=rng.randint(1960, 1995),
                agrement_capacity=rng.randint(1, 4),
                agrement_valid_until=dt.date(2030, 1, 1),
                working_hours="1" * 336,
            )
            for u in users
        ],
        batch_size=1000,
    )


def main() -> None:
    call_command("migrate", verbosity=0)
    if Commune.objects.count() < 30_000:
        print("Données nationales absentes : chargement des communes réelles + offre synthétique")
        load_territory()
        synthetic_supply()
    from maillage.observatory.services import indicators_recompute

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
    with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False):
        client = Client()
        for code in ("93", "59", "2A"):
            page = []
            for _ in range(21):
                start = time.perf_counter()
                response = client.get(f"/observatoire/departement/{code}/")
                page.append(time.perf_counter() - start)
                assert response.status_code == 200
            print(
                f"page département {code}: médiane {1000 * statistics.median(page):.0f} ms, "
                f"max {1000 * max(page):.0f} ms (21 requêtes)"
            )
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
