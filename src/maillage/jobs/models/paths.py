"""A candidate's path, stage by stage, with its outcome or drop-out."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from maillage.jobs.enums import DropOutReason, PathStageKind, PathStatus, StageStatus


class CandidatePath(models.Model):
    candidate = models.ForeignKey(
        "jobs.CandidateProfile", on_delete=models.CASCADE, related_name="paths"
    )
    template = models.ForeignKey(
        "jobs.PathTemplate",
        on_delete=models.PROTECT,
        related_name="paths",
        verbose_name="modèle de parcours",
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    training = models.ForeignKey(
        "jobs.TrainingOffer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="paths",
        verbose_name="formation",
    )
    status = models.CharField(
        "statut", max_length=20, choices=PathStatus.choices, default=PathStatus.ACTIVE
    )
    started_on = models.DateField("commencé le")
    ended_on = models.DateField("terminé le", null=True, blank=True)
    drop_out_reason = models.CharField(
        "motif d'abandon", max_length=20, choices=DropOutReason.choices, blank=True
    )
    drop_out_detail = models.TextField("précisions sur l'abandon", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "parcours"
        verbose_name_plural = "parcours"
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "template"],
                condition=models.Q(status="active"),
                name="one_active_path_per_template",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} — {self.candidate.user}"

    @property
    def current_stage(self) -> PathStage | None:
        stages = list(self.stages.all())
        for stage in stages:
            if stage.status in (StageStatus.IN_PROGRESS, StageStatus.DROPPED):
                return stage
        return next((s for s in stages if s.status == StageStatus.PLANNED), None)


class PathStage(models.Model):
    path = models.ForeignKey(CandidatePath, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField("ordre")
    kind = models.CharField("étape", max_length=20, choices=PathStageKind.choices)
    title = models.CharField("intitulé", max_length=200)
    status = models.CharField(
        "statut", max_length=20, choices=StageStatus.choices, default=StageStatus.PLANNED
    )
    start_date = models.DateField("début", null=True, blank=True)
    end_date = models.DateField("fin", null=True, blank=True)
    outcome = models.TextField("résultat", blank=True)
    training = models.ForeignKey(
        "jobs.TrainingOffer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    immersion = models.ForeignKey(
        "jobs.ImmersionOffer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    meeting = models.ForeignKey(
        "jobs.InfoMeeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "étape du parcours"
        verbose_name_plural = "étapes du parcours"
        ordering = ["path", "order"]
        constraints = [
            models.UniqueConstraint(fields=["path", "order"], name="path_stage_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title} ({self.get_status_display()})"
