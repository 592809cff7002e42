from django.apps import AppConfig


class ChildcareConfig(AppConfig):
    name = "maillage.childcare"
    verbose_name = "Modes d'accueil"
