"""Cron: close the substitute requests whose dates are over, and send the waves due."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from maillage.jobs.services.substitutes import substitute_requests_expire
from maillage.jobs.services.waves import substitute_waves_run


class Command(BaseCommand):
    help = "Expire les demandes de remplacement passées (et envoie les vagues dues avec --waves)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--waves",
            action="store_true",
            help="Solliciter aussi la vague suivante du vivier pour les demandes non pourvues.",
        )

    def handle(self, *args, **options):
        expired = substitute_requests_expire(today=timezone.localdate())
        self.stdout.write(f"{expired} demande(s) de remplacement expirée(s).")
        if options["waves"]:
            notified = substitute_waves_run(now=timezone.now())
            self.stdout.write(f"{notified} personne(s) du vivier sollicitée(s).")
