from django.db import models


class SupplySource(models.TextChoices):
    PLATFORM = "platform", "Plateforme Maillage"
    IMPORT = "import", "Import de chiffres d'offre"


class TerritoryLevel(models.TextChoices):
    COMMUNE = "commune", "Commune"
    DEPARTEMENT = "departement", "Département"
    EPCI = "epci", "Intercommunalité (EPCI ou EPT)"
    REGION = "region", "Région"
    FRANCE = "france", "France"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "À lancer"
    IN_PROGRESS = "in_progress", "En cours"
    DONE = "done", "Réalisée"
    ON_HOLD = "on_hold", "Suspendue"
    ABANDONED = "abandoned", "Abandonnée"


class SdsfAxis(models.IntegerChoices):
    OFFER = (
        1,
        "Axe 1 — Développement de l'offre petite enfance et parentalité, rééquilibrage territorial",
    )
    JOBS = 2, "Axe 2 — Formation et attractivité des métiers de la petite enfance"
    AXIS_3 = 3, "Axe 3"
    AXIS_4 = 4, "Axe 4"
    AXIS_5 = 5, "Axe 5"
