"""Care providers: childminders (alone or in a MAM) and nurseries (EAJE) with their places."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from maillage.childcare.enums import (
    AgeGroupKind,
    DisplayName,
    NurseryKind,
    RegisterStatus,
    StructureStatus,
)
from maillage.childcare.querysets import ChildminderQuerySet, NurseryQuerySet
from maillage.core.schedule import WeeklyScheduleField


class ReviewedStructure(models.Model):
    """A MAM or a crèche that may have signed up by itself: its SIRET and the review of a
    territory administrator of its département. Until validated, a MAM's childminders and a
    crèche are not offered to families; imported and demo structures are validated."""

    siret = models.CharField("SIRET", max_length=14, blank=True, default="")
    status = models.CharField(
        "statut", max_length=12, choices=StructureStatus.choices, default=StructureStatus.VALIDATED
    )
    refusal_reason = models.TextField("motif du refus", blank=True, default="")
    reviewed_at = models.DateTimeField("validée ou refusée le", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="validée ou refusée par",
    )

    class Meta:
        abstract = True


class Mam(ReviewedStructure):
    """A maison d'assistants maternels: several childminders working in one place."""

    name = models.CharField("nom", max_length=150)
    commune = models.ForeignKey("territory.Commune", on_delete=models.PROTECT, related_name="+")
    address = models.CharField("adresse", max_length=250, blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    project = models.TextField("projet d'accueil (public)", max_length=1200, blank=True)
    # The childminders who run it on Maillage (declared it, or joined by invitation).
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="managed_mams"
    )
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    # The register import: who set each field ({"field": FieldSource}), and whether the
    # provider is still in the territory's register (see maillage.registers).
    field_sources = models.JSONField("origine des champs", default=dict, blank=True)
    register_status = models.CharField(
        "registre", max_length=10, choices=RegisterStatus.choices, default="", blank=True
    )
    register_left_at = models.DateTimeField("absent du registre depuis le", null=True, blank=True)

    class Meta:
        verbose_name = "maison d'assistants maternels"
        verbose_name_plural = "maisons d'assistants maternels"
        constraints = [
            models.UniqueConstraint(
                fields=["siret"], condition=~models.Q(siret=""), name="mam_siret_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Childminder(models.Model):
    """An assistant(e) maternel(le): her agrément, where and when she works."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="childminder"
    )
    mam = models.ForeignKey(
        Mam, on_delete=models.SET_NULL, null=True, blank=True, related_name="childminders"
    )
    commune = models.ForeignKey("territory.Commune", on_delete=models.PROTECT, related_name="+")
    # Private: never shown publicly; only the commune and an approximate distance are.
    address = models.CharField("adresse", max_length=250, blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    birth_year = models.PositiveSmallIntegerField("année de naissance", null=True, blank=True)
    agrement_number = models.CharField(
        "numéro d'agrément", max_length=50, blank=True, db_index=True
    )
    agrement_capacity = models.PositiveSmallIntegerField(
        "enfants accueillis simultanément (agrément)",
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    agrement_min_age_months = models.PositiveSmallIntegerField("âge minimum (mois)", default=0)
    agrement_max_age_months = models.PositiveSmallIntegerField("âge maximum (mois)", default=72)
    agrement_valid_until = models.DateField("agrément valable jusqu'au")
    # Own children under 3 present at home count against the legal limits.
    own_children_under_3 = models.PositiveSmallIntegerField(
        "ses enfants de moins de 3 ans", default=0
    )
    # All her own children under 11 present at home (those under 3 included).
    own_children_under_11 = models.PositiveSmallIntegerField(
        "ses enfants de moins de 11 ans", default=0
    )
    working_hours = WeeklyScheduleField("horaires de travail")
    available_from = models.DateField("places libres à partir du", null=True, blank=True)
    accepts_atypical_hours = models.BooleanField("accepte les horaires atypiques", default=False)
    has_garden = models.BooleanField("jardin", default=False)
    disability_experience = models.BooleanField("expérience du handicap", default=False)
    languages = models.CharField("langues parlées", max_length=200, blank=True)
    has_pets = models.BooleanField("animaux à la maison", default=False)
    pets = models.CharField("animaux (précision)", max_length=120, blank=True)
    # How her name shows publicly (search results, her page); never her address.
    display_name = models.CharField(
        "nom affiché", max_length=20, choices=DisplayName.choices, default=DisplayName.INITIAL
    )
    public_updated_at = models.DateTimeField("page publique mise à jour le", null=True, blank=True)
    availability_updated_at = models.DateTimeField("disponibilités mises à jour le", null=True)
    # One entry per place declared on "Mes disponibilités": ISO date it is free from, or null
    # for "pas de place libre". `available_from` is the earliest of them.
    free_places = models.JSONField("places déclarées", default=list, blank=True)
    availability_reminded_at = models.DateTimeField(
        "dernier rappel de mise à jour", null=True, blank=True
    )
    # When she claimed her account and confirmed her places. A childminder loaded from the PMI
    # register has none (imports pass None): she counts in the observatory's supply but is not
    # offered to families until she claims it through her invitation.
    claimed_at = models.DateTimeField(
        "compte réclamé et places confirmées le", null=True, blank=True, default=timezone.now
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The register import: who set each field ({"field": FieldSource}), and whether the
    # provider is still in the territory's register (see maillage.registers).
    field_sources = models.JSONField("origine des champs", default=dict, blank=True)
    register_status = models.CharField(
        "registre", max_length=10, choices=RegisterStatus.choices, default="", blank=True
    )
    register_left_at = models.DateTimeField("absent du registre depuis le", null=True, blank=True)

    objects = ChildminderQuerySet.as_manager()

    class Meta:
        verbose_name = "assistant(e) maternel(le)"
        verbose_name_plural = "assistant(e)s maternel(le)s"

    def __str__(self) -> str:
        return f"AM {self.user.get_full_name() or self.pk} ({self.commune_id})"


class ChildInCare(models.Model):
    """A child already cared for by a childminder: only the slots used, no name."""

    childminder = models.ForeignKey(
        Childminder, on_delete=models.CASCADE, related_name="children_in_care"
    )
    age_months = models.PositiveSmallIntegerField("âge (mois)")
    schedule = WeeklyScheduleField("créneaux occupés")
    # The place it holds is free again from this date (end of contract, school).
    leaves_on = models.DateField("départ prévu le", null=True, blank=True)

    class Meta:
        verbose_name = "enfant accueilli"
        verbose_name_plural = "enfants accueillis"

    def __str__(self) -> str:
        return f"Enfant de {self.age_months} mois (AM {self.childminder_id})"


class Nursery(ReviewedStructure):
    """An EAJE: crèche collective, micro-crèche, multi-accueil, crèche familiale…"""

    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=20, choices=NurseryKind.choices)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="managed_nurseries"
    )
    commune = models.ForeignKey("territory.Commune", on_delete=models.PROTECT, related_name="+")
    address = models.CharField("adresse", max_length=250, blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    opening_hours = WeeklyScheduleField("horaires d'ouverture")
    is_avip = models.BooleanField("crèche AVIP", default=False)
    avip_share = models.DecimalField(
        "part réservée AVIP",
        max_digits=3,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    social_minima_share = models.DecimalField(
        "part réservée aux minima sociaux",
        max_digits=3,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    psu_funded = models.BooleanField("financée par la PSU (Caf)", default=True)
    project = models.TextField("projet d'établissement (public)", max_length=1200, blank=True)
    availability_updated_at = models.DateTimeField("disponibilités mises à jour le", null=True)
    # When a manager account was active and the places confirmed; imported crèches have none
    # until a manager claims her invitation (imports pass None).
    claimed_at = models.DateTimeField(
        "compte réclamé et places confirmées le", null=True, blank=True, default=timezone.now
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The register import: who set each field ({"field": FieldSource}), and whether the
    # provider is still in the territory's register (see maillage.registers).
    field_sources = models.JSONField("origine des champs", default=dict, blank=True)
    register_status = models.CharField(
        "registre", max_length=10, choices=RegisterStatus.choices, default="", blank=True
    )
    register_left_at = models.DateTimeField("absent du registre depuis le", null=True, blank=True)

    objects = NurseryQuerySet.as_manager()

    class Meta:
        verbose_name = "crèche"
        verbose_name_plural = "crèches"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["siret"], condition=~models.Q(siret=""), name="nursery_siret_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_offered(self) -> bool:
        return self.status == StructureStatus.VALIDATED and self.claimed_at is not None


class NurseryAgeGroup(models.Model):
    """Places of a nursery for one age group (a section)."""

    nursery = models.ForeignKey(Nursery, on_delete=models.CASCADE, related_name="age_groups")
    kind = models.CharField("section", max_length=20, choices=AgeGroupKind.choices)
    min_age_months = models.PositiveSmallIntegerField("âge minimum (mois)")
    max_age_months = models.PositiveSmallIntegerField("âge maximum (mois)")
    places = models.PositiveSmallIntegerField("places autorisées")
    places_taken = models.PositiveSmallIntegerField("places occupées", default=0)
    free_from = models.DateField("places libres à partir du", null=True, blank=True)

    class Meta:
        verbose_name = "section"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(places_taken__lte=models.F("places")),
                name="age_group_taken_within_places",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nursery} — {self.get_kind_display()}"

    @property
    def places_free(self) -> int:
        return self.places - self.places_taken


# The commission's models live in their own module; importing them here registers them.
from maillage.childcare.models_commission import Commission, CommissionProposal  # noqa: E402
from maillage.childcare.models_rates import ChildminderRate  # noqa: E402

__all__ = [
    "ChildInCare",
    "ChildminderRate",
    "Childminder",
    "Commission",
    "CommissionProposal",
    "Mam",
    "Nursery",
    "NurseryAgeGroup",
]


from maillage.childcare.models_history import PlaceChange  # noqa: E402, F401
