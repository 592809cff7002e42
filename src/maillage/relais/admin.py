from django.contrib import admin

from maillage.relais.models import RelaisPetiteEnfance


@admin.register(RelaisPetiteEnfance)
class RelaisPetiteEnfanceAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "phone", "email", "updated_at")
    search_fields = ("name", "code", "communes__name", "communes__code")
    autocomplete_fields = ("communes",)
    readonly_fields = ("updated_at",)
