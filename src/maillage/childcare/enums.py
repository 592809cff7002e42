from django.db import models


class ProviderKind(models.TextChoices):
    CHILDMINDER = "childminder", "Assistant(e) maternel(le) à domicile"
    MAM = "mam", "Maison d'assistants maternels (MAM)"
    NURSERY = "nursery", "Crèche"


class NurseryKind(models.TextChoices):
    COLLECTIVE = "collective", "Crèche collective"
    MICRO = "micro", "Micro-crèche"
    MULTI = "multi", "Multi-accueil"
    FAMILY = "family", "Crèche familiale"
    HALTE = "halte", "Halte-garderie"


class AgeGroupKind(models.TextChoices):
    BABIES = "babies", "Bébés (moins de 18 mois)"
    MIDDLE = "middle", "Moyens (18 à 30 mois)"
    OLDER = "older", "Grands (plus de 30 mois)"
    MIXED = "mixed", "Section mixte"
