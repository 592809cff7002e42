"""Choices of the recruiting side: qualifications, contracts, paths, substitutes."""

from django.db import models


class Qualification(models.TextChoices):
    CAP_AEPE = "cap_aepe", "CAP Accompagnant éducatif petite enfance (AEPE)"
    AUXILIAIRE_PUERICULTURE = "auxiliaire_puericulture", "Auxiliaire de puériculture"
    EJE = "eje", "Éducateur(rice) de jeunes enfants (EJE)"
    INFIRMIER_PUERICULTEUR = "infirmier_puericulteur", "Infirmier(ère) puériculteur(rice)"
    # Seed 004: the Ministry of Labour's level-4 title, with an educational focus (AFPA).
    TITRE_PRO_4 = "titre_pro_4", "Titre professionnel petite enfance (niveau 4)"
    AGREMENT_AM = "agrement_am", "Agrément d'assistant(e) maternel(le)"
    NONE = "none", "Sans diplôme du secteur"


# Order of qualification in a crèche (higher = more qualified); the agrément is separate.
QUALIFICATION_LEVEL: dict[str, int] = {
    Qualification.NONE: 0,
    Qualification.AGREMENT_AM: 0,
    Qualification.CAP_AEPE: 1,
    Qualification.TITRE_PRO_4: 1,
    Qualification.AUXILIAIRE_PUERICULTURE: 2,
    Qualification.EJE: 3,
    Qualification.INFIRMIER_PUERICULTEUR: 3,
}


class RomePertinence(models.TextChoices):
    CORE = "coeur", "Cœur de métier"
    RELATED = "connexe", "Métier connexe"


class ContractType(models.TextChoices):
    CDI = "cdi", "CDI"
    CDD = "cdd", "CDD"
    INTERIM = "interim", "Intérim"
    APPRENTICESHIP = "apprentissage", "Apprentissage"
    SUBSTITUTE = "remplacement", "Remplacement"


class Transport(models.TextChoices):
    CAR = "car", "Voiture"
    PUBLIC = "public", "Transports en commun"
    BIKE = "bike", "Vélo"
    WALK = "walk", "À pied"


class Funding(models.TextChoices):
    FRANCE_TRAVAIL = "france_travail", "France Travail (AIF, POEI…)"
    REGION = "region", "Région"
    CPF = "cpf", "Compte personnel de formation"
    EMPLOYER = "employer", "Employeur (OPCO, apprentissage)"
    FREE = "free", "Gratuit"
    OTHER = "other", "Autre"


class MeetingKind(models.TextChoices):
    AGREMENT_INFO = "agrement_info", "Réunion d'information agrément"
    DISCOVERY = "discovery", "Événement découverte des métiers"
    JOBS_INFO = "jobs_info", "Information collective métiers"
    FORUM = "forum", "Forum de l'emploi"
    DISCOVERY_DAY = "discovery_day", "Journée découverte"
    ESCAPE_GAME = "escape_game", "Escape game « Cap vers l'enfance »"
    CARAVAN = "caravan", "Caravane des métiers (plusieurs étapes)"


class OfferStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    PUBLISHED = "published", "Publiée"
    CLOSED = "closed", "Clôturée"


class PathStageKind(models.TextChoices):
    INFORMATION = "information", "Information"
    DISCOVERY = "discovery", "Découverte"
    IMMERSION = "immersion", "Immersion (PMSMP)"
    TRAINING = "training", "Formation"
    QUALIFICATION = "qualification", "Diplôme ou agrément"
    EMPLOYMENT = "employment", "Emploi ou activité d'assistant(e) maternel(le)"


class PathKind(models.TextChoices):
    DISCOVERY = "discovery", "Parcours découverte"
    AGREMENT = "agrement", "Parcours d'accès à l'agrément"
    QUALIFICATION = "qualification", "Parcours qualifiant"


