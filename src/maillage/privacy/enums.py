from django.db import models


class AccessContext(models.TextChoices):
    """Where a professional opened a family's file (shown to the family on her data page)."""

    NEED_FILE = "need_file", "Fiche du besoin d'accueil"
    COMMISSION = "commission", "Commission d'attribution (écran)"
    COMMISSION_PRINT = "commission_print", "Commission d'attribution (impression)"
    COMMISSION_EXPORT = "commission_export", "Commission d'attribution (export CSV)"
    ADMIN = "admin", "Interface d'administration"
    API = "api", "API (jeton d'un organisme)"
