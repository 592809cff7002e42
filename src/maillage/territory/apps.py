from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "maillage.territory"
    verbose_name = "Territoires"
