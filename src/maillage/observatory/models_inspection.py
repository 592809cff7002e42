"""The PMI inspection plan: visits of crèches planned and carried out (seed 004, sheet 1.1,
"réalisation du plan de contrôle coordonné"). Imported by `maillage.observatory.models`."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class InspectionVisit(models.Model):
    nursery = models.ForeignKey(
        "childcare.Nursery",
        on_delete=models.CASCADE,
        related_name="inspections",
        verbose_name="crèche",
    )
    planned_on = models.DateField("prévue le")
    done_on = models.DateField("réalisée le", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "visite de contrôle"
        verbose_name_plural = "visites de contrôle"
        ordering = ["planned_on", "pk"]

    def __str__(self) -> str:
        return f"Contrôle de {self.nursery} prévu le {self.planned_on:%d/%m/%Y}"
