"""The Relais Petite Enfance (RPE) directory: who informs families and childminders of a
commune, with how to reach them. Imported from CSV (`import_rpe`, docs/imports.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from maillage.territory.models import Commune


class RelaisQuerySet(models.QuerySet["RelaisPetiteEnfance"]):
    def covering(self, commune: Commune | int | str | None) -> RelaisQuerySet:
        """The relais covering this commune (a Commune or its INSEE code), by name."""
        if commune is None:
            return self.none()
        code = getattr(commune, "pk", commune)
        return self.filter(communes=code).order_by("name", "pk")


class RelaisPetiteEnfance(models.Model):
    code = models.CharField(
        "identifiant",
        max_length=40,
        unique=True,
        help_text="Identifiant stable du relais dans le fichier importé (clé de mise à jour).",
    )
    name = models.CharField("nom", max_length=200)
    communes = models.ManyToManyField(
        "territory.Commune", related_name="relais", verbose_name="communes couvertes"
    )
    address = models.CharField("adresse", max_length=300, blank=True)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    opening_hours = models.TextField("horaires d'ouverture", blank=True)
    website = models.URLField("site internet", blank=True)
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    objects = RelaisQuerySet.as_manager()

    class Meta:
        verbose_name = "Relais Petite Enfance"
        verbose_name_plural = "Relais Petite Enfance"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
