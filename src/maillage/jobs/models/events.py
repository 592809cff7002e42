"""Event registrations (seats, waiting list, attendance) and the stops of a job caravan."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from maillage.jobs.enums import RegistrationStatus


class EventStop(models.Model):
    """One dated stop of a job caravan, in a commune."""

    meeting = models.ForeignKey("jobs.InfoMeeting", on_delete=models.CASCADE, related_name="stops")
    commune = models.ForeignKey("territory.Commune", on_delete=models.PROTECT, related_name="+")
    latitude = models.FloatField()
    longitude = models.FloatField()
    address = models.CharField("adresse", max_length=250, blank=True)
    starts_at = models.DateTimeField("date et heure")

    class Meta:
        verbose_name = "étape de caravane"
        verbose_name_plural = "étapes de caravane"
        ordering = ["meeting", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "starts_at"], name="event_stop_once"),
        ]

    def __str__(self) -> str:
        return f"{self.commune} — {self.starts_at:%d/%m/%Y}"


class EventRegistration(models.Model):
    meeting = models.ForeignKey(
        "jobs.InfoMeeting", on_delete=models.CASCADE, related_name="registrations"
    )
    candidate = models.ForeignKey(
        "jobs.CandidateProfile", on_delete=models.CASCADE, related_name="registrations"
    )
    status = models.CharField(
        "statut",
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.WAITLISTED,
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # None until the organiser marks it.
    attended = models.BooleanField("présente", null=True, blank=True)
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "inscription à un événement"
        verbose_name_plural = "inscriptions aux événements"
        ordering = ["meeting", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "candidate"],
                condition=~models.Q(status="cancelled"),
                name="registration_once",
            ),
        ]
        indexes = [models.Index(fields=["meeting", "status"], name="registration_status")]

    def __str__(self) -> str:
        return f"Inscription n° {self.pk} ({self.get_status_display()})"
