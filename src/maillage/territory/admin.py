"""Read-only administration of the territory referential (it comes from import_territory)."""

from django.contrib import admin

from maillage.territory.models import (
    CafCoverageRate,
    Commune,
    Departement,
    Intercommunality,
    Region,
)


class ReferentialAdmin(admin.ModelAdmin):
    """The referential is imported, never typed: no add, no delete, contours not shown."""

    exclude = ("contour",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "contour"]


@admin.register(Region)
class RegionAdmin(ReferentialAdmin):
    list_display = ("code", "name", "population")
    search_fields = ("code", "name")


@admin.register(Departement)
class DepartementAdmin(ReferentialAdmin):
    list_display = ("code", "name", "region", "population")
    list_filter = ("region",)
    search_fields = ("code", "name")
    actions = ["start_national_allocation"]

    @admin.action(
        description="Lancer l'attribution nationale sur ces départements (une tâche chacun)",
        permissions=["change"],
    )
    def start_national_allocation(self, request, queryset):
        from maillage.families.admin import start_national

        start_national(self, request, sorted(queryset.values_list("code", flat=True)))


@admin.register(Commune)
class CommuneAdmin(ReferentialAdmin):
    list_display = ("code", "name", "departement", "population", "children_under_3", "postcodes")
    list_filter = ("region", "departement")
    search_fields = ("code", "name", "search_name", "postcodes")
    list_select_related = ("departement",)
    show_full_result_count = False


@admin.register(CafCoverageRate)
class CafCoverageRateAdmin(ReferentialAdmin):
    list_display = ("departement_code", "departement_name", "year", "txcouv_global")
    list_filter = ("year",)
    search_fields = ("departement_code", "departement_name")


@admin.register(Intercommunality)
class IntercommunalityAdmin(ReferentialAdmin):
    list_display = ("code", "name", "kind", "departement", "population")
    list_filter = ("kind", "departement")
    search_fields = ("code", "name")
