"""Families' care needs and their requests to providers ("demandes de mise en relation")."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from maillage.childcare.enums import ProviderKind
from maillage.core.schedule import WeeklyScheduleField
from maillage.families.enums import (
    ContactRequestStatus,
    DeclineReason,
    NeedStatus,
    SituationFlag,
)
from maillage.families.querysets import (
    ACTIVE_STATUSES as ACTIVE_REQUEST_STATUSES,
)
from maillage.families.querysets import (
    ContactRequestQuerySet,
    NeedQuerySet,
)


class Need(models.Model):
    """A family's care need: one child, where, from when, which weekly hours."""

    parent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name="parent",
    )
    # Minimal contact when a counsellor records a need for a family without an account.
    family_email = models.EmailField("adresse électronique de la famille", blank=True)
    family_phone = models.CharField("téléphone de la famille", max_length=20, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="saisi par",
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_needs",
        verbose_name="conseiller(ère) référent(e)",
    )
    child_first_name = models.CharField("prénom de l'enfant", max_length=60, blank=True)
    child_birth_date = models.DateField("date de naissance (ou prévue) de l'enfant")
    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name="commune"
    )
    # The commune centroid, or a geocoded point when the family gave an address.
    latitude = models.FloatField()
    longitude = models.FloatField()
    max_distance_km = models.DecimalField(
        "distance maximale (km)",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0.1)],
    )
    start_date = models.DateField("date de début souhaitée")
    accepts_childminder = models.BooleanField("assistant(e) maternel(le)", default=True)
    accepts_mam = models.BooleanField("maison d'assistants maternels", default=True)
    accepts_nursery = models.BooleanField("crèche", default=True)
    schedule = WeeklyScheduleField("horaires souhaités")
    job_seeker = models.BooleanField(SituationFlag.JOB_SEEKER.label, default=False)
    in_training = models.BooleanField(SituationFlag.IN_TRAINING.label, default=False)
    employed = models.BooleanField(SituationFlag.EMPLOYED.label, default=False)
    single_parent = models.BooleanField(SituationFlag.SINGLE_PARENT.label, default=False)
    social_minima = models.BooleanField(SituationFlag.SOCIAL_MINIMA.label, default=False)
    child_disability = models.BooleanField(SituationFlag.CHILD_DISABILITY.label, default=False)
    sibling_placed = models.BooleanField(SituationFlag.SIBLING_PLACED.label, default=False)
    counsellor_referral = models.BooleanField(
        SituationFlag.COUNSELLOR_REFERRAL.label, default=False
    )
    consent_given_at = models.DateTimeField("consentement recueilli le", null=True, blank=True)
    # Set when a counsellor records the need: who ticked "la famille a donné son accord".
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="accord recueilli par",
    )
    status = models.CharField(
        "statut", max_length=20, choices=NeedStatus.choices, default=NeedStatus.DRAFT
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    closed_at = models.DateTimeField("clos le", null=True, blank=True)
    # Set once the need no longer names anyone (account deleted, or closed for 2 years).
    anonymised_at = models.DateTimeField("anonymisé le", null=True, blank=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = "besoin d'accueil"
        verbose_name_plural = "besoins d'accueil"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "commune"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(parent__isnull=False)
                | ~models.Q(family_email="")
                | ~models.Q(family_phone="")
                | models.Q(anonymised_at__isnull=False),
                name="need_has_a_contact",
            ),
            models.CheckConstraint(
                condition=models.Q(max_distance_km__gt=0), name="need_distance_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(consent_given_at__isnull=False)
                | models.Q(status__in=[NeedStatus.DRAFT, NeedStatus.CANCELLED]),
                name="need_consent_unless_draft",
            ),
            models.CheckConstraint(
                condition=models.Q(accepts_childminder=True)
                | models.Q(accepts_mam=True)
                | models.Q(accepts_nursery=True),
                name="need_accepts_a_mode",
            ),
        ]

    def __str__(self) -> str:
        who = self.child_first_name or "enfant"
        return f"Besoin n° {self.pk} ({who}, {self.commune_id})"

    @property
    def accepted_kinds(self) -> list[ProviderKind]:
        kinds = []
        if self.accepts_childminder:
            kinds.append(ProviderKind.CHILDMINDER)
        if self.accepts_mam:
            kinds.append(ProviderKind.MAM)
        if self.accepts_nursery:
            kinds.append(ProviderKind.NURSERY)
        return kinds

    @property
    def situations(self) -> list[SituationFlag]:
        return [flag for flag in SituationFlag if getattr(self, flag.value)]


