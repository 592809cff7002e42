"""Return-to-work figures from ``maillage.outcomes`` when that app is installed."""

from __future__ import annotations

import logging

from django.apps import apps

logger = logging.getLogger(__name__)


def departement_outcomes(dep) -> dict | None:  # noqa: ANN001
    """{"by_mode": rows, "available": bool}; rows give percentages only (no counts, so that a
    masked small group cannot be recomputed from the others and the total)."""
    return _outcomes({"departement": dep}, dep.code)


def region_outcomes(region) -> dict | None:  # noqa: ANN001
    """The same figures for the communes of a région."""
    return _outcomes({"region": region}, region.code)


def _outcomes(commune_filter: dict, code: str) -> dict | None:
    if not apps.is_installed("maillage.outcomes"):
        return None
    try:
        from maillage.outcomes.rates import outcome_rates
        from maillage.territory.models import Commune
    except ImportError:  # pragma: no cover - app being built
        return None
    try:
        rows = outcome_rates(communes=Commune.objects.filter(**commune_filter), by="mode")
    except Exception:  # noqa: BLE001 - the outcomes schema may still change under us
        logger.warning("Taux de retour à l'emploi illisibles pour %s.", code)
        return None
    return {
        "rows": [
            {
                "label": r.label,
                "m6": r.return_to_work.get("m6"),
                "m3": r.return_to_work.get("m3"),
                "retention": r.retention_6m,
            }
            for r in rows
        ]
    }
