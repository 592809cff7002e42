from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maillage.jobs.services.catalogue import TRAINING_COLUMNS, training_import_csv


class Command(BaseCommand):
    help = (
        "Importe des sessions de formation depuis un CSV (colonnes : "
        + ", ".join(TRAINING_COLUMNS)
        + "). Chaque ligne est vérifiée ; au moindre défaut rien n'est écrit."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_path")
        parser.add_argument(
            "--dry-run", action="store_true", help="Vérifie le fichier sans rien écrire."
        )

    def handle(self, *args, **options):
        path = Path(options["csv_path"])
        if not path.exists():
            raise CommandError(f"Fichier introuvable : {path}")
        report = training_import_csv(
            text=path.read_text(encoding="utf-8-sig"), dry_run=options["dry_run"]
        )
        if not report.ok:
            raise CommandError(report.summary_fr())
        self.stdout.write(self.style.SUCCESS(report.summary_fr()))
