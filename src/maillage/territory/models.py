from __future__ import annotations

from django.db import models

from maillage.territory.enums import IntercommunalityKind
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


class Intercommunality(models.Model):
    """An EPCI with its own taxation (CC, CA, CU, métropole) or a Grand Paris EPT.

    A commune belongs to exactly one EPCI (four island communes to none) and, in the Métropole du
    Grand Paris, also to one EPT: the EPT is the level where crèche policy is steered there."""

    code = models.CharField("SIREN", max_length=9, primary_key=True)
    name = models.CharField("nom", max_length=150)
    kind = models.CharField("nature", max_length=5, choices=IntercommunalityKind.choices)
    population = models.PositiveIntegerField("population municipale", default=0)
    # The département holding most of its population: EPCIs may straddle a boundary.
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, related_name="intercommunalities"
    )

    class Meta:
        verbose_name = "intercommunalité"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_ept(self) -> bool:
        return self.kind == IntercommunalityKind.EPT


class Commune(models.Model):
    code = models.CharField("code INSEE", max_length=5, primary_key=True)
    name = models.CharField("nom", max_length=100)
    # Lower-case, accent-free and punctuation-free copy of the name, for search.
    search_name = models.CharField(max_length=100, db_index=True)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")
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
    epci = models.ForeignKey(
        Intercommunality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communes",
        verbose_name="EPCI",
    )
    ept = models.ForeignKey(
        Intercommunality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ept_communes",
        verbose_name="établissement public territorial",
    )

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        ordering = ["code"]
        indexes = [models.Index(fields=["postcodes"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.departement_id})"

    @property
    def label(self) -> str:
        """'Saint-Denis (93 · 93200, 93210)', for choices; long postcode lists are cut."""
        postcodes = self.postcodes.split()
        shown = ", ".join(postcodes[:3]) + ("…" if len(postcodes) > 3 else "")
        return f"{self.name} ({self.departement_id} · {shown})" if shown else str(self)


class CafCoverageRate(models.Model):
    """CNAF coverage rate of formal early-childhood care, per département and year.

    Places offered in December of the year per 100 children under 3 (ONAPE indicator).
    ``departement_code`` stays a plain code: the CNAF also publishes Saint-Barthélemy (977)
    and Saint-Martin (978), which are not départements of the referential; Mayotte (976) is
    not published.
    """

    departement_code = models.CharField("code département CAF", max_length=3)
    year = models.PositiveSmallIntegerField("année")
    departement_name = models.CharField("nom (CAF)", max_length=100, blank=True)
    txcouv_eaje_psu = models.FloatField("EAJE financés par la PSU", null=True, blank=True)
    txcouv_eaje_hors_psu = models.FloatField("EAJE hors PSU", null=True, blank=True)
    txcouv_eaje = models.FloatField("EAJE (ensemble)", null=True, blank=True)
    txcouv_prescolarisation = models.FloatField("préscolarisation", null=True, blank=True)
    txcouv_assistante_maternelle = models.FloatField(
        "assistantes maternelles", null=True, blank=True
    )
    txcouv_garde_domicile = models.FloatField("garde à domicile", null=True, blank=True)
    txcouv_accueil_individuel = models.FloatField("accueil individuel", null=True, blank=True)
    txcouv_global = models.FloatField("taux de couverture global", null=True, blank=True)
    source = models.CharField("jeu de données CNAF", max_length=40, blank=True)

    class Meta:
        verbose_name = "taux de couverture CAF"
        verbose_name_plural = "taux de couverture CAF"
        ordering = ["departement_code", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["departement_code", "year"], name="territory_caf_rate_dep_year_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.departement_code} {self.year} : {self.txcouv_global}"
