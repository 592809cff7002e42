"""« Prévenez-moi quand une place se libère »: a family's alert on a need with no (or few)
options. One e-mail when a fitting place appears, then the alert is spent."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models


def new_token() -> str:
    return secrets.token_urlsafe(24)


class PlaceAlertStatus(models.TextChoices):
    ACTIVE = "active", "En attente d'une place"
    SENT = "sent", "Famille prévenue"
    UNSUBSCRIBED = "unsubscribed", "Désabonnée"
    CLOSED = "closed", "Recherche close"


class PlaceAlert(models.Model):
    """The recipient is read from the need when the e-mail leaves (the parent's address, or
    the family's address recorded by a counsellor): no address is copied here."""

    need = models.ForeignKey("families.Need", on_delete=models.CASCADE, related_name="place_alerts")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="demandée par",
    )
    status = models.CharField(
        "statut", max_length=20, choices=PlaceAlertStatus.choices, default=PlaceAlertStatus.ACTIVE
    )
    # The unsubscribe link of the e-mail (no login needed).
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    # Providers that already fitted when she subscribed: only a new one triggers the e-mail.
    known_providers = models.JSONField("modes d'accueil déjà proposés", default=list)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    notified_at = models.DateTimeField("prévenue le", null=True, blank=True)
    ended_at = models.DateTimeField("terminée le", null=True, blank=True)

    class Meta:
        verbose_name = "alerte « place libérée »"
        verbose_name_plural = "alertes « place libérée »"
        constraints = [
            models.UniqueConstraint(
                fields=["need"],
                condition=models.Q(status="active"),
                name="one_active_place_alert_per_need",
            )
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"Alerte du besoin n° {self.need_id} ({self.get_status_display().lower()})"
