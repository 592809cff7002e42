from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from maillage.accounts.enums import TERRITORIAL_ROLES, Organisation, Role
from maillage.accounts.managers import UserManager


class User(AbstractUser):
    """A person using Maillage; the email address is the login."""

    username = None  # type: ignore[assignment]
    email = models.EmailField("adresse électronique", unique=True)
    role = models.CharField("rôle", max_length=32, choices=Role.choices, default=Role.PARENT)
    # Every profile the person holds (parent, candidate, childminder…); ``role`` is the primary
    # one and always counts. Permissions read them through ``accounts.perms.has_role``.
    roles = models.JSONField("rôles", default=list, blank=True)
    email_verified = models.BooleanField("adresse vérifiée", default=False)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    is_job_seeker = models.BooleanField(
        "en recherche d'emploi",
        default=False,
        help_text="Inscrit(e) à France Travail : compte pour les places AVIP.",
    )
    terms_accepted_at = models.DateTimeField(
        "conditions générales acceptées le", null=True, blank=True
    )
    organisation = models.CharField(
        "organisme", max_length=32, choices=Organisation.choices, blank=True, default=""
    )
    # A counsellor or an analyst works on one or more territories: whole départements
    # and/or single communes.
    territory_departements = models.ManyToManyField(
        "territory.Departement", blank=True, related_name="+", verbose_name="départements suivis"
    )
    territory_communes = models.ManyToManyField(
        "territory.Commune", blank=True, related_name="+", verbose_name="communes suivies"
    )
    # Personal data (maillage.privacy): a deleted account keeps only this anonymous row so
    # that what must be kept (statistics) stays consistent; an inactive one is warned first.
    deleted_at = models.DateTimeField("compte supprimé le", null=True, blank=True)
    inactivity_warned_at = models.DateTimeField(
        "prévenu(e) de l'inactivité le", null=True, blank=True
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    @property
    def all_roles(self) -> list[str]:
        """The primary role first, then the other profiles, without duplicates."""
        return list(dict.fromkeys([self.role, *(self.roles or [])]))

    @property
    def is_territorial(self) -> bool:
        return self.role in TERRITORIAL_ROLES

    @property
    def display_name(self) -> str:
        full = self.get_full_name().strip()
        return full or self.email.split("@")[0]


class RateCounter(models.Model):
    """Events of one client in one fixed window (`accounts.rate_counters`): a row per
    (key, window), counted by one atomic upsert; rows of past windows are purged daily."""

    key = models.CharField("clé", max_length=120)
    window_end = models.BigIntegerField("fin de la fenêtre (secondes Unix)")
    hits = models.PositiveIntegerField("événements", default=0)

    class Meta:
        verbose_name = "compteur de fréquence"
        verbose_name_plural = "compteurs de fréquence"
        constraints = [
            models.UniqueConstraint(fields=["key", "window_end"], name="rate_counter_key_window")
        ]
        indexes = [models.Index(fields=["window_end"], name="rate_counter_window_end")]

    def __str__(self) -> str:
        return f"{self.key} ({self.hits})"
