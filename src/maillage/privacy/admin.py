from django.contrib import admin

from maillage.privacy.models import FileAccess


@admin.register(FileAccess)
class FileAccessAdmin(admin.ModelAdmin):
    list_display = ("at", "viewer_name", "viewer_role", "need", "context")
    list_filter = ("context",)
    search_fields = ("viewer_name",)
    date_hierarchy = "at"

    def has_add_permission(self, request):  # noqa: ANN001, ANN201 - the log is written by code
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False
