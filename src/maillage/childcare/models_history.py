"""Dated history of the supply: every change of a provider's authorised places.

Imported by `maillage.childcare.models`. The observatory sums it into "places créées" and
"places supprimées" per year; each row says where, what kind of provider, by how much and
from which source (an edit by the provider, an import, the agrément path).
"""

from __future__ import annotations

from django.db import models


class SupplySource(models.TextChoices):
    EDIT = "edit", "Saisie du mode d'accueil"
    IMPORT = "import", "Import du registre"
    PATH = "path", "Fin du parcours d'agrément"


class PlaceChange(models.Model):
    at = models.DateTimeField("le", db_index=True)
    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name="commune"
    )
    provider_kind = models.CharField("mode d'accueil", max_length=12)  # ProviderKind value
    provider_id = models.PositiveBigIntegerField("identifiant du mode d'accueil")
    delta = models.IntegerField("places ajoutées (négatif : supprimées)")
    source = models.CharField("origine", max_length=10, choices=SupplySource.choices)

    class Meta:
        verbose_name = "évolution de l'offre"
        verbose_name_plural = "évolutions de l'offre"
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(delta=0), name="place_change_not_zero")
        ]

    def __str__(self) -> str:
        return f"{self.delta:+d} places ({self.provider_kind}) le {self.at:%d/%m/%Y}"
