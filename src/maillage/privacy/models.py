"""The access log of families' files: who, among counsellors, commission members and admins,
opened which family's file and when. The family reads it on « Mes données »."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from maillage.privacy.enums import AccessContext


class FileAccess(models.Model):
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="consulté par",
    )
    # Kept as text so that the family still reads who it was if the professional's account
    # is closed later.
    viewer_name = models.CharField("nom du professionnel", max_length=150)
    viewer_role = models.CharField("fonction", max_length=100)
    family = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="file_accesses",
        verbose_name="famille",
    )
    need = models.ForeignKey(
        "families.Need",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="besoin d'accueil",
    )
    context = models.CharField("écran", max_length=20, choices=AccessContext.choices)
    at = models.DateTimeField("date", db_index=True)

    class Meta:
        verbose_name = "consultation d'un dossier"
        verbose_name_plural = "journal des consultations"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["family", "at"])]

    def __str__(self) -> str:
        return f"{self.viewer_name} — besoin {self.need_id} ({self.at:%Y-%m-%d %H:%M})"
