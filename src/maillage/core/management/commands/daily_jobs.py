"""Everything that must run once a day, in one command for one crontab line:

    15 6 * * * cd /srv/maillage && .venv/bin/python manage.py daily_jobs

Each job is an existing command; one failing job is reported and the others still run.
"""

from __future__ import annotations

import logging

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

logger = logging.getLogger(__name__)

DAILY_JOBS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("recover_tasks", ()),
    ("expire_contact_requests", ()),
    ("release_place_holds", ()),
    ("expire_substitute_requests", ("--waves",)),
    ("send_availability_reminders", ()),
    ("send_outcome_questionnaires", ()),
    ("observatory_recompute", ()),
    ("apply_retention", ()),
    # Enqueued: the db worker sends the reminders of invitations not claimed after 14 days.
    ("send_invitation_reminders", ("--enqueue",)),
    ("send_place_alerts", ()),
    ("purge_rate_counters", ()),
)


class Command(BaseCommand):
    help = "Lance les traitements quotidiens (relances, expirations, indicateurs)."

    def handle(self, *args: object, **options: object) -> None:
        failed: list[str] = []
        for name, arguments in DAILY_JOBS:
            self.stdout.write(f"== {name}")
            try:
                call_command(name, *arguments, stdout=self.stdout, stderr=self.stderr)
            except Exception as exc:  # noqa: BLE001 - one job failing must not stop the others
                logger.exception("daily job %s failed", name)
                self.stderr.write(f"Échec de {name} : {exc}")
                failed.append(name)
        if failed:
            raise CommandError(f"Traitements en échec : {', '.join(failed)}")
        self.stdout.write("Traitements quotidiens terminés.")
