from django.core.management.base import BaseCommand

from maillage.childcare.tasks import send_availability_reminders


class Command(BaseCommand):
    help = (
        "Envoie un rappel aux assistant(e)s maternel(le)s dont les disponibilités sont anciennes."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Mettre la tâche en file d'attente au lieu de l'exécuter tout de suite.",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if options["enqueue"]:
            result = send_availability_reminders.enqueue()
            self.stdout.write(f"Tâche mise en file d'attente : {result.id}")
            return
        sent = send_availability_reminders.call()
        self.stdout.write(f"{sent} rappel(s) envoyé(s).")
