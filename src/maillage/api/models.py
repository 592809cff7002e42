"""Tokens of the organisations (Caf, Département, PMI, a crèche's software) that use the API."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models

from maillage.accounts.enums import Organisation

TOKEN_PREFIX = "mllg_"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A secret shown once at creation; only its SHA-256 is stored.

    Scope: the départements of a territory token, or one provider (a childminder or a crèche)
    for a provider's own token. ``can_write`` allows updating availability and pushing the
    provider register; reading is always allowed within the scope."""

    name = models.CharField("nom", max_length=100, help_text="Par exemple « SI de la Caf 93 ».")
    organisation = models.CharField(
        "organisme", max_length=32, choices=Organisation.choices, blank=True, default=""
    )
    prefix = models.CharField("début du jeton", max_length=16, db_index=True)
    token_hash = models.CharField("empreinte", max_length=64, unique=True)
    departements = models.ManyToManyField(
        "territory.Departement", blank=True, related_name="+", verbose_name="départements"
    )
    childminder = models.ForeignKey(
        "childcare.Childminder",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name="assistant(e) maternel(le)",
    )
    nursery = models.ForeignKey(
        "childcare.Nursery",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name="crèche",
    )
    can_write = models.BooleanField("écriture", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="créé par",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(childminder__isnull=True) | models.Q(nursery__isnull=True),
                name="api_token_at_most_one_provider",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate() -> tuple[str, str, str]:
        """(raw token, prefix shown in lists, hash stored)."""
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        return raw, raw[:12], hash_token(raw)

    @property
    def is_provider_token(self) -> bool:
        return bool(self.childminder_id or self.nursery_id)

    @property
    def scope_label(self) -> str:
        if self.childminder_id:
            return f"Assistant(e) maternel(le) n° {self.childminder_id}"
        if self.nursery_id:
            return f"Crèche : {self.nursery}"
        codes = ", ".join(d.code for d in self.departements.all())
        return f"Départements {codes}" if codes else "Aucun département"
