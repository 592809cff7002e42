from django.apps import AppConfig


class RelaisConfig(AppConfig):
    name = "maillage.relais"
    verbose_name = "Relais Petite Enfance"
