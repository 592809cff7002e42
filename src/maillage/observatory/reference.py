"""Reference content of the Seine-Saint-Denis SDSF (source: ../shared/seeds/004, the comité of
2025): the five axes, the action sheets 1.1, 2.1, 2.2 and 2.3, their indicators and their key actions ("Zoom
sur quelques actions"). Loaded on every install by `load_sdsf_reference` (idempotent: a sheet
or key action already there is left as the territory edited it)."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from maillage.observatory.enums import ActionStatus
from maillage.observatory.models import KeyAction, SdsfAction, SdsfAxisName
from maillage.territory.models import Departement

logger = logging.getLogger(__name__)

DEPARTEMENT = "93"
# The five axes of the schéma (seed 004 says "5 axes stratégiques"). Only axes 1 and 2 are
# named in the source (the fiche 1.1 header and the working group's title); the names of axes
# 3 to 5 are left for the territory to fill in rather than invented.
AXES: dict[int, str] = {
    1: (
        "Agir pour le développement quantitatif et qualitatif de l'offre petite enfance et "
        "parentalité dans une logique de rééquilibrage territorial"
    ),
    2: (
        "S'engager collectivement pour le développement de la formation et l'attractivité des "
        "métiers de la petite enfance et soutien à la parentalité"
    ),
    3: "",
    4: "",
    5: "",
}
SHEETS: list[dict[str, Any]] = [
    {
        "number": "1.1",
        "axis": 1,
        "title": "Poursuivre l'accompagnement à la création, au maintien, au développement des EAJE et veiller à leur qualité d'accueil",
        "pilot": "Caf",
        "partners": "Communes, Conseil départemental (PMI notamment), Gestionnaires",
        "indicators": [
            "places_created",
            "places_destroyed",
            "occupancy_rate",
            "collective_coverage_rate",
        ],
        "key_actions": [
            (
                "Accompagnement au montage financier de l'établissement dans un objectif d'optimisation des financements",
                "Caf",
                ["caf"],
                [],
            ),
            (
                "Mobilisation des bailleurs et collectivités pour identifier des leviers immobiliers et faciliter l'implantation de nouveaux EAJE",
                "Caf",
                ["caf"],
                ["commune", "departement"],
            ),
            (
                "Harmonisation des contrôles PMI, en se basant sur le nouveau guide et référentiel qualité",
                "Conseil départemental (PMI)",
                ["departement"],
                ["caf"],
            ),
        ],
    },
    {
        "number": "2.1",
        "axis": 2,
        "title": "Articuler les stratégies territoriales aux évolutions nationales concernant les métiers de la petite enfance",
        "pilot": "DRIEETS, Conseil départemental, France Travail, Caf",
        "partners": "Région Île-de-France, EPT, communes",
        "indicators": ["vacant_posts", "job_offers_open", "posts_filled"],
        "key_actions": [
            (
                "Articulation entre le CDSF et le comité de pilotage filière « prendre soin des autres – petite enfance »",
                "DRIEETS, CD, France Travail, CAF",
                ["state", "departement", "france_travail", "caf"],
                [],
            ),
            (
                "Valorisation des travaux du SRFSS, notamment la cartographie de l'offre de formation sur le département",
                "Région IdF",
                ["region"],
                ["france_travail"],
            ),
        ],
    },
    {
        "number": "2.2",
        "axis": 2,
        "title": "Susciter les vocations",
        "pilot": "EPT, communes, France Travail",
        "partners": "Conseil départemental, centres de formation",
        "indicators": ["candidates", "dropout_rate"],
        "key_actions": [
            (
                "Développement de la connaissance métier dans les forums emploi/insertion/formation à travers des témoignages, des ateliers et des mises en situation/immersions",
                "EPT Est Ensemble",
                ["ept"],
                ["commune", "departement", "france_travail"],
            ),
        ],
    },
    {
        "number": "2.3",
        "axis": 2,
        "title": "Soutenir la formation initiale et continue aux métiers de la petite enfance et renforcer l'attractivité des métiers auprès des professionnel·les",
        "pilot": "Gestionnaires EAJE, Caf",
        "partners": "Conseil départemental, OPCO, centres de formation",
        "indicators": ["vacant_posts", "places_closed_staff"],
        "key_actions": [
            (
                "Accompagnement à la prise de poste des CAP AEPE à travers des formations, des tutorats, des groupes d'analyse de pratiques",
                "Gestionnaires EAJE",
                ["managers"],
                ["departement"],
            ),
            (
                "Améliorer les conditions au travail, développer et rendre accessible l'analyse de pratiques pour tous les professionnel·les",
                "Caf",
                ["caf"],
                [],
            ),
        ],
    },
]


def sdsf_reference_load(*, departement_code: str = DEPARTEMENT) -> dict[str, int]:
    """Create the reference sheets and key actions that are missing; never overwrite."""
    departement = Departement.objects.filter(code=departement_code).first()
    if departement is None:
        return {"sheets": 0, "key_actions": 0, "axes": 0}
    year = timezone.localdate().year
    created = {"sheets": 0, "key_actions": 0, "axes": 0}
    with transaction.atomic():
        for axis, name in AXES.items():
            _axis, made = SdsfAxisName.objects.get_or_create(
                departement=departement, axis=axis, defaults={"name": name}
            )
            created["axes"] += made
        for spec in SHEETS:
            sheet, made = SdsfAction.objects.get_or_create(
                departement=departement,
                number=spec["number"],
                defaults={
                    "axis": spec["axis"],
                    "title": spec["title"],
                    "pilot": spec["pilot"],
                    "partners": spec["partners"],
                    "indicator_keys": spec["indicators"],
                    "status": ActionStatus.IN_PROGRESS,
                },
            )
            created["sheets"] += made
            for order, (title, pilot, pilots, partners) in enumerate(spec["key_actions"]):
                _action, made = KeyAction.objects.get_or_create(
                    sheet=sheet,
                    title=title,
                    defaults={
                        "pilot": pilot,
                        "pilot_organisations": pilots,
                        "partner_organisations": partners,
                        "status": ActionStatus.IN_PROGRESS,
                        "year": year,
                        "order": order,
                    },
                )
                created["key_actions"] += made
    logger.info("SDSF reference for %s: %s", departement_code, created)
    return created
