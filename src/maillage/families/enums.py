from django.db import models


class NeedStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    OPEN = "open", "En recherche"
    MATCHED = "matched", "Place confirmée"
    CLOSED = "closed", "Clos"
    CANCELLED = "cancelled", "Annulé"


class SituationFlag(models.TextChoices):
    """The family situations used by priority grids (each is a boolean field of Need)."""

    JOB_SEEKER = "job_seeker", "Parent demandeur d'emploi"
    IN_TRAINING = "in_training", "Parent en formation"
    EMPLOYED = "employed", "Parent en emploi"
    SINGLE_PARENT = "single_parent", "Famille monoparentale"
    SOCIAL_MINIMA = "social_minima", "Bénéficiaire de minima sociaux"
    CHILD_DISABILITY = "child_disability", "Enfant en situation de handicap"
    SIBLING_PLACED = "sibling_placed", "Frère ou sœur déjà accueilli(e)"
    COUNSELLOR_REFERRAL = "counsellor_referral", "Orientation par un conseiller"


class ContactRequestStatus(models.TextChoices):
    PENDING = "pending", "En attente de réponse"
    ACCEPTED = "accepted", "Acceptée"
    DECLINED = "declined", "Refusée"
    DATE_PROPOSED = "date_proposed", "Autre date proposée"
    CANCELLED = "cancelled", "Annulée"
    CONFIRMED = "confirmed", "Place confirmée"
    EXPIRED = "expired", "Expirée"


class DeclineReason(models.TextChoices):
    """Why a provider declines: closed list, so that nobody writes about a child's health."""

    NO_PLACE = "no_place", "Plus de place disponible"
    SCHEDULE = "schedule", "Horaires incompatibles"
    AGE = "age", "Âge de l'enfant hors agrément ou hors section"
    START_DATE = "start_date", "Date de début incompatible"
    DISTANCE = "distance", "Trop éloigné"
    OTHER = "other", "Autre raison"


class VisitStatus(models.TextChoices):
    """A "rencontre" proposed by the provider before the place is confirmed."""

    PROPOSED = "proposed", "Proposée"
    ACCEPTED = "accepted", "Acceptée"
    OTHER_DATE_ASKED = "other_date", "Autre date demandée"
    CANCELLED = "cancelled", "Annulée"


class MessageSide(models.TextChoices):
    FAMILY = "family", "Famille"
    PROVIDER = "provider", "Mode d'accueil"
