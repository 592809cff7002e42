"""A childminder's prices, used for the families' cost estimates.

Imported by `maillage.childcare.models` (Django registers models from that module)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class ChildminderRate(models.Model):
    """Net hourly wage and daily allowances; without it, estimates use the national
    reference cost of the CMG."""

    childminder = models.OneToOneField(
        "childcare.Childminder", on_delete=models.CASCADE, related_name="rate"
    )
    hourly_wage = models.DecimalField(
        "salaire horaire net (€)",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(50)],
    )
    maintenance_per_day = models.DecimalField(
        "indemnité d'entretien par jour (€)",
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(50)],
    )
    meal_per_day = models.DecimalField(
        "frais de repas par jour (€)",
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(50)],
    )
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "tarif d'assistante maternelle"
        verbose_name_plural = "tarifs d'assistantes maternelles"

    def __str__(self) -> str:
        return f"Tarif de l'AM {self.childminder_id}"
