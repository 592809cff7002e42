"""What a parent chose to keep for her cost estimates (only if she asks).

Imported by `maillage.families.models` (Django registers models from that module)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class FamilyBudget(models.Model):
    """Monthly resources and dependent children, kept at the parent's request only."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="family_budget"
    )
    monthly_resources = models.DecimalField(
        "ressources mensuelles (€)",
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    children = models.PositiveSmallIntegerField(
        "enfants à charge", validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    aeeh = models.BooleanField("un enfant bénéficie de l'AEEH", default=False)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "ressources de la famille"
        verbose_name_plural = "ressources des familles"

    def __str__(self) -> str:
        return f"Ressources de {self.user_id}"
