from django.contrib import admin

from maillage.occasional.models import (
    OccasionalBooking,
    OccasionalProposal,
    OccasionalRequest,
    OccasionalRequestDay,
    OccasionalSlot,
)


class RequestDayInline(admin.TabularInline):
    model = OccasionalRequestDay
    extra = 0
    verbose_name = "journée"


class ProposalInline(admin.TabularInline):
    model = OccasionalProposal
    extra = 0
    readonly_fields = ("nursery", "childminder", "rank", "distance_km", "notified_at")
    verbose_name = "proposition"


@admin.register(OccasionalRequest)
class OccasionalRequestAdmin(admin.ModelAdmin):
    list_display = ("pk", "reason", "commune", "status", "created_at")
    list_filter = ("status", "reason")
    raw_id_fields = ("parent", "created_by", "counsellor", "commune")
    inlines = [RequestDayInline, ProposalInline]


@admin.register(OccasionalSlot)
class OccasionalSlotAdmin(admin.ModelAdmin):
    list_display = ("pk", "date", "half_day", "nursery", "childminder", "places", "places_taken")
    list_filter = ("half_day",)
    date_hierarchy = "date"
    raw_id_fields = ("nursery", "age_group", "childminder")


@admin.register(OccasionalBooking)
class OccasionalBookingAdmin(admin.ModelAdmin):
    list_display = ("pk", "request_day", "slot", "created_at")
    raw_id_fields = ("request_day", "slot", "accepted_by")
