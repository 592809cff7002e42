"""Observatory data: imported supply figures, precomputed indicators, SDSF action sheets."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from maillage.observatory.enums import ActionStatus, SdsfAxis, SupplySource, TerritoryLevel


class SupplyFigure(models.Model):
    """Supply of one commune for one year, from the platform or from an import (CSV)."""

    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.CASCADE, related_name="supply_figures"
    )
    source = models.CharField("source", max_length=20, choices=SupplySource.choices)
    year = models.PositiveSmallIntegerField("année")
    places_childminders = models.PositiveIntegerField("places d'assistants maternels", default=0)
    places_nurseries = models.PositiveIntegerField("places en crèche", default=0)
    childminders = models.PositiveIntegerField("assistants maternels", default=0)
    # {"moins_de_30": n, "30_39": n, ...}: see observatory.cliff.AGE_BANDS.
    childminders_by_age_band = models.JSONField(
        "assistants maternels par tranche d'âge", default=dict, blank=True
    )
    source_label = models.CharField("origine des chiffres", max_length=200, blank=True)
    imported_at = models.DateTimeField("importé le", auto_now=True)

    class Meta:
        verbose_name = "chiffres d'offre"
        verbose_name_plural = "chiffres d'offre"
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "source", "year"], name="supply_figure_unique_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.year} ({self.get_source_display()})"


class IndicatorSnapshot(models.Model):
    """Precomputed indicators of one territory (see services.indicators_recompute)."""

    level = models.CharField("niveau", max_length=20, choices=TerritoryLevel.choices)
    code = models.CharField("code", max_length=9)
    computed_at = models.DateTimeField("calculé le")
    values = models.JSONField("valeurs", default=dict)

    class Meta:
        verbose_name = "indicateurs d'un territoire"
        verbose_name_plural = "indicateurs des territoires"
        constraints = [
            models.UniqueConstraint(fields=["level", "code"], name="indicator_snapshot_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.code}"


class IndicatorHistory(models.Model):
    """Indicators of a département, a région or France on one computation date.

    One row per territory and day (the last computation of the day wins): the trend charts
    read it. Communes are not kept (35,000 rows a day for figures nobody charts).
    """

    level = models.CharField("niveau", max_length=20, choices=TerritoryLevel.choices)
    code = models.CharField("code", max_length=9)
    date = models.DateField("date du calcul")
    values = models.JSONField("valeurs", default=dict)

    class Meta:
        verbose_name = "historique des indicateurs"
        verbose_name_plural = "historique des indicateurs"
        ordering = ["level", "code", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "date"], name="indicator_history_unique_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.code} {self.date}"


class SdsfAction(models.Model):
    """A fiche action of the schéma départemental des services aux familles (SDSF)."""

    departement = models.ForeignKey(
        "territory.Departement", on_delete=models.PROTECT, related_name="sdsf_actions"
    )
    axis = models.PositiveSmallIntegerField(
        "axe", choices=SdsfAxis.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    number = models.CharField(
        "numéro de fiche",
        max_length=10,
        validators=[RegexValidator(r"^[1-5]\.\d{1,2}$", "Numéro attendu : 2.1, 3.4…")],
    )
    title = models.CharField("intitulé", max_length=300)
    pilot = models.CharField("pilote de la fiche", max_length=200)
    partners = models.TextField("acteurs principaux", blank=True)
    # One priority per line.
    priorities = models.TextField("priorités identifiées (une par ligne)", blank=True)
    # Keys of observatory.indicators.METRICS.
    indicator_keys = models.JSONField("indicateurs suivis", default=list, blank=True)
    status = models.CharField(
        "état d'avancement",
        max_length=20,
        choices=ActionStatus.choices,
        default=ActionStatus.PLANNED,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "fiche action du schéma"
        verbose_name_plural = "fiches actions du schéma"
        ordering = ["departement", "axis", "number"]
        constraints = [
            models.UniqueConstraint(fields=["departement", "number"], name="sdsf_action_unique")
        ]

    def __str__(self) -> str:
        return f"Fiche {self.number} — {self.title}"

    @property
    def priority_list(self) -> list[str]:
        return [line.strip(" •-\t") for line in self.priorities.splitlines() if line.strip(" •-\t")]


class SdsfAxisName(models.Model):
    """The name a département gives to one of the five axes of its SDSF (editable by its
    territory administrators and analysts)."""

    departement = models.ForeignKey(
        "territory.Departement", on_delete=models.CASCADE, related_name="sdsf_axes"
    )
    axis = models.PositiveSmallIntegerField(
        "axe", choices=SdsfAxis.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    name = models.CharField("intitulé de l'axe", max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "axe du schéma"
        verbose_name_plural = "axes du schéma"
        ordering = ["departement", "axis"]
        constraints = [
            models.UniqueConstraint(fields=["departement", "axis"], name="sdsf_axis_name_unique")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"Axe {self.axis} — {self.name}" if self.name else f"Axe {self.axis}"


class ActionProgressNote(models.Model):
    action = models.ForeignKey(SdsfAction, on_delete=models.CASCADE, related_name="notes")
    date = models.DateField("date")
    text = models.TextField("point d'avancement")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "point d'avancement"
        verbose_name_plural = "points d'avancement"
        ordering = ["-date", "-created_at"]

    def __str__(self) -> str:
        return f"{self.date} — {self.action.number}"


class DisclosureTable(models.Model):
    """Published counts of one page table after small-count protection (services.disclosure).

    ``scope`` is "FR" for the national table (rows = départements) or a département code (rows
    = its communes); ``version`` is the ``computed_at`` of the snapshots it protects (the
    France snapshot, rewritten by every recompute): a row of an older version is ignored.
    Written after each recompute (national table at once, départements by background tasks)
    so that a page only reads it.
    """

    scope = models.CharField("périmètre", max_length=5)
    threshold = models.PositiveSmallIntegerField("seuil")
    version = models.DateTimeField("version des indicateurs")
    # {territory code: {count key: published value or null}}
    cells = models.JSONField("cases publiées", default=dict)
    computed_at = models.DateTimeField("calculé le", auto_now=True)

    class Meta:
        verbose_name = "tableau protégé (secret statistique)"
        verbose_name_plural = "tableaux protégés (secret statistique)"
        constraints = [
            models.UniqueConstraint(fields=["scope", "threshold"], name="disclosure_table_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scope} (seuil {self.threshold})"


from maillage.observatory.models_inspection import InspectionVisit  # noqa: E402, F401
from maillage.observatory.models_zoom import (  # noqa: E402, F401
    KeyAction,
    KeyActionIndicator,
    KeyActionMilestone,
    KeyActionNote,
    KeyActionRevision,
)
