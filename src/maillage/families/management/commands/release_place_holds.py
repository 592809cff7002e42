from maillage.core.task_command import TaskCommand
from maillage.families.tasks import release_expired_place_holds


class Command(TaskCommand):
    help = "Libère les places retenues pour une rencontre dont le délai est dépassé."
    task = release_expired_place_holds
    done = "{count} place(s) retenue(s) libérée(s)."
