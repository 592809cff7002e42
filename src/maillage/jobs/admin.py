from django.contrib import admin

from maillage.jobs.models import (
    Application,
    ApplicationInvitation,
    CandidatePath,
    CandidateProfile,
    EventRegistration,
    EventStop,
    ImmersionOffer,
    InfoMeeting,
    JobOffer,
    PathStage,
    PathTemplate,
    PathTemplateStep,
    RomeJob,
    SubstituteAssignment,
    SubstituteNotification,
    SubstituteRequest,
    TrainingOffer,
)


class EventStopInline(admin.TabularInline):
    model = EventStop
    extra = 0
    raw_id_fields = ("commune",)


@admin.register(RomeJob)
class RomeJobAdmin(admin.ModelAdmin):
    list_display = ("code", "label", "pertinence")
    search_fields = ("code", "label")


@admin.register(TrainingOffer)
class TrainingOfferAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "organisation",
        "qualification",
        "commune",
        "start_date",
        "seats",
        "seats_taken",
    )
    list_filter = ("qualification", "funding")
    search_fields = ("title", "organisation")
    raw_id_fields = ("commune", "created_by")


@admin.register(ImmersionOffer)
class ImmersionOfferAdmin(admin.ModelAdmin):
    list_display = ("title", "commune", "start_date", "end_date", "is_active")
    raw_id_fields = ("commune", "nursery", "mam", "published_by")


@admin.register(InfoMeeting)
class InfoMeetingAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "commune", "starts_at", "seats_taken", "seats")
    list_filter = ("kind",)
    raw_id_fields = ("commune", "created_by")
    inlines = [EventStopInline]


class PathTemplateStepInline(admin.TabularInline):
    model = PathTemplateStep
    extra = 0


@admin.register(PathTemplate)
class PathTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "is_active")
    inlines = [PathTemplateStepInline]


@admin.register(CandidateProfile)
class CandidateProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "commune", "substitute_pool_consent", "needs_childcare")
    list_filter = ("substitute_pool_consent", "needs_childcare")
    raw_id_fields = ("user", "counsellor", "commune", "childcare_need")


@admin.register(JobOffer)
class JobOfferAdmin(admin.ModelAdmin):
    list_display = ("title", "rome", "contract_type", "start_date", "status")
    list_filter = ("status", "contract_type")
    raw_id_fields = ("nursery", "mam", "commune", "published_by")


class SubstituteNotificationInline(admin.TabularInline):
    model = SubstituteNotification
    extra = 0
    raw_id_fields = ("candidate",)


class SubstituteAssignmentInline(admin.TabularInline):
    model = SubstituteAssignment
    extra = 0
    raw_id_fields = ("candidate",)


@admin.register(SubstituteRequest)
class SubstituteRequestAdmin(admin.ModelAdmin):
    list_display = ("nursery", "start_date", "end_date", "substitutes_needed", "status")
    list_filter = ("status",)
    raw_id_fields = ("nursery", "age_group", "created_by")
    inlines = [SubstituteNotificationInline, SubstituteAssignmentInline]


class PathStageInline(admin.TabularInline):
    model = PathStage
    extra = 0
    raw_id_fields = ("training", "immersion", "meeting")


@admin.register(CandidatePath)
class CandidatePathAdmin(admin.ModelAdmin):
    list_display = ("candidate", "template", "status", "started_on", "drop_out_reason")
    list_filter = ("status", "template", "drop_out_reason")
    raw_id_fields = ("candidate", "counsellor", "training")
    inlines = [PathStageInline]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("pk", "candidate", "job_offer", "immersion", "training", "status", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("candidate", "job_offer", "immersion", "training", "invitation")


@admin.register(ApplicationInvitation)
class ApplicationInvitationAdmin(admin.ModelAdmin):
    list_display = ("pk", "job_offer", "candidate", "status", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("job_offer", "candidate", "invited_by")


@admin.register(EventRegistration)
class EventRegistrationAdmin(admin.ModelAdmin):
    list_display = ("pk", "meeting", "candidate", "status", "attended", "created_at")
    list_filter = ("status", "attended")
    raw_id_fields = ("meeting", "candidate", "registered_by")
