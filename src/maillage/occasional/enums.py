from django.db import models


class OccasionalReason(models.TextChoices):
    INTERVIEW = "interview", "Entretien d'embauche"
    TRAINING_DAY = "training_day", "Journée de formation"
    TRIAL_WEEK = "trial_week", "Semaine d'essai"
    OTHER = "other", "Autre"


class OccasionalRequestStatus(models.TextChoices):
    OPEN = "open", "En recherche"
    PARTIAL = "partial", "En partie couverte"
    COVERED = "covered", "Toutes les journées sont couvertes"
    CANCELLED = "cancelled", "Annulée"


class RequestDayStatus(models.TextChoices):
    OPEN = "open", "En attente d'une structure"
    BOOKED = "booked", "Accueil confirmé"
    CANCELLED = "cancelled", "Annulée"


class HalfDay(models.TextChoices):
    MORNING = "morning", "Matin"
    AFTERNOON = "afternoon", "Après-midi"
    DAY = "day", "Journée"
    HOURS = "hours", "Horaires précis"


class ProposalResponse(models.TextChoices):
    PENDING = "pending", "En attente"
    ACCEPTED = "accepted", "Acceptée"
    DECLINED = "declined", "Refusée"
    TOO_LATE = "too_late", "Prise par une autre structure"
