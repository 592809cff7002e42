from maillage.childcare.tasks import send_availability_reminders
from maillage.core.task_command import TaskCommand


class Command(TaskCommand):
    help = (
        "Envoie un rappel aux assistant(e)s maternel(le)s dont les disponibilités sont anciennes."
    )
    task = send_availability_reminders
    done = "{count} rappel(s) envoyé(s)."
