"""Two-way contact once a request is accepted: what each person shares, the message thread,
the "rencontre" (visit) and the place held for it.

Imported by `maillage.families.models` (Django registers models from that module).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from maillage.families.enums import MessageSide, VisitStatus

ACTIVE_VISIT_STATUSES = (VisitStatus.PROPOSED, VisitStatus.ACCEPTED)


class ContactSharing(models.Model):
    """What a parent or a provider lets the other side see once a request is accepted."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_sharing"
    )
    share_name = models.BooleanField("mon nom", default=True)
    share_phone = models.BooleanField("mon numéro de téléphone", default=True)
    share_email = models.BooleanField("mon adresse électronique", default=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "coordonnées partagées"
        verbose_name_plural = "coordonnées partagées"

    def __str__(self) -> str:
        return f"Partage de {self.user_id}"


class RequestMessage(models.Model):
    """One plain-text message of a request's thread (never about the child's health)."""

    request = models.ForeignKey(
        "families.ContactRequest", on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="auteur",
    )
    side = models.CharField("côté", max_length=10, choices=MessageSide.choices)
    body = models.TextField("message", max_length=2000)
    created_at = models.DateTimeField("envoyé le")

    class Meta:
        verbose_name = "message"
        verbose_name_plural = "messages"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["author", "created_at"])]

    def __str__(self) -> str:
        return f"Message {self.pk} (demande {self.request_id})"


class Visit(models.Model):
    """A "rencontre": the provider proposes a date and a place, the family accepts it or asks
    for another date. At most one proposed or accepted visit per request."""

    request = models.ForeignKey(
        "families.ContactRequest", on_delete=models.CASCADE, related_name="visits"
    )
    starts_at = models.DateTimeField("date et heure")
    place = models.CharField("lieu", max_length=200)
    status = models.CharField(
        "statut", max_length=12, choices=VisitStatus.choices, default=VisitStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="proposée par",
    )
    family_note = models.CharField("précision de la famille", max_length=200, blank=True)
    created_at = models.DateTimeField("proposée le")
    status_changed_at = models.DateTimeField("statut changé le")

    class Meta:
        verbose_name = "rencontre"
        verbose_name_plural = "rencontres"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(status__in=ACTIVE_VISIT_STATUSES),
                name="visit_one_active_per_request",
            ),
        ]

    def __str__(self) -> str:
        return f"Rencontre {self.pk} ({self.get_status_display()})"


class PlaceHold(models.Model):
    """A place kept for a family until the visit (plus a delay): it counts in the provider's
    capacity checks until `expires_at`, or until released (confirmation, cancellation, the
    daily job once expired)."""

    request = models.ForeignKey(
        "families.ContactRequest", on_delete=models.CASCADE, related_name="holds"
    )
    visit = models.ForeignKey(
        Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="holds"
    )
    created_at = models.DateTimeField("posée le")
    expires_at = models.DateTimeField("expire le")
    released_at = models.DateTimeField("libérée le", null=True, blank=True)
    release_reason = models.CharField("motif de la libération", max_length=100, blank=True)

    class Meta:
        verbose_name = "place retenue"
        verbose_name_plural = "places retenues"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(released_at__isnull=True),
                name="place_hold_one_open_per_request",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="place_hold_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"Place retenue pour la demande {self.request_id} jusqu'au {self.expires_at:%d/%m}"
