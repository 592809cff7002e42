from django.core.management.base import BaseCommand

from maillage.jobs.services.catalogue import ROME_CSV, rome_import


class Command(BaseCommand):
    help = "Charge les métiers de la petite enfance du ROME 4 (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--path", default=str(ROME_CSV), help="Fichier CSV gzip du ROME.")

    def handle(self, *args, **options):
        from pathlib import Path

        counts = rome_import(path=Path(options["path"]))
        self.stdout.write(
            self.style.SUCCESS(
                f"Métiers ROME : {counts['created']} créé(s), {counts['updated']} mis à jour."
            )
        )
