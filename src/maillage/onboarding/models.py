"""Invitations: a provider claims the account made from a register, or a colleague joins a
structure. The link is single-use and expires; only the hash of its token is stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from maillage.onboarding.enums import InvitationKind
from maillage.onboarding.querysets import InvitationQuerySet


class Invitation(models.Model):
    kind = models.CharField("type", max_length=12, choices=InvitationKind.choices)
    childminder = models.ForeignKey(
        "childcare.Childminder",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name="assistant(e) maternel(le)",
    )
    nursery = models.ForeignKey(
        "childcare.Nursery",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name="crèche",
    )
    mam = models.ForeignKey(
        "childcare.Mam",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name="MAM",
    )
    # The account that claims it (provider invitations); none for a colleague not yet known.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="compte invité",
    )
    email = models.EmailField("adresse invitée")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField("expire le")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="invité(e) par",
    )
    invited_at = models.DateTimeField("invité(e) le", default=timezone.now)
    opened_at = models.DateTimeField("lien ouvert le", null=True, blank=True)
    reminded_at = models.DateTimeField("relancé(e) le", null=True, blank=True)
    claimed_at = models.DateTimeField("réclamé le", null=True, blank=True)
    # Replaced by a newer invitation of the same person: the old link stops working.
    revoked_at = models.DateTimeField("remplacée le", null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation"
        ordering = ["-invited_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(childminder__isnull=False, nursery__isnull=True, mam__isnull=True)
                    | models.Q(childminder__isnull=True, nursery__isnull=False, mam__isnull=True)
                    | models.Q(childminder__isnull=True, nursery__isnull=True, mam__isnull=False)
                ),
                name="invitation_one_provider",
            ),
        ]
        indexes = [models.Index(fields=["claimed_at", "reminded_at", "invited_at"])]

    def __str__(self) -> str:
        return f"Invitation {self.get_kind_display()} — {self.email}"

    @property
    def provider(self) -> object:
        return self.childminder or self.nursery or self.mam

    @property
    def structure(self) -> object:
        return self.nursery or self.mam

    def is_usable(self, now: object = None) -> bool:
        now = now or timezone.now()
        return self.claimed_at is None and self.revoked_at is None and self.expires_at > now
