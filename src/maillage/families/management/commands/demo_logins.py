from django.core.management.base import BaseCommand

from maillage.families.demo_users import DEMO_ACCOUNTS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Affiche les comptes de démonstration (un par rôle) et leur mot de passe."

    def handle(self, *args: object, **options: object) -> None:
        from django.contrib.auth import get_user_model

        existing = set(
            get_user_model()
            .objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS])
            .values_list("email", flat=True)
        )
        self.stdout.write(
            "Comptes de démonstration (données fictives, usage de démonstration uniquement) :"
        )
        width = max(len(a.email) for a in DEMO_ACCOUNTS)
        for account in DEMO_ACCOUNTS:
            mark = "" if account.email in existing else "  (pas encore créé : lancez seed_demo)"
            self.stdout.write(f"  {account.email.ljust(width)}  {account.label}{mark}")
        self.stdout.write(f"Mot de passe commun de démonstration : {DEMO_PASSWORD}")
