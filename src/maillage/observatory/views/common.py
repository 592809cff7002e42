"""Helpers shared by the observatory's views: indicator rows, who sees raw counts."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from maillage.accounts.perms import is_admin
from maillage.accounts.querysets import communes_in_scope, departements_in_scope
from maillage.observatory import indicators
from maillage.observatory.services import (
    cache_version,
    computed_at,
    disclosure,
    small_cell_threshold,
)

SHOWN = (
    "children_under_3",
    "places_childminders",
    "places_nurseries",
    "places_total",
    "coverage_rate",
    "collective_coverage_rate",
    "caf_estimated_places",
    "data_coverage_rate",
    "job_seekers_children",
    "places_created",
    "places_destroyed",
    "occupancy_rate",
    "places_closed_staff",
    "inspections_planned",
    "inspection_plan_rate",
    "free_places",
    "childminders",
    "needs_declared",
    "needs_unserved",
    "unserved_share",
    "unserved_need_age_days",
    "need_to_place_days",
    "needs_job_seekers",
    "job_seekers_served_share",
    "job_offers_open",
    "vacant_posts",
    "posts_filled",
    "time_to_hire_days",
    "substitute_requests_unmet",
    "candidates",
    "dropout_rate",
)


def _whole(value: float | None) -> int | None:
    return None if value is None else int(round(value))


def _estimate(value: float | None) -> int | str | None:
    from maillage.observatory.tables import _rounded

    return _rounded(value)


# Modelled figures, shown rounded (the children of unemployed parents: to ten, never a
# small cell).
ESTIMATES = {"caf_estimated_places": _whole, "job_seekers_children": _estimate}


def indicator_rows(values: dict, national: dict) -> list[dict]:
    rows = []
    for key in SHOWN:
        metric = indicators.METRICS[key]
        v, n = values.get(key), national.get(key)
        if key in ESTIMATES:
            v, n = ESTIMATES[key](v), ESTIMATES[key](n)
        rows.append(
            {
                "key": key,
                "label": metric.label,
                "unit": metric.unit,
                "value": indicators.NOT_AVAILABLE if v is None else v,
                "national": "" if n is None else n,
            }
        )
    return rows


def map_context() -> dict:
    return {"tile_url": getattr(settings, "MAILLAGE_MAP_TILE_URL", "")}


def sees_raw_departement(user, code: str) -> bool:  # noqa: ANN001
    """Admins, and counsellors/analysts following the whole département, see raw counts."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_admin(user) or departements_in_scope(user).filter(code=code).exists()


def sees_raw_commune(user, code: str) -> bool:  # noqa: ANN001
    if not getattr(user, "is_authenticated", False):
        return False
    return is_admin(user) or communes_in_scope(user).filter(code=code).exists()


def sees_raw_region(user, code: str) -> bool:  # noqa: ANN001
    """Admins, and counsellors/analysts following every département of the région as a whole
    (the région's counts are the sum of theirs), see raw counts."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_admin(user):
        return True
    from maillage.territory.models import Departement

    deps = Departement.objects.filter(region_id=code)
    in_scope = departements_in_scope(user).values("code")
    return deps.exists() and not deps.exclude(code__in=in_scope).exists()


def sees_raw_national(user) -> bool:  # noqa: ANN001
    return bool(getattr(user, "is_authenticated", False)) and is_admin(user)


def national_public(values: dict | None, code: str) -> dict:
    """Protected values of a département (or of France with ``code="FR"``)."""
    cells = disclosure.national_cells(small_cell_threshold())
    return disclosure.apply(values, cells.get(code))


def region_public(values: dict | None, code: str) -> dict:
    """Protected values of a région (région subtotals of the national table)."""
    return disclosure.apply(values, disclosure.region_cells(small_cell_threshold()).get(code))


def commune_public(values: dict | None, commune: str, departement: str) -> dict:
    cells = disclosure.departement_cells(departement, small_cell_threshold())
    return disclosure.apply(values, cells.get(commune))


def indicators_version(request: HttpRequest, *args: object, **kwargs: object) -> tuple[object, ...]:
    """What the public pages of the observatory depend on (`core.page_cache`): the last
    computation of the indicators."""
    return (cache_version(), computed_at())
