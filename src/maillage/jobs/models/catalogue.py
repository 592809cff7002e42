"""The catalogue: jobs (ROME), trainings, immersions, information meetings, path templates."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from maillage.jobs.enums import (
    Funding,
    MeetingKind,
    PathKind,
    PathStageKind,
    Qualification,
    RomePertinence,
    TrainingKind,
)


class RomeJob(models.Model):
    """An early-childhood job of the ROME 4 referential and the qualifications it requires."""

    code = models.CharField("code ROME", max_length=5, unique=True)
    label = models.CharField("libellé", max_length=200)
    domain_code = models.CharField("domaine professionnel", max_length=3, blank=True)
    domain_label = models.CharField("libellé du domaine", max_length=200, blank=True)
    grand_domain_code = models.CharField("grand domaine", max_length=1, blank=True)
    grand_domain_label = models.CharField("libellé du grand domaine", max_length=200, blank=True)
    pertinence = models.CharField(
        "pertinence", max_length=10, choices=RomePertinence.choices, default=RomePertinence.CORE
    )
    # Any one of these qualifications gives access to the job; empty = no diploma required.
    required_qualifications = models.JSONField("diplômes donnant accès", default=list, blank=True)

    class Meta:
        verbose_name = "métier (ROME)"
        verbose_name_plural = "métiers (ROME)"
        ordering = ["pertinence", "code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.label}"

    @property
    def required_qualification_labels(self) -> list[str]:
        return [Qualification(q).label for q in self.required_qualifications]


class TrainingOffer(models.Model):
    """A training leading to a qualification (or the childminders' training)."""

    organisation = models.CharField("organisme", max_length=200)
    title = models.CharField("intitulé", max_length=250)
    qualification = models.CharField(
        "diplôme préparé", max_length=30, choices=Qualification.choices
    )
    kind = models.CharField(
        "type de formation",
        max_length=12,
        choices=TrainingKind.choices,
        default=TrainingKind.QUALIFYING,
    )
    # VAE and continuing training: the qualification she must already hold (CAP AEPE → AP).
    prerequisite_qualification = models.CharField(
        "diplôme requis pour entrer", max_length=30, choices=Qualification.choices, blank=True
    )
    commune = models.ForeignKey("territory.Commune", on_delete=models.PROTECT, related_name="+")
    latitude = models.FloatField()
    longitude = models.FloatField()
    start_date = models.DateField("début")
    end_date = models.DateField("fin")
    hours_per_week = models.PositiveSmallIntegerField(
        "heures par semaine", validators=[MinValueValidator(1)]
    )
    total_hours = models.PositiveIntegerField("durée totale (heures)", null=True, blank=True)
    seats = models.PositiveSmallIntegerField("places", validators=[MinValueValidator(1)])
    # Seats held by the candidates enrolled (active or completed paths); only changed by the
    # conditional UPDATEs of ``jobs.services.seats`` so that it never exceeds ``seats``.
    seats_taken = models.PositiveSmallIntegerField("places prises", default=0, editable=False)
    prerequisites = models.TextField("prérequis", blank=True)
    funding = models.CharField(
        "financement", max_length=20, choices=Funding.choices, default=Funding.FRANCE_TRAVAIL
    )
    path_template = models.ForeignKey(
        "jobs.PathTemplate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainings",
        verbose_name="parcours",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "formation"
        ordering = ["start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="training_ends_after_start",
            ),
            models.CheckConstraint(condition=models.Q(seats__gt=0), name="training_has_seats"),
            models.CheckConstraint(
                condition=models.Q(seats_taken__lte=models.F("seats")),
                name="training_not_overbooked",
            ),
            models.UniqueConstraint(
                fields=["organisation", "qualification", "commune", "start_date"],
                name="training_unique_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.organisation}"

    @property
    def seats_left(self) -> int:
        return max(self.seats - self.seats_taken, 0)

    @property
    def is_full(self) -> bool:
        return self.seats_taken >= self.seats


class ImmersionOffer(models.Model):
    """A PMSMP (période de mise en situation en milieu professionnel) in a crèche or a MAM."""

    nursery = models.ForeignKey(
        "childcare.Nursery",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="immersion_offers",
    )
    mam = models.ForeignKey(
        "childcare.Mam",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="immersion_offers",
    )
    title = models.CharField("intitulé", max_length=200)
    description = models.TextField("description", blank=True)
    commune = models.ForeignKey("territory.Commune", on_delete=models.PROTECT, related_name="+")
    latitude = models.FloatField()
    longitude = models.FloatField()
    start_date = models.DateField("à partir du")
    end_date = models.DateField("jusqu'au")
    days = models.PositiveSmallIntegerField("nombre de jours", default=5)
    seats = models.PositiveSmallIntegerField("places", default=1, validators=[MinValueValidator(1)])
    is_active = models.BooleanField("active", default=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "immersion (PMSMP)"
        verbose_name_plural = "immersions (PMSMP)"
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(nursery__isnull=False, mam__isnull=True)
                    | models.Q(nursery__isnull=True, mam__isnull=False)
                ),
                name="immersion_one_host",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="immersion_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def host_name(self) -> str:
        return str(self.nursery or self.mam)


class InfoMeeting(models.Model):
    """An information meeting (agrément) or a discovery event (escape game, job fair)."""

    kind = models.CharField("type", max_length=20, choices=MeetingKind.choices)
    title = models.CharField("intitulé", max_length=200)
    organiser = models.CharField("organisateur", max_length=200)
    commune = models.ForeignKey("territory.Commune", on_delete=models.PROTECT, related_name="+")
    latitude = models.FloatField()
    longitude = models.FloatField()
    address = models.CharField("adresse", max_length=250, blank=True)
    starts_at = models.DateTimeField("date et heure")
    duration_hours = models.DecimalField(
        "durée (heures)", max_digits=4, decimal_places=1, default=2
    )
    seats = models.PositiveSmallIntegerField("places", default=20)
    # Only changed by the conditional UPDATEs of ``jobs.services.registrations``.
    seats_taken = models.PositiveSmallIntegerField("places prises", default=0, editable=False)
    online = models.BooleanField("à distance", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="organisé par",
    )
    path_template = models.ForeignKey(
        "jobs.PathTemplate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name="parcours",
    )

    class Meta:
        verbose_name = "réunion d'information"
        verbose_name_plural = "réunions d'information"
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(seats_taken__lte=models.F("seats")),
                name="meeting_not_overbooked",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def seats_left(self) -> int:
        return max(self.seats - self.seats_taken, 0)


class PathTemplate(models.Model):
    """A reusable path: « Cap vers l'enfance », « Parcours agrément Nouvelle-Aquitaine »…"""

    slug = models.SlugField("identifiant", unique=True)
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=20, choices=PathKind.choices)
    description = models.TextField("description", blank=True)
    source = models.CharField("source", max_length=250, blank=True)
    # The qualification obtained at the end (the agrément for the agrément path).
    target_qualification = models.CharField(
        "diplôme visé", max_length=30, choices=Qualification.choices, blank=True
    )
    is_active = models.BooleanField("actif", default=True)
    # Where the path exists by default: the régions of its origin (empty = everywhere). A
    # territory enables or disables it for its own départements (``PathTerritorySetting``).
    origin_regions = models.JSONField(
        "régions d'origine (codes INSEE)",
        default=list,
        blank=True,
        help_text="Vide : proposé partout. Sinon, proposé d'office dans ces régions seulement.",
    )
    # A path a territory made for itself (usually adapted from a reference path): offered in
    # that département only, edited by its territory administrators.
    departement = models.ForeignKey(
        "territory.Departement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="territoire propriétaire",
    )
    adapted_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="adapté du parcours",
    )

    class Meta:
        verbose_name = "modèle de parcours"
        verbose_name_plural = "modèles de parcours"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def total_hours(self) -> int:
        return sum(step.duration_hours or 0 for step in self.steps.all())


class PathTemplateStep(models.Model):
    template = models.ForeignKey(PathTemplate, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("ordre")
    kind = models.CharField("étape", max_length=20, choices=PathStageKind.choices)
    title = models.CharField("intitulé", max_length=200)
    description = models.TextField("description", blank=True)
    duration_hours = models.PositiveSmallIntegerField("durée (heures)", null=True, blank=True)

    class Meta:
        verbose_name = "étape de parcours"
        verbose_name_plural = "étapes de parcours"
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "order"], name="path_step_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class PathTerritorySetting(models.Model):
    """A territory's choice for a path: offered or not in one département, with local details."""

    template = models.ForeignKey(
        PathTemplate, on_delete=models.CASCADE, related_name="territory_settings"
    )
    departement = models.ForeignKey(
        "territory.Departement", on_delete=models.CASCADE, related_name="+"
    )
    enabled = models.BooleanField("proposé dans ce département", default=True)
    local_note = models.TextField(
        "informations locales",
        blank=True,
        help_text="Contact, lieux, calendrier des sessions dans le département.",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "parcours dans un département"
        verbose_name_plural = "parcours dans les départements"
        constraints = [
            models.UniqueConstraint(
                fields=["template", "departement"], name="path_territory_setting_unique"
            )
        ]

    def __str__(self) -> str:
        state = "proposé" if self.enabled else "non proposé"
        return f"{self.template} — {self.departement_id} ({state})"
