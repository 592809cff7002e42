"""manage.py observatory_recompute [--departement 93]"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from maillage.observatory.services import indicators_recompute


class Command(BaseCommand):
    help = "Recalcule les indicateurs de l'observatoire (communes et agrégats)."

    def add_arguments(self, parser):  # noqa: ANN001
        parser.add_argument("--departement", default=None)

    def handle(self, *args, **options):  # noqa: ANN002, ANN003
        start = time.perf_counter()
        n = indicators_recompute(scope=options["departement"])
        self.stdout.write(f"{n} territoires recalculés en {time.perf_counter() - start:.2f} s.")
