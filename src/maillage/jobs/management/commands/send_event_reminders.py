from maillage.core.task_command import TaskCommand
from maillage.jobs.tasks import send_event_reminders


class Command(TaskCommand):
    help = "Envoie le rappel de la veille aux personnes inscrites aux événements de demain."
    task = send_event_reminders
    done = "Rappels envoyés : {count}."
