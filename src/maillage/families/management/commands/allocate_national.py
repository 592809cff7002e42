"""Start a national allocation: one task per département, taken by the task workers.

    python manage.py allocate_national                    # every département with open needs
    python manage.py allocate_national --departement 69 --departement 01
    python manage.py allocate_national --wait             # show progress until it is done

Run as many `db_worker` processes as there are cores to spread the départements over them.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from maillage.families.models_allocation import NationalStatus
from maillage.families.national import national_allocation_start, national_progress


class Command(BaseCommand):
    help = "Lance l'attribution nationale (une tâche par département) et suit sa progression."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--departement", action="append", dest="departements")
        parser.add_argument("--wait", action="store_true", help="suivre jusqu'à la fin")
        parser.add_argument("--interval", type=float, default=2.0)
        parser.add_argument("--timeout", type=float, default=3600.0)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            run = national_allocation_start(departements=options["departements"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"{run} : {run.departements_total} département(s) en file d'attente")
        if not options["wait"]:
            return
        last = ""
        while True:
            progress = national_progress(run)
            if progress.text_fr != last:
                self.stdout.write(f"[{time.perf_counter() - started:6.1f} s] {progress.text_fr}")
                last = progress.text_fr
            if progress.status != NationalStatus.RUNNING:
                break
            if time.perf_counter() - started > options["timeout"]:
                raise CommandError("délai dépassé : la file continue, suivez-la dans l'admin")
            time.sleep(options["interval"])
        run.refresh_from_db()
        self.stdout.write(f"{run.get_status_display()} en {time.perf_counter() - started:.1f} s")
