"""A territory's paths: enable or disable a path in a département, add local details, adapt a
reference path into the territory's own path and edit it."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from maillage.jobs.errors import JobsError
from maillage.jobs.models import PathTemplate, PathTemplateStep, PathTerritorySetting

logger = logging.getLogger(__name__)


def path_territory_set(
    *, template: PathTemplate, departement: Any, enabled: bool, local_note: str = "", by: Any
) -> PathTerritorySetting:
    """Offer (or stop offering) a path in one département."""
    if template.departement_id not in (None, departement.code):
        raise JobsError(f"Le parcours « {template.name} » appartient à un autre territoire.")
    with transaction.atomic():
        setting, _ = PathTerritorySetting.objects.update_or_create(
            template=template,
            departement=departement,
            defaults={"enabled": enabled, "local_note": local_note.strip(), "updated_by": by},
        )
    logger.info(
        "path %s %s in %s by %s",
        template.slug,
        "enabled" if enabled else "disabled",
        departement.code,
        getattr(by, "pk", None),
    )
    return setting


def path_adapt(*, template: PathTemplate, departement: Any, by: Any) -> PathTemplate:
    """Copy a path into the territory's own path (once), which its administrators edit; the
    territory's copy is offered instead of the original in that département."""
    existing = PathTemplate.objects.filter(adapted_from=template, departement=departement).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        copy = PathTemplate.objects.create(
            slug=f"{template.slug[:40]}-{departement.code.lower()}",
            name=f"{template.name} — {departement.name}"[:200],
            kind=template.kind,
            description=template.description,
            source=f"Adapté de « {template.name} » ({template.source})"[:250],
            target_qualification=template.target_qualification,
            departement=departement,
            adapted_from=template,
        )
        PathTemplateStep.objects.bulk_create(
            PathTemplateStep(
                template=copy,
                order=step.order,
                kind=step.kind,
                title=step.title,
                description=step.description,
                duration_hours=step.duration_hours,
            )
            for step in template.steps.order_by("order")
        )
        PathTerritorySetting.objects.update_or_create(
            template=template,
            departement=departement,
            defaults={"enabled": False, "updated_by": by},
        )
    logger.info("path %s adapted for %s as %s", template.slug, departement.code, copy.slug)
    return copy


def path_territory_update(
    *, template: PathTemplate, name: str, description: str, steps: list[dict[str, Any]]
) -> PathTemplate:
    """Edit a territory's own path: name, description and its steps (in order)."""
    if template.departement_id is None:
        raise JobsError("Un parcours de référence ne se modifie pas : adaptez-le d'abord.")
    if not steps:
        raise JobsError("Un parcours doit garder au moins une étape.")
    with transaction.atomic():
        template.name = name.strip()
        template.description = description.strip()
        template.save(update_fields=["name", "description"])
        template.steps.all().delete()
        PathTemplateStep.objects.bulk_create(
            PathTemplateStep(
                template=template,
                order=order,
                kind=step["kind"],
                title=step["title"],
                duration_hours=step.get("duration_hours"),
            )
            for order, step in enumerate(steps, start=1)
        )
    logger.info("territory path %s edited (%s steps)", template.slug, len(steps))
    return template
