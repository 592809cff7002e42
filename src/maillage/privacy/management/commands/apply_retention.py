"""Apply the retention rules of personal data (run daily by `daily_jobs`)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from maillage.privacy.services.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Anonymise les besoins et demandes clos depuis 2 ans, prévient puis supprime les "
        "comptes inactifs, anonymise les suivis de retour à l'emploi échus."
    )

    def add_arguments(self, parser):  # noqa: ANN001, ANN201
        parser.add_argument("--dry-run", action="store_true", help="Compter sans rien modifier.")

    def handle(self, *args: object, **options: object) -> None:
        report = apply_retention(dry_run=bool(options["dry_run"]))
        prefix = "À traiter : " if options["dry_run"] else ""
        self.stdout.write(f"{prefix}{report}.")
