"""A tiny scheduler for containers that have no cron: `python manage.py scheduler`.

Every `--recover-every` seconds it runs `recover_tasks` (tasks left RUNNING by a killed worker);
once a day at `--daily-at` (local time, default 06:15) it runs `daily_jobs`. One scheduler per
deployment (compose.yaml). A failing run is logged and the loop goes on.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone

logger = logging.getLogger(__name__)


def daily_due(*, now: dt.datetime, daily_at: dt.time, last_day: dt.date | None) -> bool:
    """True once a day, at the first tick at or after `daily_at` local time."""
    local = timezone.localtime(now)
    return local.time() >= daily_at and local.date() != last_day


class Command(BaseCommand):
    help = "Planificateur : récupération des tâches interrompues et traitements quotidiens."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--daily-at", default="06:15", help="heure locale HH:MM")
        parser.add_argument("--recover-every", type=int, default=300, help="secondes")
        parser.add_argument("--once", action="store_true", help="un seul tour (tests)")

    def handle(self, *args: object, **options: Any) -> None:
        try:
            hour, minute = (int(part) for part in options["daily_at"].split(":"))
            daily_at = dt.time(hour, minute)
        except ValueError as exc:
            raise CommandError("--daily-at attend une heure HH:MM.") from exc
        running = True

        def stop(signum: int, frame: object) -> None:
            nonlocal running
            running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        # Started after 06:15: today's run is considered done (a restart never runs it twice).
        last_day = timezone.localdate() if timezone.localtime().time() >= daily_at else None
        if options["once"]:
            last_day = None
        next_recover = 0.0
        while running:
            close_old_connections()
            if time.monotonic() >= next_recover:
                self._run("recover_tasks")
                next_recover = time.monotonic() + options["recover_every"]
            now = timezone.now()
            if daily_due(now=now, daily_at=daily_at, last_day=last_day):
                last_day = timezone.localtime(now).date()
                self._run("daily_jobs")
            if options["once"]:
                return
            time.sleep(5)

    def _run(self, name: str) -> None:
        try:
            call_command(name, stdout=self.stdout, stderr=self.stderr)
        except Exception:  # noqa: BLE001 - the scheduler outlives a failing job
            logger.exception("scheduled job %s failed", name)
