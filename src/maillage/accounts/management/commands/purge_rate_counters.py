"""Delete the rate counters of ended windows (run daily by `daily_jobs`)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from maillage.accounts.rate_counters import rate_counters_purge


class Command(BaseCommand):
    help = "Supprime les compteurs de fréquence des fenêtres terminées (recherche publique)."

    def handle(self, *args: object, **options: object) -> None:
        deleted = rate_counters_purge()
        self.stdout.write(f"{deleted} compteur(s) supprimé(s).")
