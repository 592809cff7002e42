from django.contrib import admin

from maillage.childcare.models import (
    ChildInCare,
    Childminder,
    Commission,
    CommissionProposal,
    Mam,
    Nursery,
    NurseryAgeGroup,
)


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
    raw_id_fields = ("managers", "reviewed_by")
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
    raw_id_fields = ("managers", "reviewed_by")
    autocomplete_fields = ("commune",)
    readonly_fields = ("availability_updated_at", "created_at")
    inlines = [NurseryAgeGroupInline]


class CommissionProposalInline(admin.TabularInline):
    model = CommissionProposal
    extra = 0
    can_delete = False
    fields = ("nursery", "age_group_label", "rank", "need", "priority_points", "decision", "note")
    readonly_fields = fields


@admin.register(Commission)
class CommissionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "mode", "status", "run_by", "validated_at", "candidates", "placed")
    list_filter = ("status", "mode")
    raw_id_fields = ("nurseries", "run_by", "validated_by")
    readonly_fields = ("grid", "outcome_by_priority", "run_at", "validated_at", "computed_at")
    inlines = [CommissionProposalInline]
