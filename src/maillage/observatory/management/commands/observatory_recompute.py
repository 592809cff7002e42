"""manage.py observatory_recompute [--departement 93] [--protect]"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from maillage.observatory.services import indicators_recompute
from maillage.observatory.services.disclosure import protected_tables_store_all


class Command(BaseCommand):
    help = "Recalcule les indicateurs de l'observatoire (communes et agrégats)."

    def add_arguments(self, parser):  # noqa: ANN001
        parser.add_argument("--departement", default=None)
        parser.add_argument(
            "--protect",
            action="store_true",
            help="Calcule aussi tout de suite les tableaux protégés de chaque département "
            "(sinon : tâches de fond).",
        )

    def handle(self, *args, **options):  # noqa: ANN002, ANN003
        start = time.perf_counter()
        n = indicators_recompute(scope=options["departement"])
        self.stdout.write(f"{n} territoires recalculés en {time.perf_counter() - start:.2f} s.")
        if options["protect"]:
            start = time.perf_counter()
            stored = protected_tables_store_all()
            self.stdout.write(
                f"{stored} tableaux protégés calculés en {time.perf_counter() - start:.2f} s."
            )
