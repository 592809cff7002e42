from django.contrib import admin

from maillage.childcare.models import ChildInCare, Childminder, Mam, Nursery, NurseryAgeGroup


class ChildInCareInline(admin.TabularInline):
    model = ChildInCare
    extra = 0
    fields = ("age_months", "schedule", "leaves_on")


class NurseryAgeGroupInline(admin.TabularInline):
    model = NurseryAgeGroup
    extra = 0


@admin.register(Mam)
class MamAdmin(admin.ModelAdmin):
    list_display = ("name", "commune")
    search_fields = ("name", "commune__name")
    autocomplete_fields = ("commune",)


@admin.register(Childminder)
class ChildminderAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "commune",
        "agrement_capacity",
        "agrement_valid_until",
        "available_from",
        "availability_updated_at",
    )
    list_filter = ("accepts_atypical_hours", "has_garden", "disability_experience")
    search_fields = ("user__email", "user__last_name", "commune__name", "agrement_number")
    raw_id_fields = ("user", "mam")
    autocomplete_fields = ("commune",)
    readonly_fields = ("availability_updated_at", "availability_reminded_at", "created_at")
    inlines = [ChildInCareInline]


@admin.register(Nursery)
class NurseryAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "commune", "is_avip", "availability_updated_at")
    list_filter = ("kind", "is_avip", "psu_funded")
    search_fields = ("name", "commune__name")
    filter_horizontal = ("managers",)
    autocomplete_fields = ("commune",)
    readonly_fields = ("availability_updated_at", "created_at")
    inlines = [NurseryAgeGroupInline]
