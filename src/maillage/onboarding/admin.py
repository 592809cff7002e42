from django.contrib import admin

from maillage.onboarding.models import Invitation


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read-only follow-up for the platform's staff; nobody needs it to invite or join."""

    list_display = ("email", "kind", "invited_at", "opened_at", "reminded_at", "claimed_at")
    list_filter = ("kind",)
    search_fields = ("email",)
    readonly_fields = [f.name for f in Invitation._meta.fields if f.name != "id"]

    def has_add_permission(self, request: object) -> bool:
        return False
