from django.db import models


class Role(models.TextChoices):
    PARENT = "parent", "Parent"
    CHILDMINDER = "childminder", "Assistant(e) maternel(le)"
    NURSERY_MANAGER = "nursery_manager", "Responsable de crèche"
    CANDIDATE = "candidate", "Candidat(e) aux métiers de la petite enfance"
    COUNSELLOR = "counsellor", "Conseiller(ère)"
    ANALYST = "analyst", "Chargé(e) d'études territoriales"
    TERRITORY_ADMIN = (
        "territory_admin",
        "Administrateur(rice) de territoire (Caf, PMI, Département)",
    )
    ADMIN = "admin", "Administrateur(rice)"


class Organisation(models.TextChoices):
    NONE = "", "Aucune"
    FRANCE_TRAVAIL = "france_travail", "France Travail"
    CAF = "caf", "Caf"
    RPE = "rpe", "Relais Petite Enfance"
    DEPARTEMENT = "departement", "Conseil départemental"
    COMMUNE = "commune", "Commune"
    EPT = "ept", "Établissement public territorial (EPT)"
    REGION = "region", "Conseil régional"
    STATE = "state", "Services de l'État (DRIEETS, préfecture)"
    MANAGERS = "managers", "Gestionnaires d'EAJE"
    # Seed 004, sheet 2.3: their staff prescribe (follow and orient candidates) like counsellors.
    MISSION_LOCALE = "mission_locale", "Mission locale"
    CAP_EMPLOI = "cap_emploi", "Cap emploi"
    IAE = "iae", "Structure de l'insertion par l'activité économique (IAE)"
    GEIQ = "geiq", "Groupement d'employeurs pour l'insertion et la qualification (GEIQ)"
    OPCO = "opco", "Opérateur de compétences (OPCO)"


# Organisations whose staff, with a counsellor account, prescribe trainings, immersions and
# paths to the candidates they follow.
PRESCRIBER_ORGANISATIONS = (
    Organisation.FRANCE_TRAVAIL,
    Organisation.MISSION_LOCALE,
    Organisation.CAP_EMPLOI,
    Organisation.IAE,
    Organisation.GEIQ,
    Organisation.OPCO,
    Organisation.RPE,
    Organisation.DEPARTEMENT,
)


# Roles a visitor may choose at sign-up; the others are granted by an administrator.
SELF_SERVICE_ROLES = (Role.PARENT, Role.CHILDMINDER, Role.NURSERY_MANAGER, Role.CANDIDATE)

# Roles that work on territories (départements and/or communes).
TERRITORIAL_ROLES = (Role.COUNSELLOR, Role.ANALYST, Role.TERRITORY_ADMIN)

# Plain-French explanation of each self-service role, shown on the sign-up form.
ROLE_DESCRIPTIONS: dict[str, str] = {
    Role.PARENT: (
        "Vous cherchez une assistante maternelle ou une place en crèche pour votre enfant."
    ),
    Role.CHILDMINDER: (
        "Vous êtes agréé(e) par le Département et vous accueillez des enfants chez vous "
        "ou en maison d'assistants maternels (MAM)."
    ),
    Role.NURSERY_MANAGER: (
        "Vous dirigez une crèche (EAJE) : vous publiez vos places et recrutez des remplaçants."
    ),
    Role.CANDIDATE: (
        "Vous cherchez un emploi, une immersion ou une formation dans la petite enfance."
    ),
}
