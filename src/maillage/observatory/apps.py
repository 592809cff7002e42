from django.apps import AppConfig


class ObservatoryConfig(AppConfig):
    name = "maillage.observatory"
    verbose_name = "Observatoire"
