from django.apps import AppConfig


class StaffingConfig(AppConfig):
    name = "maillage.staffing"
    label = "staffing"
    verbose_name = "Personnel des crèches"
    default_auto_field = "django.db.models.BigAutoField"
