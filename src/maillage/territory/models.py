from __future__ import annotations

from django.db import models

from maillage.territory.querysets import CommuneQuerySet


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)
    population = models.PositiveIntegerField("population municipale", default=0)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    contour = models.TextField("contour GeoJSON simplifié", blank=True, default="")

    class Meta:
        verbose_name = "région"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Departement(models.Model):
    code = models.CharField("code", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements")
    chef_lieu = models.CharField("chef-lieu (code INSEE)", max_length=5, blank=True)
    population = models.PositiveIntegerField("population municipale", default=0)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # Births per year as {"2024": n, ...}: département totals published by INSEE.
    births_by_year = models.JSONField("naissances par année", default=dict, blank=True)
    contour = models.TextField("contour GeoJSON simplifié", blank=True, default="")

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Commune(models.Model):
    code = models.CharField("code INSEE", max_length=5, primary_key=True)
    name = models.CharField("nom", max_length=100)
    # Lower-case, accent-free and punctuation-free copy of the name, for search.
    search_name = models.CharField(max_length=100, db_index=True)
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, related_name="communes"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="communes")
    population = models.PositiveIntegerField("population municipale", default=0)
    postcodes = models.CharField("codes postaux", max_length=200, blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    # Births per year as {"2024": n, ...} (INSEE état civil, domiciled births).
    births_by_year = models.JSONField("naissances par année", default=dict, blank=True)
    # Births of the last three available years: the estimate of children under 3.
    children_under_3 = models.PositiveIntegerField("enfants de moins de 3 ans (estimés)", default=0)
    contour = models.TextField("contour GeoJSON simplifié", blank=True, default="")

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        ordering = ["code"]
        indexes = [models.Index(fields=["postcodes"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.departement_id})"