class StageStatus(models.TextChoices):
    PLANNED = "planned", "À venir"
    IN_PROGRESS = "in_progress", "En cours"
    COMPLETED = "completed", "Terminée"
    DROPPED = "dropped", "Abandonnée"


class PathStatus(models.TextChoices):
    ACTIVE = "active", "En cours"
    COMPLETED = "completed", "Terminé"
    DROPPED_OUT = "dropped_out", "Abandonné"


class DropOutReason(models.TextChoices):
    CHILDCARE = "childcare", "Pas de solution de garde"
    TRANSPORT = "transport", "Transport, mobilité"
    HEALTH = "health", "Santé"
    MONEY = "money", "Difficultés financières"
    JOB_ELSEWHERE = "job_elsewhere", "Emploi trouvé dans un autre secteur"
    PROJECT_CHANGED = "project_changed", "Projet professionnel modifié"
    OTHER = "other", "Autre"


class SubstituteRequestStatus(models.TextChoices):
    OPEN = "open", "Ouverte"
    PARTIALLY_FILLED = "partially_filled", "Partiellement pourvue"
    FILLED = "filled", "Pourvue"
    CANCELLED = "cancelled", "Annulée"
    EXPIRED = "expired", "Expirée"


class NotificationResponse(models.TextChoices):
    PENDING = "pending", "En attente"
    ACCEPTED = "accepted", "Acceptée"
    DECLINED = "declined", "Déclinée"
    TOO_LATE = "too_late", "Déjà pourvue"


class AssignmentStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmée"
    CANCELLED = "cancelled", "Annulée"


class RatioModeChoice(models.TextChoices):
    """How the staffing ratio is computed (values of jobs.ratio.RatioMode)."""

    BY_WALKING = "by_walking", "1 pour 5 enfants qui ne marchent pas, 1 pour 8 qui marchent"
    AVERAGE = "average", "1 professionnel pour N enfants en moyenne (1 pour 6 par défaut)"


class ApplicationStatus(models.TextChoices):
    SENT = "sent", "Envoyée"
    SEEN = "seen", "Vue par l'employeur"
    INTERVIEW = "interview", "Entretien proposé"
    HIRED = "hired", "Recrutée ou acceptée"
    REFUSED = "refused", "Refusée"
    WITHDRAWN = "withdrawn", "Retirée par la candidate"


# The statuses an application may come from, for each transition (conditional UPDATEs).
APPLICATION_OPEN = (ApplicationStatus.SENT, ApplicationStatus.SEEN, ApplicationStatus.INTERVIEW)


class ApplicationTarget(models.TextChoices):
    JOB_OFFER = "job_offer", "Offre d'emploi"
    IMMERSION = "immersion", "Immersion (PMSMP)"
    TRAINING = "training", "Formation"


class RefusalReason(models.TextChoices):
    POST_FILLED = "post_filled", "Le poste est déjà pourvu"
    QUALIFICATION = "qualification", "Le diplôme demandé n'est pas détenu"
    HOURS = "hours", "Les horaires ne correspondent pas"
    DISTANCE = "distance", "Le lieu de travail est trop éloigné"
    EXPERIENCE = "experience", "L'expérience ne correspond pas au poste"
    NO_ANSWER = "no_answer", "La candidate n'a pas répondu"
    OTHER = "other", "Autre motif"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "En attente de sa réponse"
    ACCEPTED = "accepted", "Elle a postulé"
    DECLINED = "declined", "Elle a décliné"


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", "Inscrite"
    WAITLISTED = "waitlisted", "Sur liste d'attente"
    CANCELLED = "cancelled", "Annulée"


class TrainingKind(models.TextChoices):
    """Seed 004, sheet 2.3: initial and continuing training, and VAE."""

    QUALIFYING = "qualifying", "Formation qualifiante"
    CONTINUING = "continuing", "Formation continue (professionnel·les en poste)"
    VAE = "vae", "VAE (validation des acquis de l'expérience)"
