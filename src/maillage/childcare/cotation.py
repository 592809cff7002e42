"""The cotation: points per family situation used by commissions d'attribution.

Each territory sets its own grid: `settings.MAILLAGE_COTATION_GRID` is a dict
{need situation flag: points}; missing flags count 0, unknown flags are refused. The
default below is a sane starting point, not a legal figure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from maillage.families.enums import SituationFlag

if TYPE_CHECKING:
    from maillage.families.models import Need

# Situations a commission may score (the engine's priorities), in display order.
COTATION_FLAGS: tuple[str, ...] = (
    SituationFlag.JOB_SEEKER,
    SituationFlag.IN_TRAINING,
    SituationFlag.SINGLE_PARENT,
    SituationFlag.SOCIAL_MINIMA,
    SituationFlag.CHILD_DISABILITY,
    SituationFlag.SIBLING_PLACED,
    SituationFlag.COUNSELLOR_REFERRAL,
)

DEFAULT_COTATION_GRID: dict[str, int] = {
    SituationFlag.JOB_SEEKER: 30,
    SituationFlag.IN_TRAINING: 25,
    SituationFlag.SINGLE_PARENT: 20,
    SituationFlag.SOCIAL_MINIMA: 20,
    SituationFlag.CHILD_DISABILITY: 25,
    SituationFlag.SIBLING_PLACED: 15,
    SituationFlag.COUNSELLOR_REFERRAL: 10,
}

# French labels of the engine's priority groups (fairness report).
GROUP_LABELS: dict[str, str] = {
    "demandeur_emploi": "Parent demandeur d'emploi",
    "en_formation": "Parent en formation",
    "parent_isole": "Famille monoparentale",
    "minima_sociaux": "Bénéficiaire de minima sociaux",
    "handicap": "Enfant en situation de handicap",
    "fratrie_accueillie": "Frère ou sœur déjà accueilli(e)",
    "orientation_conseiller": "Orientation par un conseiller",
    "sans_priorite": "Sans critère de priorité",
}


def cotation_grid() -> dict[str, int]:
    """The configured grid, as {flag: points} for every scored flag (a fresh dict)."""
    configured: Any = getattr(settings, "MAILLAGE_COTATION_GRID", None)
    if configured is None:
        return {flag: DEFAULT_COTATION_GRID.get(flag, 0) for flag in COTATION_FLAGS}
    if not isinstance(configured, dict):
        raise ImproperlyConfigured("MAILLAGE_COTATION_GRID doit être un dictionnaire.")
    unknown = sorted(set(map(str, configured)) - set(COTATION_FLAGS))
    if unknown:
        raise ImproperlyConfigured(
            f"MAILLAGE_COTATION_GRID : situations inconnues {unknown} "
            f"(attendues : {list(COTATION_FLAGS)})."
        )
    grid = {flag: int(configured.get(flag, 0)) for flag in COTATION_FLAGS}
    if any(points < 0 for points in grid.values()):
        raise ImproperlyConfigured("MAILLAGE_COTATION_GRID : les points sont positifs ou nuls.")
    return grid


def flag_label(flag: str) -> str:
    return str(SituationFlag(flag).label)


def points_breakdown(need: Need, grid: dict[str, int]) -> dict[str, int]:
    """{French label: points} of the need's scored situations, in grid order."""
    return {
        flag_label(flag): points
        for flag, points in grid.items()
        if points and getattr(need, flag, False)
    }


def grid_rows(grid: dict[str, int]) -> list[tuple[str, int]]:
    """(French label, points) of a grid snapshot, in the grid's order (PostgreSQL's jsonb
    does not keep the keys' order)."""
    return [(flag_label(flag), int(grid[flag])) for flag in COTATION_FLAGS if flag in grid]


def ordered_breakdown(breakdown: dict[str, int]) -> list[tuple[str, int]]:
    """A stored {label: points} breakdown, in the grid's order."""
    order = {flag_label(flag): index for index, flag in enumerate(COTATION_FLAGS)}
    return sorted(breakdown.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
