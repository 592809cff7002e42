from django.db import models


class Checkpoint(models.TextChoices):
    START = "start", "Début de l'accueil"
    M1 = "m1", "1 mois"
    M3 = "m3", "3 mois"
    M6 = "m6", "6 mois"


# Months after the start of care at which each checkpoint falls due.
CHECKPOINT_MONTHS = {Checkpoint.START: 0, Checkpoint.M1: 1, Checkpoint.M3: 3, Checkpoint.M6: 6}
LATER_CHECKPOINTS = (Checkpoint.M1, Checkpoint.M3, Checkpoint.M6)


class Situation(models.TextChoices):
    EMPLOYED = "employed", "En emploi"
    TRAINING = "training", "En formation"
    JOB_SEEKING = "job_seeking", "En recherche d'emploi"
    INACTIVE = "inactive", "Sans activité"


AT_WORK = (Situation.EMPLOYED, Situation.TRAINING)


class JobChange(models.TextChoices):
    STARTED = "started", "A commencé un emploi ou une formation"
    KEPT = "kept", "A gardé son emploi ou sa formation"
    LOST = "lost", "A perdu son emploi ou arrêté sa formation"
    NONE = "none", "Ni emploi ni formation depuis le dernier point"


class AnsweredBy(models.TextChoices):
    COUNSELLOR = "counsellor", "Saisi par le conseiller ou la conseillère"
    PARENT = "parent", "Répondu par le parent (questionnaire)"
