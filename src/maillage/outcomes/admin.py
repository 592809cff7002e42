from django.contrib import admin

from maillage.outcomes.models import OutcomeCheckpoint, OutcomeFollowUp


class CheckpointInline(admin.TabularInline):
    model = OutcomeCheckpoint
    extra = 0
    readonly_fields = ("questionnaire_sent_at", "answered_at")
    raw_id_fields = ("answered_by_user",)
    verbose_name = "point d'étape"


@admin.register(OutcomeFollowUp)
class OutcomeFollowUpAdmin(admin.ModelAdmin):
    list_display = ("pk", "need", "mode", "care_start", "created_at")
    list_filter = ("mode",)
    raw_id_fields = ("need", "opened_by")
    inlines = [CheckpointInline]
