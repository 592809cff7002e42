"""The cotation: points per family situation — THE one priority grid of a territory.

The same grid ranks a family's options, the counsellor's territory allocation and the crèche
commissions (`families.engine_records.engine_grid` turns it into the engine's grid). A
deployment sets `settings.MAILLAGE_COTATION_GRID` (every territory) and may override it per
département with `settings.MAILLAGE_COTATION_GRIDS = {"93": {flag: points}}`; missing flags
count 0, unknown flags are refused (a startup check, `childcare.checks`). The default below is a
sane starting point, not a legal figure.
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


def _validated(configured: Any, name: str) -> dict[str, int]:
    if not isinstance(configured, dict):
        raise ImproperlyConfigured(f"{name} doit être un dictionnaire.")
    unknown = sorted(set(map(str, configured)) - set(COTATION_FLAGS))
    if unknown:
        raise ImproperlyConfigured(
            f"{name} : situations inconnues {unknown} (attendues : {list(COTATION_FLAGS)})."
        )
    try:
        grid = {flag: int(configured.get(flag, 0)) for flag in COTATION_FLAGS}
    except (TypeError, ValueError) as exc:
        raise ImproperlyConfigured(f"{name} : les points sont des nombres entiers.") from exc
    if any(points < 0 for points in grid.values()):
        raise ImproperlyConfigured(f"{name} : les points sont positifs ou nuls.")
    return grid


def cotation_grid() -> dict[str, int]:
    """The grid of every territory without its own, as {flag: points} (a fresh dict)."""
    configured: Any = getattr(settings, "MAILLAGE_COTATION_GRID", None)
    if configured is None:
        return {flag: DEFAULT_COTATION_GRID.get(flag, 0) for flag in COTATION_FLAGS}
    return _validated(configured, "MAILLAGE_COTATION_GRID")


def territory_grids() -> dict[str, dict[str, int]]:
    """The départements that have their own grid: {département code: {flag: points}}."""
    configured: Any = getattr(settings, "MAILLAGE_COTATION_GRIDS", None) or {}
    if not isinstance(configured, dict):
        raise ImproperlyConfigured("MAILLAGE_COTATION_GRIDS doit être un dictionnaire.")
    return {
        str(code): _validated(grid, f"MAILLAGE_COTATION_GRIDS[{code!r}]")
        for code, grid in configured.items()
    }


def cotation_grid_for(departement: str | None) -> dict[str, int]:
    """The grid of a département's territory (its own, or the common one)."""
    if departement:
        own = territory_grids().get(str(departement))
        if own is not None:
            return own
    return cotation_grid()


def family_points(need: Need, grid: dict[str, int]) -> int:
    """A family's priority points under a grid (the engine adds a base of 1 to weigh it)."""
    return sum(points for flag, points in grid.items() if getattr(need, flag, False))


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


AVIP_FLAGS = (SituationFlag.JOB_SEEKER, SituationFlag.IN_TRAINING)


def family_priority(need: Need, grid: dict[str, int] | None = None) -> dict[str, Any]:
    """What a family or a crèche reads of a family's priority: total, detail, AVIP and
    social-minima eligibility (the grid of the need's territory unless given)."""
    if grid is None:
        grid = cotation_grid_for(need.commune.departement_id if need.commune_id else None)
    return {
        "points": family_points(need, grid),
        "detail": ordered_breakdown(points_breakdown(need, grid)),
        "avip_eligible": any(getattr(need, flag, False) for flag in AVIP_FLAGS),
        "social_minima_eligible": bool(getattr(need, SituationFlag.SOCIAL_MINIMA, False)),
        "grid": grid_rows(grid),
    }
