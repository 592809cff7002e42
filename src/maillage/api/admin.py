from django.contrib import admin

from maillage.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created on the « Jetons d'API » page (the secret is shown once there)."""

    list_display = ("name", "prefix", "organisation", "can_write", "last_used_at", "revoked_at")
    list_filter = ("can_write", "organisation")
    readonly_fields = ("prefix", "token_hash", "created_by", "created_at", "last_used_at")
    filter_horizontal = ("departements",)
    raw_id_fields = ("childminder", "nursery")

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False
