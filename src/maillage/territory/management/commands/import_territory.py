from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from maillage.territory.services.errors import TerritoryImportError
from maillage.territory.services.importer import territory_import


class Command(BaseCommand):
    help = (
        "Importe le référentiel territorial (régions, départements, communes, naissances, "
        "contours, taux de couverture CAF) depuis les fichiers livrés. Idempotent, tout ou rien."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            default=str(Path(settings.BASE_DIR) / "data" / "territory"),
            help="dossier des fichiers (défaut : data/territory)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="valide et compte sans rien écrire"
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help="supprime les communes et taux absents des fichiers (sinon signalés et gardés)",
        )

    def handle(self, *args, **options):
        try:
            report = territory_import(
                data_dir=options["data_dir"], dry_run=options["dry_run"], prune=options["prune"]
            )
        except TerritoryImportError as exc:
            raise CommandError(f"Import du référentiel territorial refusé — {exc}") from exc
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"Attention : {warning}"))
        for name, counts in report.counts.items():
            line = (
                f"{name} : {counts.created} créé(s), {counts.updated} mis à jour, "
                f"{counts.unchanged} inchangé(s)"
            )
            if counts.deleted:
                line += f", {counts.deleted} supprimé(s)"
            elif counts.missing:
                shown = ", ".join(str(key) for key in counts.missing[:10])
                line += f", {len(counts.missing)} absent(s) des fichiers, conservé(s) : {shown}"
            self.stdout.write(line)
        if report.dry_run:
            message = f"Simulation terminée en {report.seconds:.1f} s : rien n'a été écrit."
        else:
            message = f"Import terminé en {report.seconds:.1f} s."
        self.stdout.write(self.style.SUCCESS(message))