class ContactRequest(models.Model):
    """A parent's request to one provider (a childminder or a nursery) for one need."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="contact_requests")
    childminder = models.ForeignKey(
        "childcare.Childminder",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contact_requests",
        verbose_name="assistant(e) maternel(le)",
    )
    nursery = models.ForeignKey(
        "childcare.Nursery",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contact_requests",
        verbose_name="crèche",
    )
    status = models.CharField(
        "statut",
        max_length=20,
        choices=ContactRequestStatus.choices,
        default=ContactRequestStatus.PENDING,
    )
    proposed_start_date = models.DateField("date de début proposée", null=True, blank=True)
    decline_reason = models.CharField(
        "motif du refus", max_length=20, choices=DeclineReason.choices, blank=True
    )
    # Set by the service; a periodic task expires requests left unanswered past it.
    expires_at = models.DateTimeField("expire le", null=True, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    status_changed_at = models.DateTimeField("statut changé le", null=True, blank=True)
    # When the confirmed place was written to the provider's occupancy (ChildInCare row or
    # NurseryAgeGroup.places_taken); null on a confirmed request = still to be counted.
    place_materialised_at = models.DateTimeField("place enregistrée le", null=True, blank=True)
    proposed_by_allocation = models.BooleanField("proposée par l'attribution", default=False)
    anonymised_at = models.DateTimeField("anonymisée le", null=True, blank=True)

    objects = ContactRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "demande de mise en relation"
        verbose_name_plural = "demandes de mise en relation"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(childminder__isnull=False) & models.Q(nursery__isnull=True))
                | (models.Q(childminder__isnull=True) & models.Q(nursery__isnull=False)),
                name="contact_request_exactly_one_provider",
            ),
            models.UniqueConstraint(
                fields=["need", "childminder"],
                condition=models.Q(status__in=ACTIVE_REQUEST_STATUSES),
                name="contact_request_one_active_per_childminder",
            ),
            models.UniqueConstraint(
                fields=["need", "nursery"],
                condition=models.Q(status__in=ACTIVE_REQUEST_STATUSES),
                name="contact_request_one_active_per_nursery",
            ),
        ]

    def __str__(self) -> str:
        return f"Demande n° {self.pk} ({self.get_status_display()})"

    @property
    def provider(self) -> models.Model:
        return self.childminder if self.childminder_id else self.nursery  # type: ignore[return-value]


class RequestEvent(models.Model):
    """One state change of a contact request: who, when, from which status to which."""

    request = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="auteur",
    )
    at = models.DateTimeField("date")
    from_status = models.CharField(
        "statut précédent", max_length=20, choices=ContactRequestStatus.choices, blank=True
    )
    to_status = models.CharField(
        "nouveau statut", max_length=20, choices=ContactRequestStatus.choices
    )
    note = models.CharField("note", max_length=200, blank=True)
    # Events that do not change the status (a visit proposed, a place held…) carry a label.
    label = models.CharField("événement", max_length=60, blank=True)

    class Meta:
        verbose_name = "événement de demande"
        verbose_name_plural = "historique des demandes"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"


class NeedEvent(models.Model):
    """One change of a need itself (e.g. "Besoin modifié"), shown in the need's history.

    The note names the groups of fields that changed, never their values (no child data)."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="auteur",
    )
    at = models.DateTimeField("date")
    label = models.CharField("événement", max_length=60)
    note = models.CharField("note", max_length=200, blank=True)

    class Meta:
        verbose_name = "événement de besoin"
        verbose_name_plural = "historique des besoins"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.label} ({self.at:%Y-%m-%d})"


class ProviderLock(models.Model):
    """One row per provider, bumped with F() at the start of a confirmation: concurrent
    confirmations for the same provider serialise on it (PostgreSQL row lock; SQLite already
    serialises writers with BEGIN IMMEDIATE)."""

    provider_key = models.CharField("prestataire", max_length=40, unique=True)
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "verrou de prestataire"
        verbose_name_plural = "verrous de prestataires"

    def __str__(self) -> str:
        return f"{self.provider_key} v{self.version}"


class ProviderIndexStamp(models.Model):
    """Version of the providers of a département, bumped whenever their availability changes:
    the in-memory index of the results page is rebuilt when it moves."""

    departement = models.CharField("département", max_length=3, unique=True)
    version = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "version de l'index des modes d'accueil"
        verbose_name_plural = "versions de l'index des modes d'accueil"

    def __str__(self) -> str:
        return f"{self.departement} v{self.version}"


from maillage.families.models_alerts import PlaceAlert  # noqa: E402, F401
from maillage.families.models_allocation import TerritoryAllocation  # noqa: E402, F401
from maillage.families.models_contact import (  # noqa: E402, F401
    ContactSharing,
    PlaceHold,
    RequestMessage,
    Visit,
)
from maillage.families.models_cost import FamilyBudget  # noqa: E402, F401
