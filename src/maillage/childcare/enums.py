from django.db import models


class ProviderKind(models.TextChoices):
    CHILDMINDER = "childminder", "Assistant(e) maternel(le) à domicile"
    MAM = "mam", "Maison d'assistants maternels (MAM)"
    NURSERY = "nursery", "Crèche"


class RegisterStatus(models.TextChoices):
    """Where a provider stands against the territory's register (PMI agréments, EAJE list)."""

    NONE = "", "Hors registre"
    LISTED = "listed", "Inscrit au registre"
    LEFT = "left", "Absent du dernier import (à confirmer)"
    REMOVED = "removed", "Sorti du registre"


class FieldSource(models.TextChoices):
    """Who last set a field: the register import or the provider herself."""

    REGISTER = "register", "Registre importé"
    PROVIDER = "provider", "Déclaré par le mode d'accueil"


class DisplayName(models.TextChoices):
    """How a childminder's name shows on her public page and in search results."""

    INITIAL = "initial", "« Assistante maternelle S. » (l'initiale de mon prénom)"
    FIRST_NAME = "first_name", "Mon prénom et l'initiale de mon nom (« Sophie M. »)"
    FULL_NAME = "full_name", "Mon prénom et mon nom"
    COMMUNE = "commune", "« Assistante maternelle à » suivi de ma commune, sans nom"


class NurseryKind(models.TextChoices):
    COLLECTIVE = "collective", "Crèche collective"
    MICRO = "micro", "Micro-crèche"
    MULTI = "multi", "Multi-accueil"
    FAMILY = "family", "Crèche familiale"
    HALTE = "halte", "Halte-garderie"


class StructureStatus(models.TextChoices):
    """Where a structure that signed up by itself stands; imported ones are validated."""

    PENDING = "pending", "En attente de validation"
    VALIDATED = "validated", "Validée"
    REFUSED = "refused", "Refusée"


class AgeGroupKind(models.TextChoices):
    BABIES = "babies", "Bébés (moins de 18 mois)"
    MIDDLE = "middle", "Moyens (18 à 30 mois)"
    OLDER = "older", "Grands (plus de 30 mois)"
    MIXED = "mixed", "Section mixte"


class CommissionMode(models.TextChoices):
    """How the engine allocates the places of a commission."""

    STABLE = "stable", "Stable (priorités respectées une à une)"
    OPTIMAL = "optimal", "Optimale (le plus de points de priorité placés)"


class CommissionStatus(models.TextChoices):
    RUNNING = "running", "Calcul en cours"
    DRAFT = "draft", "Proposition à ajuster"
    SENDING = "sending", "Envoi des propositions en cours"
    VALIDATED = "validated", "Décision validée"
    FAILED = "failed", "Échec du calcul"


class ProposalDecision(models.TextChoices):
    PROPOSED = "proposed", "Proposée"
    ACCEPTED = "accepted", "Acceptée"
    REFUSED = "refused", "Refusée"
    WAITLISTED = "waitlisted", "Liste d'attente"


class ProposalNote(models.TextChoices):
    """Why the manager adjusted a proposal: a closed list, never free text (no health data)."""

    NONE = "", "Aucune"
    PLACES = "places", "Places insuffisantes dans la section"
    SCHEDULE = "schedule", "Horaires à confirmer avec la famille"
    START_DATE = "start_date", "Date d'entrée à ajuster"
    SIBLINGS = "siblings", "Fratrie à accueillir ensemble"
    DOCUMENTS = "documents", "Justificatifs de situation à vérifier"
    BALANCE = "balance", "Équilibre des âges de la section"
