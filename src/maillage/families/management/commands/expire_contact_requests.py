from django.core.management.base import BaseCommand

from maillage.families.services import contact_requests_expire


class Command(BaseCommand):
    help = "Passe en « expirée » les demandes de mise en relation restées sans réponse."

    def handle(self, *args: object, **options: object) -> None:
        count = contact_requests_expire()
        self.stdout.write(f"{count} demande(s) expirée(s).")
