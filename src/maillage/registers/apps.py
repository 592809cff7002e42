from django.apps import AppConfig


class RegistersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "maillage.registers"
    verbose_name = "Registres des modes d'accueil"
