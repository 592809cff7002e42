"""`manage.py seed_rpe_demo --departement 93 [--if-empty]`: demo Relais Petite Enfance."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.relais.demo import seed_relais_demo
from maillage.relais.models import RelaisPetiteEnfance


class Command(BaseCommand):
    help = "Crée des Relais Petite Enfance de démonstration pour un département."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--departement", default="93")
        parser.add_argument(
            "--if-empty", action="store_true", help="ne rien faire si des relais existent déjà"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["departement"]
        if options["if_empty"] and RelaisPetiteEnfance.objects.exists():
            self.stdout.write("Des relais existent déjà : rien à faire.")
            return
        report = seed_relais_demo(code)
        if report is None:
            raise CommandError(
                f"Aucune commune pour le département {code} : importez le territoire."
            )
        self.stdout.write(report.summary_fr())
