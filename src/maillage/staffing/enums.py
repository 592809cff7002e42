from django.db import models


class ContractType(models.TextChoices):
    CDI = "cdi", "CDI (ou titulaire)"
    CDD = "cdd", "CDD"
    INTERIM = "interim", "Intérim"
    SUBSTITUTE = "substitute", "Remplacement ou vacation"
    APPRENTICE = "apprentice", "Apprentissage"


class AbsenceKind(models.TextChoices):
    """Why a professional is away: a category, never a health detail."""

    LEAVE = "leave", "Congé"
    TRAINING = "training", "Formation"
    SICK_LEAVE = "sick_leave", "Arrêt de travail"
    OTHER = "other", "Autre absence"


# Weekdays as stored in StaffMember.working_days: Monday first.
WEEKDAY_LABELS = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche")
