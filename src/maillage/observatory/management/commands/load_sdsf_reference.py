"""Load the reference SDSF sheets and key actions (idempotent; run by `make territory`)."""

from django.core.management.base import BaseCommand

from maillage.observatory.reference import DEPARTEMENT, sdsf_reference_load


class Command(BaseCommand):
    help = "Charge les fiches actions de référence du SDSF et leurs actions clés (idempotent)."

    def add_arguments(self, parser):  # noqa: ANN001, ANN201
        parser.add_argument("--departement", default=DEPARTEMENT)

    def handle(self, *args, **options):  # noqa: ANN002, ANN003, ANN201
        created = sdsf_reference_load(departement_code=options["departement"])
        self.stdout.write(
            f"Axes SDSF : {created['axes']} créé(s), fiches : {created['sheets']} créée(s), "
            "actions clés : "
            f"{created['key_actions']} créée(s)."
        )
