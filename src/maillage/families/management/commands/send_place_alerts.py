"""`manage.py send_place_alerts`: the daily check of the « prévenez-moi » alerts (also run
when a provider updates her availability)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from maillage.families.alerts import place_alerts_check


class Command(BaseCommand):
    help = "Prévient les familles dont l'alerte trouve une place (un e-mail par alerte)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = place_alerts_check()
        self.stdout.write(f"{sent} famille(s) prévenue(s).")
