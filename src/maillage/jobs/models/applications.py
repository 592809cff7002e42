"""Applications (as in Les emplois de l'inclusion) and employers' invitations to apply."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from maillage.jobs.enums import (
    ApplicationStatus,
    ApplicationTarget,
    InvitationStatus,
    RefusalReason,
)

_ONE_TARGET = (
    models.Q(job_offer__isnull=False, immersion__isnull=True, training__isnull=True)
    | models.Q(job_offer__isnull=True, immersion__isnull=False, training__isnull=True)
    | models.Q(job_offer__isnull=True, immersion__isnull=True, training__isnull=False)
)
_LIVE = ~models.Q(status__in=[ApplicationStatus.WITHDRAWN, ApplicationStatus.REFUSED])


class Application(models.Model):
    """A candidate's application to a job offer, an immersion (PMSMP) or a training session."""

    candidate = models.ForeignKey(
        "jobs.CandidateProfile", on_delete=models.CASCADE, related_name="applications"
    )
    job_offer = models.ForeignKey(
        "jobs.JobOffer",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="applications",
    )
    immersion = models.ForeignKey(
        "jobs.ImmersionOffer",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="applications",
    )
    training = models.ForeignKey(
        "jobs.TrainingOffer",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="applications",
    )
    message = models.TextField("message", max_length=1500, blank=True)
    status = models.CharField(
        "statut", max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.SENT
    )
    interview_at = models.DateTimeField("date de l'entretien", null=True, blank=True)
    interview_place = models.CharField("lieu de l'entretien", max_length=250, blank=True)
    refusal_reason = models.CharField(
        "motif du refus", max_length=20, choices=RefusalReason.choices, blank=True
    )
    refusal_detail = models.TextField("précisions", blank=True)
    invitation = models.ForeignKey(
        "jobs.ApplicationInvitation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    created_at = models.DateTimeField("envoyée le", auto_now_add=True)
    seen_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField("décision le", null=True, blank=True)
    # An accepted immersion marked completed by its host (it advances her path).
    completed_at = models.DateTimeField("immersion terminée le", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "candidature"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=_ONE_TARGET, name="application_one_target"),
            # One live application per candidate and target: a double click sends one.
            models.UniqueConstraint(
                fields=["candidate", "job_offer"], condition=_LIVE, name="application_once_offer"
            ),
            models.UniqueConstraint(
                fields=["candidate", "immersion"],
                condition=_LIVE,
                name="application_once_immersion",
            ),
            models.UniqueConstraint(
                fields=["candidate", "training"], condition=_LIVE, name="application_once_training"
            ),
        ]
        indexes = [
            models.Index(fields=["job_offer", "status"], name="application_offer_status"),
            models.Index(fields=["status", "created_at"], name="application_status_created"),
        ]

    def __str__(self) -> str:
        return f"Candidature n° {self.pk} ({self.get_status_display()})"

    @property
    def target(self):  # type: ignore[no-untyped-def]
        return self.job_offer or self.immersion or self.training

    @property
    def target_kind(self) -> str:
        if self.job_offer_id:
            return ApplicationTarget.JOB_OFFER
        if self.immersion_id:
            return ApplicationTarget.IMMERSION
        return ApplicationTarget.TRAINING

    @property
    def target_kind_label(self) -> str:
        return ApplicationTarget(self.target_kind).label

    @property
    def employer_name(self) -> str:
        target = self.target
        if self.training_id:
            return target.organisation
        return target.employer_name if self.job_offer_id else target.host_name

    @property
    def is_open(self) -> bool:
        return self.status in (
            ApplicationStatus.SENT,
            ApplicationStatus.SEEN,
            ApplicationStatus.INTERVIEW,
        )


class ApplicationInvitation(models.Model):
    """An employer invites a candidate (seen anonymously) to apply to one of her offers."""

    job_offer = models.ForeignKey(
        "jobs.JobOffer", on_delete=models.CASCADE, related_name="invitations"
    )
    candidate = models.ForeignKey(
        "jobs.CandidateProfile", on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    message = models.TextField("message", max_length=1000, blank=True)
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "invitation à postuler"
        verbose_name_plural = "invitations à postuler"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["job_offer", "candidate"], name="invitation_once"),
        ]

    def __str__(self) -> str:
        return f"Invitation n° {self.pk} ({self.get_status_display()})"
