"""Occasional care for a step back to work: dated requests, providers' one-off free slots,
proposals sent to providers, and bookings (one place of a slot for one requested day)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from maillage.occasional.enums import (
    HalfDay,
    OccasionalReason,
    OccasionalRequestStatus,
    ProposalResponse,
    RequestDayStatus,
)
from maillage.occasional.querysets import (
    OccasionalRequestQuerySet,
    OccasionalSlotQuerySet,
    ProposalQuerySet,
)


class OccasionalRequest(models.Model):
    """A parent needs care on a few given dates (interview, training day, trial week)."""

    parent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="occasional_requests",
        verbose_name="parent",
    )
    family_email = models.EmailField("adresse électronique de la famille", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="saisie par",
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_occasional_requests",
        verbose_name="conseiller(ère)",
    )
    child_birth_date = models.DateField("date de naissance de l'enfant")
    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name="commune"
    )
    latitude = models.FloatField()
    longitude = models.FloatField()
    max_distance_km = models.DecimalField(
        "distance maximale (km)",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0.1)],
    )
    reason = models.CharField("motif", max_length=20, choices=OccasionalReason.choices)
    accepts_childminder = models.BooleanField("assistant(e) maternel(le)", default=True)
    accepts_nursery = models.BooleanField("crèche", default=True)
    status = models.CharField(
        "statut",
        max_length=20,
        choices=OccasionalRequestStatus.choices,
        default=OccasionalRequestStatus.OPEN,
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = OccasionalRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "demande d'accueil occasionnel"
        verbose_name_plural = "demandes d'accueil occasionnel"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(parent__isnull=False) | ~models.Q(family_email=""),
                name="occasional_request_has_a_contact",
            ),
            models.CheckConstraint(
                condition=models.Q(accepts_childminder=True) | models.Q(accepts_nursery=True),
                name="occasional_request_accepts_a_mode",
            ),
        ]

    def __str__(self) -> str:
        return f"Demande occasionnelle n° {self.pk} ({self.get_reason_display()})"

    @property
    def contact_email(self) -> str:
        return self.parent.email if self.parent_id else self.family_email


class OccasionalRequestDay(models.Model):
    """One date of a request, with start and end times on the half hour."""

    request = models.ForeignKey(OccasionalRequest, on_delete=models.CASCADE, related_name="days")
    date = models.DateField("date")
    start_time = models.TimeField("début")
    end_time = models.TimeField("fin")
    status = models.CharField(
        "statut", max_length=20, choices=RequestDayStatus.choices, default=RequestDayStatus.OPEN
    )
    booked_at = models.DateTimeField("confirmé le", null=True, blank=True)

    class Meta:
        verbose_name = "journée demandée"
        verbose_name_plural = "journées demandées"
        ordering = ["date", "start_time"]
        constraints = [
            models.UniqueConstraint(fields=["request", "date"], name="occasional_day_once"),
            models.CheckConstraint(
                condition=models.Q(start_time__lt=models.F("end_time")),
                name="occasional_day_start_before_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class OccasionalSlot(models.Model):
    """Places free on one date: a crèche section (places left by absent children, per
    half-day) or a childminder (a one-off free slot)."""

    nursery = models.ForeignKey(
        "childcare.Nursery",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="occasional_slots",
        verbose_name="crèche",
    )
    age_group = models.ForeignKey(
        "childcare.NurseryAgeGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="occasional_slots",
        verbose_name="section",
    )
    childminder = models.ForeignKey(
        "childcare.Childminder",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="occasional_slots",
        verbose_name="assistant(e) maternel(le)",
    )
    date = models.DateField("date")
    half_day = models.CharField("période", max_length=10, choices=HalfDay.choices)
    start_time = models.TimeField("début")
    end_time = models.TimeField("fin")
    places = models.PositiveSmallIntegerField("places libres", validators=[MinValueValidator(1)])
    places_taken = models.PositiveSmallIntegerField("places réservées", default=0)
    created_at = models.DateTimeField("déclaré le", auto_now_add=True)

    objects = OccasionalSlotQuerySet.as_manager()

    class Meta:
        verbose_name = "créneau occasionnel libre"
        verbose_name_plural = "créneaux occasionnels libres"
        ordering = ["date", "start_time"]
        indexes = [models.Index(fields=["date"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(nursery__isnull=False)
                    & models.Q(age_group__isnull=False)
                    & models.Q(childminder__isnull=True)
                )
                | (
                    models.Q(nursery__isnull=True)
                    & models.Q(age_group__isnull=True)
                    & models.Q(childminder__isnull=False)
                ),
                name="occasional_slot_one_provider",
            ),
            models.CheckConstraint(
                condition=models.Q(places_taken__lte=models.F("places")),
                name="occasional_slot_no_overbooking",
            ),
            models.CheckConstraint(
                condition=models.Q(start_time__lt=models.F("end_time")),
                name="occasional_slot_start_before_end",
            ),
        ]

    def __str__(self) -> str:
        who = self.nursery or self.childminder
        return f"{who} — {self.date:%d/%m/%Y} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    @property
    def places_free(self) -> int:
        return self.places - self.places_taken

    @property
    def provider_key(self) -> str:
        if self.nursery_id:
            return f"nursery:{self.nursery_id}"
        return f"childminder:{self.childminder_id}"


class OccasionalProposal(models.Model):
    """A request sent to one ranked provider (who sees it in her inbox)."""

    request = models.ForeignKey(
        OccasionalRequest, on_delete=models.CASCADE, related_name="proposals"
    )
    nursery = models.ForeignKey(
        "childcare.Nursery", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    childminder = models.ForeignKey(
        "childcare.Childminder", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    rank = models.PositiveSmallIntegerField("rang")
    distance_km = models.FloatField("distance (km)")
    response = models.CharField(
        "réponse",
        max_length=20,
        choices=ProposalResponse.choices,
        default=ProposalResponse.PENDING,
    )
    notified_at = models.DateTimeField("prévenue le", auto_now_add=True)
    responded_at = models.DateTimeField("répondu le", null=True, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = "proposition envoyée"
        verbose_name_plural = "propositions envoyées"
        ordering = ["request", "rank"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(nursery__isnull=False) & models.Q(childminder__isnull=True))
                | (models.Q(nursery__isnull=True) & models.Q(childminder__isnull=False)),
                name="occasional_proposal_one_provider",
            ),
            models.UniqueConstraint(
                fields=["request", "nursery"], name="occasional_proposal_once_per_nursery"
            ),
            models.UniqueConstraint(
                fields=["request", "childminder"], name="occasional_proposal_once_per_childminder"
            ),
        ]

    def __str__(self) -> str:
        return f"Proposition n° {self.rank} (demande {self.request_id})"

    @property
    def provider(self) -> models.Model:
        return self.nursery if self.nursery_id else self.childminder  # type: ignore[return-value]


class OccasionalBooking(models.Model):
    """One place of one slot taken for one requested day (a day may need a morning and an
    afternoon slot of the same provider). The place is counted in `slot.places_taken` by a
    conditional UPDATE, so two acceptors can never take the same last place."""

    request_day = models.ForeignKey(
        OccasionalRequestDay, on_delete=models.CASCADE, related_name="bookings"
    )
    slot = models.ForeignKey(OccasionalSlot, on_delete=models.PROTECT, related_name="bookings")
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("réservé le", auto_now_add=True)

    class Meta:
        verbose_name = "réservation occasionnelle"
        verbose_name_plural = "réservations occasionnelles"
        constraints = [
            models.UniqueConstraint(
                fields=["request_day", "slot"], name="occasional_booking_once_per_slot"
            )
        ]

    def __str__(self) -> str:
        return f"Réservation {self.request_day} sur {self.slot_id}"
