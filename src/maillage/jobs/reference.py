"""Reference paths loaded on every install (`load_path_templates`, run by `make territory`).

Sources: seed 001 (« Cap vers l'enfance », France Travail PACA-Corse: an escape game coupled
with a 105-hour training path that includes an immersion in a partner structure) and seed 002
(the Nouvelle-Aquitaine team's agrément path: immersive days, collective support, complementary
modules). Each path exists by default in the régions it comes from; a territory administrator
enables it elsewhere, or adapts it into her own path (``jobs.services.territory_paths``).
Loading is idempotent and never overwrites a path already there.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from maillage.jobs.enums import PathKind, PathStageKind, Qualification
from maillage.jobs.models import PathTemplate, PathTemplateStep

logger = logging.getLogger(__name__)

CAP_VERS_L_ENFANCE = "cap-vers-l-enfance"
AGREMENT_NA = "parcours-agrement-nouvelle-aquitaine"

# Région codes (INSEE): Provence-Alpes-Côte d'Azur, Corse, Nouvelle-Aquitaine.
PACA, CORSE, NOUVELLE_AQUITAINE = "93", "94", "75"

# (order, kind, title, hours). The 105 hours of « Cap vers l'enfance » are the training path
# with its immersion (the source gives no split: 70 h + 35 h is indicative, and the escape
# game's own duration is not given).
TEMPLATES: dict[str, dict[str, Any]] = {
    CAP_VERS_L_ENFANCE: {
        "name": "Cap vers l'enfance",
        "kind": PathKind.DISCOVERY,
        "target": Qualification.CAP_AEPE,
        "regions": (PACA, CORSE),
        "source": "France Travail, Caf — défi petite enfance PACA-Corse (2025)",
        "description": (
            "Un parcours d'initiation ludique pour découvrir les métiers de la petite enfance : "
            "un escape game, puis un parcours de formation de 105 heures avec une immersion "
            "dans une structure partenaire, avant d'entrer en formation qualifiante."
        ),
        "steps": [
            (1, PathStageKind.DISCOVERY, "Escape game de découverte des métiers", None),
            (2, PathStageKind.TRAINING, "Parcours d'initiation aux métiers de l'enfance", 70),
            (3, PathStageKind.IMMERSION, "Immersion dans une structure partenaire", 35),
            (
                4,
                PathStageKind.QUALIFICATION,
                "Entrée en formation qualifiante (CAP AEPE, AP)",
                None,
            ),
            (5, PathStageKind.EMPLOYMENT, "Emploi dans la petite enfance", None),
        ],
    },
    AGREMENT_NA: {
        "name": "Parcours agrément Nouvelle-Aquitaine",
        "kind": PathKind.AGREMENT,
        "target": Qualification.AGREMENT_AM,
        "regions": (NOUVELLE_AQUITAINE,),
        "source": "France Travail, Cnaf — défi petite enfance Nouvelle-Aquitaine (2025)",
        "description": (
            "Un parcours d'accès à l'agrément d'assistant(e) maternel(le) : réunion "
            "d'information, journées immersives pour connaître le métier, accompagnement "
            "collectif et modules complémentaires pour sécuriser l'entrée dans le métier."
        ),
        "steps": [
            (1, PathStageKind.INFORMATION, "Réunion d'information sur l'agrément", 2),
            (
                2,
                PathStageKind.IMMERSION,
                "Journées immersives chez une assistante maternelle ou en MAM",
                21,
            ),
            (3, PathStageKind.TRAINING, "Accompagnement collectif au dossier d'agrément", 12),
            (
                4,
                PathStageKind.TRAINING,
                "Modules complémentaires (premiers secours, contrat, Pajemploi)",
                24,
            ),
            (5, PathStageKind.QUALIFICATION, "Agrément délivré par la PMI", None),
            (6, PathStageKind.EMPLOYMENT, "Installation comme assistant(e) maternel(le)", None),
        ],
    },
}


def path_templates_load() -> dict[str, PathTemplate]:
    """Create the reference paths that are missing, with their steps and régions of origin.

    A path already there (perhaps edited by a platform administrator) is left as it is.
    """
    out: dict[str, PathTemplate] = {}
    created = 0
    with transaction.atomic():
        for slug, spec in TEMPLATES.items():
            template, made = PathTemplate.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": spec["name"],
                    "kind": spec["kind"],
                    "source": spec["source"],
                    "description": spec["description"],
                    "target_qualification": spec["target"],
                    "origin_regions": list(spec["regions"]),
                },
            )
            if made:
                created += 1
                PathTemplateStep.objects.bulk_create(
                    PathTemplateStep(
                        template=template,
                        order=order,
                        kind=kind,
                        title=title,
                        duration_hours=hours,
                    )
                    for order, kind, title, hours in spec["steps"]
                )
            out[slug] = template
    logger.info("reference paths: %s created", created)
    return out
