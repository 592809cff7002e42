"""Employers' side: job offers, substitute requests, notifications, assignments, bookings."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from maillage.core.schedule import WeeklyScheduleField
from maillage.jobs.enums import (
    AssignmentStatus,
    ContractType,
    NotificationResponse,
    OfferStatus,
    Qualification,
    RatioModeChoice,
    SubstituteRequestStatus,
)


class JobOffer(models.Model):
    nursery = models.ForeignKey(
        "childcare.Nursery",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="job_offers",
    )
    mam = models.ForeignKey(
        "childcare.Mam", on_delete=models.CASCADE, null=True, blank=True, related_name="job_offers"
    )
    rome = models.ForeignKey(
        "jobs.RomeJob", on_delete=models.PROTECT, related_name="offers", verbose_name="métier"
    )
    title = models.CharField("intitulé", max_length=200)
    description = models.TextField("description", blank=True)
    required_qualification = models.CharField(
        "diplôme demandé",
        max_length=30,
        choices=Qualification.choices,
        default=Qualification.CAP_AEPE,
    )
    contract_type = models.CharField("contrat", max_length=20, choices=ContractType.choices)
    hours_per_week = models.PositiveSmallIntegerField(
        "heures par semaine", validators=[MinValueValidator(1), MaxValueValidator(48)]
    )
    schedule = WeeklyScheduleField("horaires", blank=True)
    start_date = models.DateField("prise de poste")
    commune = models.ForeignKey("territory.Commune", on_delete=models.PROTECT, related_name="+")
    latitude = models.FloatField()
    longitude = models.FloatField()
    status = models.CharField(
        "statut", max_length=10, choices=OfferStatus.choices, default=OfferStatus.DRAFT
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    posts = models.PositiveSmallIntegerField(
        "postes à pourvoir", default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    # Only changed by the conditional UPDATE of ``application_hire``: never above ``posts``.
    posts_filled = models.PositiveSmallIntegerField("postes pourvus", default=0, editable=False)
    closed_at = models.DateTimeField("clôturée le", null=True, blank=True)

    class Meta:
        verbose_name = "offre d'emploi"
        verbose_name_plural = "offres d'emploi"
        ordering = ["-published_at", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(nursery__isnull=False, mam__isnull=True)
                    | models.Q(nursery__isnull=True, mam__isnull=False)
                ),
                name="job_offer_one_employer",
            ),
            models.CheckConstraint(
                condition=models.Q(posts_filled__lte=models.F("posts")),
                name="job_offer_not_overfilled",
            ),
        ]
        indexes = [models.Index(fields=["status", "commune"], name="job_offer_status_commune")]

    def __str__(self) -> str:
        return self.title

    @property
    def employer_name(self) -> str:
        return str(self.nursery or self.mam)

    @property
    def posts_left(self) -> int:
        return max(self.posts - self.posts_filled, 0)


class SubstituteRequest(models.Model):
    """Short-notice replacement in a crèche section, with the staffing need computed."""

    nursery = models.ForeignKey(
        "childcare.Nursery", on_delete=models.CASCADE, related_name="substitute_requests"
    )
    age_group = models.ForeignKey(
        "childcare.NurseryAgeGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="section",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    start_date = models.DateField("du")
    end_date = models.DateField("au")
    include_weekends = models.BooleanField("y compris le week-end", default=False)
    # Daily hours as half-hour slot indexes [start_slot, end_slot): 15 = 07:30, 37 = 18:30.
    start_slot = models.PositiveSmallIntegerField("de", validators=[MaxValueValidator(47)])
    end_slot = models.PositiveSmallIntegerField("à", validators=[MaxValueValidator(48)])
    children_not_walking = models.PositiveSmallIntegerField("enfants qui ne marchent pas")
    children_walking = models.PositiveSmallIntegerField("enfants qui marchent")
    staff_present = models.JSONField("professionnels présents par diplôme", default=dict)
    # The ratio applied (jobs.ratio.RatioMode) and, for the average mode, children per adult.
    ratio_mode = models.CharField(
        "mode de calcul du taux",
        max_length=12,
        choices=RatioModeChoice.choices,
        default=RatioModeChoice.BY_WALKING,
    )
    children_per_staff = models.PositiveSmallIntegerField(
        "enfants par professionnel (moyenne)", null=True, blank=True
    )
    # Computed by the ratio at creation (jobs.ratio).
    ratio_respected = models.BooleanField("taux d'encadrement respecté", default=False)
    substitutes_needed = models.PositiveSmallIntegerField("remplaçants nécessaires", default=0)
    qualified_needed = models.PositiveSmallIntegerField(
        "dont diplômés (AP, EJE, puériculteur)", default=0
    )
    staffing_summary = models.TextField("explication", blank=True)
    status = models.CharField(
        "statut",
        max_length=20,
        choices=SubstituteRequestStatus.choices,
        default=SubstituteRequestStatus.OPEN,
    )
    note = models.TextField("précisions", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "demande de remplacement"
        verbose_name_plural = "demandes de remplacement"
        ordering = ["start_date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="substitute_request_dates",
            ),
            models.CheckConstraint(
                condition=models.Q(end_slot__gt=models.F("start_slot")),
                name="substitute_request_hours",
            ),
        ]

    def __str__(self) -> str:
        return f"Remplacement {self.nursery} du {self.start_date:%d/%m/%Y}"

    def dates(self) -> list[date]:
        out, day = [], self.start_date
        while day <= self.end_date:
            if self.include_weekends or day.weekday() < 5:
                out.append(day)
            day += timedelta(days=1)
        return out

    @property
    def hours_label(self) -> str:
        def hhmm(slot: int) -> str:
            return f"{slot // 2:02d}:{(slot % 2) * 30:02d}"

        return f"{hhmm(self.start_slot)}–{hhmm(self.end_slot)}"


class SubstituteNotification(models.Model):
    """A pool member told about a request, in ranked order."""

    request = models.ForeignKey(
        SubstituteRequest, on_delete=models.CASCADE, related_name="notifications"
    )
    candidate = models.ForeignKey(
        "jobs.CandidateProfile", on_delete=models.CASCADE, related_name="substitute_notifications"
    )
    rank = models.PositiveSmallIntegerField("rang")
    score = models.FloatField(default=0)
    distance_km = models.FloatField(default=0)
    reasons = models.JSONField(default=list)
    response = models.CharField(
        max_length=10, choices=NotificationResponse.choices, default=NotificationResponse.PENDING
    )
    notified_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "sollicitation de remplaçant"
        ordering = ["request", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["request", "candidate"], name="notification_once"),
        ]

    def __str__(self) -> str:
        return f"Sollicitation n° {self.rank} — demande {self.request_id}"


class SubstituteAssignment(models.Model):
    """A pool member booked on a request; ``position`` ranges over the substitutes needed."""

    request = models.ForeignKey(
        SubstituteRequest, on_delete=models.CASCADE, related_name="assignments"
    )
    candidate = models.ForeignKey(
        "jobs.CandidateProfile", on_delete=models.CASCADE, related_name="substitute_assignments"
    )
    position = models.PositiveSmallIntegerField("poste")
    status = models.CharField(
        max_length=10, choices=AssignmentStatus.choices, default=AssignmentStatus.CONFIRMED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "remplacement attribué"
        verbose_name_plural = "remplacements attribués"
        constraints = [
            # One confirmed person per position: a request is never over-filled.
            models.UniqueConstraint(
                fields=["request", "position"],
                condition=models.Q(status="confirmed"),
                name="assignment_one_per_position",
            ),
            models.UniqueConstraint(
                fields=["request", "candidate"],
                condition=models.Q(status="confirmed"),
                name="assignment_once_per_candidate",
            ),
        ]

    def __str__(self) -> str:
        return f"Poste {self.position} — demande {self.request_id} ({self.get_status_display()})"


class SubstituteBooking(models.Model):
    """One half-hour of one day booked for a candidate: no one is booked twice on the same hours.

    The unique constraint holds on SQLite as on PostgreSQL, without relying on row locks.
    """

    candidate = models.ForeignKey(
        "jobs.CandidateProfile", on_delete=models.CASCADE, related_name="bookings"
    )
    day = models.DateField()
    slot = models.PositiveSmallIntegerField(validators=[MaxValueValidator(47)])
    assignment = models.ForeignKey(
        SubstituteAssignment, on_delete=models.CASCADE, related_name="bookings"
    )

    class Meta:
        verbose_name = "créneau réservé"
        constraints = [
            models.UniqueConstraint(fields=["candidate", "day", "slot"], name="booking_no_overlap"),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} créneau {self.slot}"
