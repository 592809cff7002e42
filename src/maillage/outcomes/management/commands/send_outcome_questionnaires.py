from maillage.core.task_command import TaskCommand
from maillage.outcomes.tasks import send_outcome_questionnaires


class Command(TaskCommand):
    help = "Envoie aux parents le court questionnaire de retour à l'emploi (points d'étape échus)."
    task = send_outcome_questionnaires
    done = "{count} questionnaire(s) envoyé(s)."
