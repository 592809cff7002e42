from django.apps import AppConfig


class OccasionalConfig(AppConfig):
    name = "maillage.occasional"
    verbose_name = "Accueil occasionnel"
