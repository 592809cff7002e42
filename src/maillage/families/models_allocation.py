"""A counsellor's territory allocation: computed and sent by the task worker, never in a request.

Imported by `maillage.families.models` (Django registers models from that module).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AllocationStatus(models.TextChoices):
    RUNNING = "running", "Calcul en cours"
    READY = "ready", "Propositions à vérifier"
    SENDING = "sending", "Envoi en cours"
    SENT = "sent", "Propositions envoyées"
    FAILED = "failed", "Échec du calcul"


class TerritoryAllocation(models.Model):
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="territory_allocations",
        verbose_name="conseiller(ère)",
    )
    status = models.CharField(
        "statut", max_length=10, choices=AllocationStatus.choices, default=AllocationStatus.RUNNING
    )
    created_at = models.DateTimeField("lancée le", auto_now_add=True)
    computed_at = models.DateTimeField("calculée le", null=True, blank=True)
    needs_count = models.PositiveIntegerField("besoins en recherche", default=0)
    # The engine's figures: placed, unassigned, skipped, providers, objective, gap, seconds.
    summary = models.JSONField("résultat", default=dict)
    # [[need id, provider key, distance km], …]: what will be sent once she confirms.
    proposals = models.JSONField("propositions", default=list)
    offers_total = models.PositiveIntegerField("propositions à envoyer", default=0)
    offers_sent = models.PositiveIntegerField("propositions envoyées", default=0)
    offers_failed = models.PositiveIntegerField("propositions non envoyées", default=0)
    error = models.CharField("erreur", max_length=300, blank=True)

    class Meta:
        verbose_name = "attribution du territoire"
        verbose_name_plural = "attributions du territoire"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Attribution n° {self.pk} ({self.get_status_display()})"

    @property
    def in_progress(self) -> bool:
        return self.status in (AllocationStatus.RUNNING, AllocationStatus.SENDING)


class NationalStatus(models.TextChoices):
    RUNNING = "running", "Calcul en cours"
    DONE = "done", "Terminée"
    FAILED = "failed", "Terminée avec des échecs"


class NationalAllocation(models.Model):
    """One allocation of every open need, fanned out as one task per département.

    Each département is a :class:`NationalAllocationPart` computed by whichever task worker
    takes it first (several workers share the départements); the run is finished when the last
    part is. Proposals are kept for review, nothing is sent to families.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="lancée par",
    )
    status = models.CharField(
        "statut", max_length=10, choices=NationalStatus.choices, default=NationalStatus.RUNNING
    )
    created_at = models.DateTimeField("lancée le", auto_now_add=True)
    finished_at = models.DateTimeField("terminée le", null=True, blank=True)
    departements_total = models.PositiveIntegerField("départements", default=0)

    class Meta:
        verbose_name = "attribution nationale"
        verbose_name_plural = "attributions nationales"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Attribution nationale n° {self.pk} ({self.get_status_display()})"


class NationalAllocationPart(models.Model):
    """One département of a national run: its engine figures and proposals."""

    run = models.ForeignKey(
        NationalAllocation, on_delete=models.CASCADE, related_name="parts", verbose_name="run"
    )
    departement = models.ForeignKey(
        "territory.Departement", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "statut", max_length=10, choices=AllocationStatus.choices, default=AllocationStatus.RUNNING
    )
    computed_at = models.DateTimeField("calculée le", null=True, blank=True)
    needs_count = models.PositiveIntegerField("besoins en recherche", default=0)
    # placed, unassigned, skipped, providers, objective, upper_bound, gap, seconds
    summary = models.JSONField("résultat", default=dict)
    proposals = models.JSONField("propositions", default=list)
    error = models.CharField("erreur", max_length=300, blank=True)

    class Meta:
        verbose_name = "département d'une attribution nationale"
        verbose_name_plural = "départements d'une attribution nationale"
        ordering = ["run", "departement"]
        constraints = [
            models.UniqueConstraint(fields=["run", "departement"], name="national_part_unique")
        ]

    def __str__(self) -> str:
        return f"{self.departement_id} ({self.get_status_display()})"
