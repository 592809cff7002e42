from maillage.core.task_command import TaskCommand
from maillage.onboarding.tasks import send_invitation_reminders


class Command(TaskCommand):
    help = (
        "Relance une fois les prestataires invités il y a 14 jours qui n'ont pas encore "
        "réclamé leur compte."
    )
    task = send_invitation_reminders
    done = "{count} relance(s) envoyée(s)."
