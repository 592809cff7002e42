from django.apps import AppConfig


class ChildcareConfig(AppConfig):
    name = "maillage.childcare"
    verbose_name = "Modes d'accueil"

    def ready(self) -> None:
        # The one priority grid is checked at startup (childcare.E101–E104).
        from maillage.childcare import cotation_checks  # noqa: F401
