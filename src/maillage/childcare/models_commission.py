"""Commission d'attribution: a crèche manager's allocation run, its proposals and decision.

Imported by `maillage.childcare.models` (Django registers models from that module).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from maillage.childcare.enums import (
    CommissionMode,
    CommissionStatus,
    ProposalDecision,
    ProposalNote,
)
from maillage.childcare.querysets import CommissionQuerySet


class Commission(models.Model):
    """One run of the engine on a manager's crèches, then her adjusted, validated decision."""

    nurseries = models.ManyToManyField(
        "childcare.Nursery", related_name="commissions", verbose_name="crèches"
    )
    mode = models.CharField("mode d'attribution", max_length=10, choices=CommissionMode.choices)
    # Snapshot of the cotation used: {need flag: points}, e.g. {"job_seeker": 30}.
    grid = models.JSONField("grille de cotation utilisée", default=dict)
    status = models.CharField(
        "statut",
        max_length=12,
        choices=CommissionStatus.choices,
        default=CommissionStatus.RUNNING,
    )
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="lancée par",
    )
    run_at = models.DateTimeField("lancée le")
    computed_at = models.DateTimeField("calculée le", null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="validée par",
    )
    validated_at = models.DateTimeField("validée le", null=True, blank=True)
    candidates = models.PositiveIntegerField("familles candidates", default=0)
    placed = models.PositiveIntegerField("enfants placés par le moteur", default=0)
    objective = models.PositiveIntegerField("points de priorité placés", default=0)
    upper_bound = models.FloatField("borne prouvée", null=True, blank=True)
    gap = models.FloatField("écart à l'optimum", null=True, blank=True)
    blocking_pairs = models.PositiveIntegerField("paires bloquantes", null=True, blank=True)
    quota_refusals = models.PositiveIntegerField("refus dus aux quotas", default=0)
    stability_note = models.CharField("explication de stabilité", max_length=300, blank=True)
    # [{"group": "demandeur_emploi", "label": "…", "needs": 4, "placed": 3}, …]
    outcome_by_priority = models.JSONField("résultat par groupe de priorité", default=list)
    seconds = models.FloatField("durée du calcul (s)", default=0)
    error = models.CharField("erreur", max_length=300, blank=True)
    # Progress of the offers sent to accepted families once the decision is validated.
    offers_total = models.PositiveIntegerField("propositions à envoyer", default=0)
    offers_sent = models.PositiveIntegerField("propositions envoyées", default=0)
    offers_skipped = models.PositiveIntegerField("familles sans proposition", default=0)

    objects = CommissionQuerySet.as_manager()

    class Meta:
        verbose_name = "commission d'attribution"
        verbose_name_plural = "commissions d'attribution"
        ordering = ["-run_at", "-pk"]

    def __str__(self) -> str:
        return f"Commission n° {self.pk} du {self.run_at:%d/%m/%Y}"

    @property
    def is_editable(self) -> bool:
        return self.status == CommissionStatus.DRAFT


class CommissionProposal(models.Model):
    """One family's line in a commission: where the engine put it, why, and the decision."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="proposals")
    need = models.ForeignKey(
        "families.Need", on_delete=models.CASCADE, related_name="+", verbose_name="besoin"
    )
    nursery = models.ForeignKey(
        "childcare.Nursery", on_delete=models.CASCADE, related_name="+", verbose_name="crèche"
    )
    age_group = models.ForeignKey(
        "childcare.NurseryAgeGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="section",
    )
    age_group_label = models.CharField("section (libellé)", max_length=80, blank=True)
    child_age_months = models.PositiveSmallIntegerField("âge à l'entrée (mois)")
    distance_km = models.FloatField("distance (km)", default=0)
    priority_points = models.PositiveIntegerField("points de priorité", default=0)
    # {"Parent demandeur d'emploi": 30, "Famille monoparentale": 20}
    points_breakdown = models.JSONField("détail des points", default=dict)
    rank = models.PositiveIntegerField("rang")
    placed_by_engine = models.BooleanField("placée par le moteur", default=False)
    decision = models.CharField(
        "décision",
        max_length=12,
        choices=ProposalDecision.choices,
        default=ProposalDecision.PROPOSED,
    )
    adjusted_by_manager = models.BooleanField("ajustée par la responsable", default=False)
    note = models.CharField(
        "motif", max_length=20, choices=ProposalNote.choices, blank=True, default=""
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="décidée par",
    )
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    contact_request = models.ForeignKey(
        "families.ContactRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="demande créée",
    )
    # Set once the validated decision has been sent to the family (or skipped): lets an
    # interrupted sending resume where it stopped.
    processed_at = models.DateTimeField("traitée le", null=True, blank=True)

    class Meta:
        verbose_name = "proposition de commission"
        verbose_name_plural = "propositions de commission"
        ordering = ["nursery__name", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "need"], name="commission_proposal_one_per_need"
            ),
        ]

    def __str__(self) -> str:
        return f"Besoin n° {self.need_id} → {self.nursery_id} ({self.get_decision_display()})"
