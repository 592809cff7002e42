from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "maillage.privacy"
    verbose_name = "Données personnelles"
