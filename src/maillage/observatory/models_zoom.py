"""Action tracking of the SDSF sheets (the "Zoom sur quelques actions" tables of seed 004).

Imported by `maillage.observatory.models`. Each key action of a sheet has a pilot and
partner organisations (who may edit it), a status and its progress in words, dated
milestones, linked indicators with a target, and dated notes. Each year the plan is revised:
`KeyActionRevision` keeps the previous year's version readable.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from maillage.observatory.enums import ActionStatus


class KeyAction(models.Model):
    sheet = models.ForeignKey(
        "observatory.SdsfAction", on_delete=models.CASCADE, related_name="key_actions"
    )
    title = models.CharField("action", max_length=400)
    pilot = models.CharField("pilote (tel qu'affiché)", max_length=200)
    # accounts.enums.Organisation values: the pilot's and the partners' organisations edit it.
    pilot_organisations = models.JSONField("organisations pilotes", default=list)
    partner_organisations = models.JSONField("organisations partenaires", default=list, blank=True)
    status = models.CharField(
        "état", max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    progress = models.TextField("état d'avancement", blank=True)
    year = models.PositiveSmallIntegerField("année du plan")
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "action clé"
        verbose_name_plural = "actions clés"
        ordering = ["sheet", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "title"], name="key_action_unique_title")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def organisations(self) -> set[str]:
        return set(self.pilot_organisations) | set(self.partner_organisations)


class KeyActionMilestone(models.Model):
    key_action = models.ForeignKey(KeyAction, on_delete=models.CASCADE, related_name="milestones")
    label = models.CharField("jalon", max_length=200)
    due_on = models.DateField("prévu le")
    done_on = models.DateField("réalisé le", null=True, blank=True)

    class Meta:
        verbose_name = "jalon"
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.label


class KeyActionIndicator(models.Model):
    key_action = models.ForeignKey(KeyAction, on_delete=models.CASCADE, related_name="indicators")
    indicator_key = models.CharField("indicateur", max_length=60)  # observatory METRICS key
    target = models.DecimalField("cible", max_digits=10, decimal_places=1)

    class Meta:
        verbose_name = "indicateur suivi"
        constraints = [
            models.UniqueConstraint(
                fields=["key_action", "indicator_key"], name="one_target_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_key} : cible {self.target}"


class KeyActionNote(models.Model):
    key_action = models.ForeignKey(KeyAction, on_delete=models.CASCADE, related_name="notes")
    date = models.DateField("date")
    text = models.TextField("point d'avancement")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "note d'avancement"
        ordering = ["-date", "-created_at"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.text[:40]}"


class KeyActionRevision(models.Model):
    """The state of a key action at the end of a plan year, kept readable after revision."""

    key_action = models.ForeignKey(KeyAction, on_delete=models.CASCADE, related_name="revisions")
    year = models.PositiveSmallIntegerField("année")
    data = models.JSONField("contenu")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "version annuelle"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["key_action", "year"], name="one_revision_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.key_action} ({self.year})"
