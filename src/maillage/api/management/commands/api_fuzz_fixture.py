"""A tiny dataset and a write token for the schemathesis run (scripts/api_fuzz.py).

Refuses to run unless --yes is given: it writes rows and prints a secret token."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.accounts.models import User
from maillage.api.models import ApiToken
from maillage.childcare.models import Childminder, Nursery, NurseryAgeGroup
from maillage.core.schedule import week_from_ranges
from maillage.families.enums import NeedStatus
from maillage.families.models import Need
from maillage.territory.models import Commune, Departement, Region


class Command(BaseCommand):
    help = "Crée un petit jeu de données et un jeton d'API en écriture (tests de l'API)."

    def add_arguments(self, parser):  # noqa: ANN001, ANN201
        parser.add_argument("--yes", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        if not options["yes"]:
            raise CommandError("Ajoutez --yes : cette commande écrit des données de test.")
        region, _ = Region.objects.get_or_create(code="11", defaults={"name": "Île-de-France"})
        dep, _ = Departement.objects.get_or_create(
            code="93", defaults={"name": "Seine-Saint-Denis", "region": region}
        )
        commune, _ = Commune.objects.get_or_create(
            code="93066",
            defaults={
                "name": "Saint-Denis",
                "search_name": "saint denis",
                "departement": dep,
                "region": region,
                "population": 113000,
                "postcodes": ["93200"],
                "latitude": 48.936,
                "longitude": 2.357,
            },
        )
        week = week_from_ranges({d: [("08:00", "18:00")] for d in range(5)})
        today = timezone.localdate()
        parent, _ = User.objects.get_or_create(email="fuzz-parent@exemple.fr")
        minder_user, _ = User.objects.get_or_create(
            email="fuzz-am@exemple.fr", defaults={"role": Role.CHILDMINDER}
        )
        minder, _ = Childminder.objects.get_or_create(
            user=minder_user,
            defaults={
                "commune": commune,
                "latitude": commune.latitude,
                "longitude": commune.longitude,
                "agrement_capacity": 4,
                "agrement_valid_until": today + dt.timedelta(days=700),
                "working_hours": week,
            },
        )
        nursery, _ = Nursery.objects.get_or_create(
            name="Crèche des Tests",
            defaults={
                "kind": "collective",
                "commune": commune,
                "latitude": commune.latitude,
                "longitude": commune.longitude,
                "opening_hours": week,
            },
        )
        NurseryAgeGroup.objects.get_or_create(
            nursery=nursery,
            kind="mixed",
            defaults={"min_age_months": 2, "max_age_months": 36, "places": 20, "places_taken": 5},
        )
        for i in range(5):
            Need.objects.get_or_create(
                parent=parent,
                child_first_name=f"Enfant {i}",
                defaults={
                    "created_by": parent,
                    "child_birth_date": today - dt.timedelta(days=200 + 30 * i),
                    "commune": commune,
                    "latitude": commune.latitude,
                    "longitude": commune.longitude,
                    "max_distance_km": Decimal("5"),
                    "start_date": today + dt.timedelta(days=60),
                    "schedule": week,
                    "consent_given_at": timezone.now(),
                    "status": NeedStatus.OPEN,
                },
            )
        raw, prefix, digest = ApiToken.generate()
        token = ApiToken.objects.create(
            name="Tests de l'API", prefix=prefix, token_hash=digest, can_write=True
        )
        token.departements.set([dep])
        self.stdout.write(raw)
