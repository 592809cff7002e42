from django.core.management.base import BaseCommand

from maillage.outcomes.tasks import send_outcome_questionnaires


class Command(BaseCommand):
    help = "Envoie aux parents le court questionnaire de retour à l'emploi (points d'étape échus)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Mettre la tâche en file d'attente au lieu de l'exécuter tout de suite.",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if options["enqueue"]:
            result = send_outcome_questionnaires.enqueue()
            self.stdout.write(f"Tâche mise en file d'attente : {result.id}")
            return
        sent = send_outcome_questionnaires.call()
        self.stdout.write(f"{sent} questionnaire(s) envoyé(s).")
