"""manage.py seed_occasional_demo --departement 93 --seed 1 [--if-empty]: occasional-care demo
data (free slots, requests, proposals, bookings) on top of seed_demo."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from maillage.occasional.demo import has_base_demo, has_occasional_data, seed_occasional
from maillage.occasional.demo.common import (
    DEMO_CHILDMINDER,
    DEMO_COUNSELLOR,
    DEMO_NURSERY_MANAGER,
    DEMO_PARENT,
)
from maillage.territory.models import Departement


def _n(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count < 2 else plural}"


def summary(departement: Departement, counts: dict[str, int]) -> str:
    """One French line: what the demo of the département now holds."""
    get = counts.get
    return (
        f"Accueil occasionnel pour {departement} : "
        f"{_n(counts['requests'], 'demande', 'demandes')} "
        f"({get('requests_open', 0)} en recherche, "
        f"{_n(get('requests_partial', 0), 'en partie couverte', 'en partie couvertes')}, "
        f"{_n(get('requests_covered', 0), 'couverte', 'couvertes')}, "
        f"{_n(get('requests_cancelled', 0), 'annulée', 'annulées')}), "
        f"{_n(counts['slots'], 'créneau libre déclaré', 'créneaux libres déclarés')}, "
        f"{_n(counts['proposals'], 'proposition', 'propositions')} "
        f"({_n(get('proposals_accepted', 0), 'acceptée', 'acceptées')}, "
        f"{_n(get('proposals_declined', 0), 'refusée', 'refusées')}, "
        f"{get('proposals_pending', 0)} en attente), "
        f"{_n(counts['bookings'], 'réservation', 'réservations')}, "
        f"dans {_n(counts['communes'], 'commune', 'communes')}."
    )


class Command(BaseCommand):
    help = (
        "Crée des données de démonstration d'accueil occasionnel (créneaux libres, demandes, "
        "propositions, réservations) pour un département déjà peuplé par seed_demo."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--departement", required=True, help="Code du département (ex. 93).")
        parser.add_argument("--seed", type=int, default=1, help="Graine aléatoire (reproductible).")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Ne rien faire si des données d'accueil occasionnel existent déjà.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code = str(options["departement"]).strip().upper()
        if code.isdigit() and len(code) == 1:
            code = f"0{code}"
        seed = int(options["seed"])
        departement = Departement.objects.filter(code=code).first()
        if departement is None:
            raise CommandError(
                f"Département inconnu : {options['departement']!r}. Importez d'abord le "
                "référentiel (manage.py import_territory) ou vérifiez le code."
            )
        if not has_base_demo(departement):
            raise CommandError(
                f"Aucune donnée de démonstration pour {departement} : lancez d'abord "
                f"manage.py seed_demo --departement {code} --seed {seed}."
            )
        if has_occasional_data(departement):
            if options["if_empty"]:
                self.stdout.write(
                    f"Des données d'accueil occasionnel existent déjà pour {departement} : "
                    "rien n'est recréé."
                )
                return
            raise CommandError(
                f"Des données d'accueil occasionnel existent déjà pour {departement}. "
                "Utilisez --if-empty, ou repartez d'une base vide (make resetdb)."
            )
        try:
            counts = seed_occasional(departement=departement, seed=seed, today=timezone.localdate())
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        self.stdout.write(self.style.SUCCESS(summary(departement, counts)))
        self.stdout.write(
            "À essayer avec les comptes de démonstration (manage.py demo_logins) : "
            f"{DEMO_PARENT}, {DEMO_CHILDMINDER}, {DEMO_NURSERY_MANAGER}, {DEMO_COUNSELLOR}."
        )
