"""Load the reference path templates (idempotent; run by `make territory`)."""

from django.core.management.base import BaseCommand

from maillage.jobs.reference import path_templates_load


class Command(BaseCommand):
    help = (
        "Charge les parcours de référence (Cap vers l'enfance, parcours agrément "
        "Nouvelle-Aquitaine) avec leurs régions d'origine (idempotent)."
    )

    def handle(self, *args, **options):  # noqa: ANN002, ANN003, ANN201
        templates = path_templates_load()
        names = ", ".join(t.name for t in templates.values())
        self.stdout.write(f"Parcours de référence présents : {names}.")
