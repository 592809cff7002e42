from django.db import models


class ImportKind(models.TextChoices):
    CHILDMINDERS = "childminders", "Assistantes maternelles (registre des agréments PMI)"
    NURSERIES = "nurseries", "Crèches (EAJE)"
    MAMS = "mams", "Maisons d'assistants maternels (MAM)"


class ImportStatus(models.TextChoices):
    CHECKING = "checking", "Vérification en cours"
    PREVIEWED = "previewed", "Vérifié, prêt à importer"
    REJECTED = "rejected", "Refusé : lignes à corriger"
    IMPORTING = "importing", "Import en cours"
    IMPORTED = "imported", "Importé"
    FAILED = "failed", "Échec"
