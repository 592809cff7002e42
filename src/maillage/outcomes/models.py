"""Did the parent get back to work? The situation at the start of care and 1, 3, 6 months on."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from maillage.childcare.enums import ProviderKind
from maillage.outcomes.enums import AnsweredBy, Checkpoint, JobChange, Situation
from maillage.outcomes.querysets import CheckpointQuerySet


class OutcomeFollowUp(models.Model):
    """The follow-up of one served need (a confirmed place)."""

    need = models.OneToOneField(
        "families.Need",
        on_delete=models.CASCADE,
        related_name="outcome_follow_up",
        verbose_name="besoin d'accueil",
    )
    mode = models.CharField("mode d'accueil", max_length=20, choices=ProviderKind.choices)
    care_start = models.DateField("début de l'accueil")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ouvert par",
    )
    created_at = models.DateTimeField("ouvert le", auto_now_add=True)

    class Meta:
        verbose_name = "suivi du retour à l'emploi"
        verbose_name_plural = "suivis du retour à l'emploi"
        ordering = ["-care_start"]

    def __str__(self) -> str:
        return f"Suivi du besoin n° {self.need_id} ({self.get_mode_display()})"


class OutcomeCheckpoint(models.Model):
    """The parent's situation at one checkpoint, entered by a counsellor or by the parent."""

    follow_up = models.ForeignKey(
        OutcomeFollowUp, on_delete=models.CASCADE, related_name="checkpoints"
    )
    checkpoint = models.CharField("point d'étape", max_length=10, choices=Checkpoint.choices)
    due_date = models.DateField("prévu le")
    situation = models.CharField("situation", max_length=20, choices=Situation.choices, blank=True)
    job_change = models.CharField(
        "emploi ou formation", max_length=20, choices=JobChange.choices, blank=True
    )
    answered_at = models.DateTimeField("renseigné le", null=True, blank=True)
    answered_by = models.CharField(
        "renseigné par", max_length=20, choices=AnsweredBy.choices, blank=True
    )
    answered_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="compte",
    )
    questionnaire_sent_at = models.DateTimeField("questionnaire envoyé le", null=True, blank=True)

    objects = CheckpointQuerySet.as_manager()

    class Meta:
        verbose_name = "point d'étape"
        verbose_name_plural = "points d'étape"
        ordering = ["follow_up", "due_date"]
        indexes = [models.Index(fields=["due_date", "answered_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "checkpoint"], name="outcome_checkpoint_once"
            ),
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True) | ~models.Q(situation=""),
                name="outcome_answer_has_a_situation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_checkpoint_display()} — suivi {self.follow_up_id}"
