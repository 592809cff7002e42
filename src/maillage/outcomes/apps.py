from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "maillage.outcomes"
    verbose_name = "Retour à l'emploi"
