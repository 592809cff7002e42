"""The shared body of import_childminders, import_nurseries and import_mams."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.registers.formats import FORMATS
from maillage.registers.reading import RegisterFileError, file_rows
from maillage.registers.services import RegisterImportRejected, errors_csv, register_import
from maillage.territory.models import Departement

SHOWN_ERRORS = 30


class RegisterImportCommand(BaseCommand):
    kind = ""

    @property
    def help(self) -> str:  # type: ignore[override]
        return (
            f"Importe le fichier « {FORMATS[self.kind].label} » (CSV ou XLSX, format dans "
            "docs/imports.md) pour un ou plusieurs départements."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="Fichier CSV (; ou ,) ou XLSX.")
        parser.add_argument(
            "--departement",
            action="append",
            required=True,
            help="Département couvert par le fichier (répétable) ; les autres lignes sont "
            "refusées.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Vérifier et compter, sans rien enregistrer."
        )
        parser.add_argument(
            "--errors-csv", type=Path, help="Écrire le rapport d'erreurs dans ce fichier CSV."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        codes = [str(c).strip().upper().zfill(2) for c in options["departement"]]
        known = set(Departement.objects.filter(code__in=codes).values_list("code", flat=True))
        if unknown := sorted(set(codes) - known):
            raise CommandError(f"Département(s) inconnu(s) : {', '.join(unknown)}.")
        try:
            rows = file_rows(options["path"], FORMATS[self.kind].columns)
        except (RegisterFileError, FileNotFoundError) as exc:
            raise CommandError(getattr(exc, "message", f"Fichier introuvable : {exc}")) from None

        def progress(done: int) -> None:
            self.stdout.write(f"… {done} lignes traitées")
            self.stdout.flush()

        try:
            report = register_import(
                kind=self.kind,
                rows=rows,
                by=None,
                departements=codes,
                dry_run=options["dry_run"],
                progress=progress,
            )
        except RegisterImportRejected as exc:
            report = exc.report
        if options["errors_csv"] and report.error_count:
            options["errors_csv"].write_text(errors_csv(report), encoding="utf-8")
        elapsed = time.perf_counter() - started
        if report.error_count:
            for error in report.errors[:SHOWN_ERRORS]:
                self.stderr.write(str(error))
            if report.error_count > SHOWN_ERRORS:
                self.stderr.write(f"… et {report.error_count - SHOWN_ERRORS} autres erreurs.")
        for notice in report.notices:
            self.stdout.write(notice)
        self.stdout.write(f"{report.lines} lignes lues en {elapsed:.1f} s. {report.summary()}")
        if report.error_count and not report.dry_run:
            sys.stdout.flush()
            raise CommandError(
                f"{report.error_count} erreur(s) : rien n'a été importé. Corrigez le fichier "
                "puis relancez."
            )
