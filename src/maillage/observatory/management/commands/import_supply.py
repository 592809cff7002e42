"""manage.py import_supply FICHIER.csv [--dry-run] [--source "DREES 2024"] [--recompute]"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maillage.observatory.services import indicators_recompute
from maillage.observatory.services.supply_import import supply_import


class Command(BaseCommand):
    help = "Importe des chiffres d'offre par commune (places par mode, AM par tranche d'âge)."

    def add_arguments(self, parser):  # noqa: ANN001
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="Vérifier sans enregistrer.")
        parser.add_argument("--source", default="", help="Origine des chiffres (libellé).")
        parser.add_argument(
            "--recompute", action="store_true", help="Recalculer les indicateurs après l'import."
        )

    def handle(self, *args, **options):  # noqa: ANN002, ANN003
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"Fichier introuvable : {path}")
        text = path.read_text(encoding="utf-8-sig")
        report = supply_import(
            text=text, dry_run=options["dry_run"], source_label=options["source"]
        )
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError("Import refusé : corrigez les lignes signalées.")
        if options["recompute"] and not options["dry_run"]:
            n = indicators_recompute()
            self.stdout.write(f"Indicateurs recalculés pour {n} territoires.")
