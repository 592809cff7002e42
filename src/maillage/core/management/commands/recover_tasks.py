"""Put back in the queue, or fail visibly, the tasks of a worker that died (see core.task_recovery).

Run at every worker start (compose.yaml), every few minutes by `scheduler`, and by `daily_jobs`.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from maillage.core.task_recovery import recover_interrupted_tasks


class Command(BaseCommand):
    help = "Relance ou marque en échec les tâches d'un processus de tâches arrêté brutalement."

    def handle(self, *args: object, **options: object) -> None:
        recovery = recover_interrupted_tasks()
        self.stdout.write(
            f"Tâches interrompues : {recovery.requeued} relancée(s), "
            f"{recovery.failed} marquée(s) en échec."
        )
