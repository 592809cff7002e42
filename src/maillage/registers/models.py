"""One uploaded register file: checked (preview), then imported on confirmation."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from maillage.registers.enums import ImportKind, ImportStatus


class RegisterImportQuerySet(models.QuerySet):
    def visible_to(self, user: object) -> RegisterImportQuerySet:
        """A territory administrator sees the imports of her départements; an admin, all."""
        from maillage.accounts.perms import can_manage_supply, is_admin

        if is_admin(user):
            return self.all()
        if not can_manage_supply(user):
            return self.none()
        return self.filter(departement__in=user.territory_departements.all())  # type: ignore[attr-defined]


class RegisterImport(models.Model):
    kind = models.CharField("fichier", max_length=20, choices=ImportKind.choices)
    departement = models.ForeignKey(
        "territory.Departement", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file_name = models.CharField("nom du fichier", max_length=200)
    stored_path = models.CharField(max_length=500)
    size = models.PositiveBigIntegerField("taille (octets)", default=0)
    status = models.CharField(
        "état", max_length=12, choices=ImportStatus.choices, default=ImportStatus.CHECKING
    )
    report = models.JSONField("rapport", default=dict, blank=True)
    created_at = models.DateTimeField("déposé le", auto_now_add=True)
    imported_at = models.DateTimeField("importé le", null=True, blank=True)

    objects = RegisterImportQuerySet.as_manager()

    class Meta:
        verbose_name = "import de registre"
        verbose_name_plural = "imports de registre"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.file_name}"
