from django.contrib import admin

from maillage.families.models import ContactRequest, Need, NeedEvent, RequestEvent


class NeedEventInline(admin.TabularInline):
    model = NeedEvent
    extra = 0
    can_delete = False
    fields = ("at", "label", "note", "actor")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    inlines = (NeedEventInline,)
    list_display = ("id", "commune", "status", "start_date", "job_seeker", "created_at")
    list_filter = ("status", "job_seeker", "in_training", "single_parent", "social_minima")
    search_fields = ("commune__name", "parent__email", "family_email", "child_first_name")
    raw_id_fields = ("parent", "created_by", "counsellor", "consent_recorded_by", "commune")

    def change_view(self, request, object_id, form_url="", extra_context=None):  # noqa: ANN001, ANN201
        """Opening a family's need in the admin is logged (the family sees it, RGPD)."""
        from maillage.privacy.access import record_file_access
        from maillage.privacy.enums import AccessContext

        need = Need.objects.filter(pk=object_id).first() if str(object_id).isdigit() else None
        if need is not None and request.method == "GET":
            record_file_access(viewer=request.user, needs=[need], context=AccessContext.ADMIN)
        return super().change_view(request, object_id, form_url, extra_context)

    date_hierarchy = "created_at"
    readonly_fields = ("created_at", "updated_at", "closed_at")
    fieldsets = (
        (
            "Famille",
            {
                "fields": (
                    "parent",
                    "family_email",
                    "family_phone",
                    "created_by",
                    "counsellor",
                    "consent_given_at",
                    "consent_recorded_by",
                )
            },
        ),
        ("Enfant", {"fields": ("child_first_name", "child_birth_date")}),
        (
            "Besoin",
            {
                "fields": (
                    "commune",
                    "latitude",
                    "longitude",
                    "max_distance_km",
                    "start_date",
                    "accepts_childminder",
                    "accepts_mam",
                    "accepts_nursery",
                    "schedule",
                )
            },
        ),
        (
            "Situation",
            {
                "fields": (
                    "job_seeker",
                    "in_training",
                    "employed",
                    "single_parent",
                    "social_minima",
                    "child_disability",
                    "sibling_placed",
                    "counsellor_referral",
                )
            },
        ),
        ("Suivi", {"fields": ("status", "created_at", "updated_at", "closed_at")}),
    )


class RequestEventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    can_delete = False
    readonly_fields = ("at", "actor", "from_status", "to_status", "note")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ContactRequest)
class ContactRequestAdmin(admin.ModelAdmin):
    list_display = ("id", "need", "childminder", "nursery", "status", "created_at")
    list_filter = ("status", "decline_reason")
    raw_id_fields = ("need", "childminder", "nursery")
    # The status changes only through the service, so that every change is recorded.
    readonly_fields = (
        "status",
        "status_changed_at",
        "place_materialised_at",
        "proposed_by_allocation",
        "created_at",
        "updated_at",
    )
    inlines = [RequestEventInline]
