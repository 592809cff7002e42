"""`manage.py import_rpe annuaire_rpe.csv [--dry-run]`: the Relais Petite Enfance directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.relais.imports import RelaisImportError, relais_import


class Command(BaseCommand):
    help = "Importe l'annuaire des Relais Petite Enfance (CSV, format : docs/imports.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="fichier CSV (séparateur ; ou ,)")
        parser.add_argument("--dry-run", action="store_true", help="vérifier sans rien écrire")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        try:
            report = relais_import(raw=path.read_bytes(), dry_run=options["dry_run"])
        except RelaisImportError as exc:
            message = "Import refusé, rien n'a été écrit :\n" + "\n".join(exc.errors)
            raise CommandError(message) from exc
        self.stdout.write(report.summary_fr())
