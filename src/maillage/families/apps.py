from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "maillage.families"
    verbose_name = "Familles et besoins"
