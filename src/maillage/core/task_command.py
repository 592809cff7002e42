"""A management command that runs one django.tasks task now, or enqueues it (``--enqueue``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class TaskCommand(BaseCommand):
    """Subclasses set ``task`` (a django.tasks task returning a count) and ``done`` (a French
    message with ``{count}``)."""

    task: Any
    done: str

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Mettre la tâche en file d'attente au lieu de l'exécuter tout de suite.",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if options["enqueue"]:
            result = self.task.enqueue()
            self.stdout.write(f"Tâche mise en file d'attente : {result.id}")
            return
        self.stdout.write(self.done.format(count=self.task.call()))
