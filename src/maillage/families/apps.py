from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "maillage.families"
    verbose_name = "Familles et besoins"

    def ready(self) -> None:
        from maillage.families import signals

        signals.connect()
