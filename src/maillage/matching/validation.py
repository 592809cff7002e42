"""Input validation: every bad record raises a typed error naming it; nothing partial is kept."""

from __future__ import annotations

import math
from collections.abc import Sequence

from .errors import (
    DuplicateIdError,
    InvalidConfigurationError,
    InvalidNeedError,
    InvalidProviderError,
    InvalidRecordError,
)
from .model import CareMode, Need, Policy, PriorityGrid, Provider
from .schedule import N_SLOTS, WeeklySchedule

FULL_WEEK = (1 << N_SLOTS) - 1


def _check_schedule(
    error: type[InvalidRecordError], record_id: str, field: str, schedule: WeeklySchedule
) -> None:
    if not isinstance(schedule, WeeklySchedule) or not schedule.is_valid():
        raise error(record_id, field, "créneau hors de la semaine (0 à 335)")
    if schedule.is_empty():
        raise error(record_id, field, "planning vide")


def _check_point(error: type[InvalidRecordError], record_id: str, lat: float, lon: float) -> None:
    for name, value, bound in (("lat", lat, 90.0), ("lon", lon, 180.0)):
        if not isinstance(value, int | float) or not math.isfinite(value) or abs(value) > bound:
            raise error(record_id, name, f"coordonnée invalide ({value!r})")


def _check_id(error: type[InvalidRecordError], record_id: object, seen: set[str]) -> None:
    if not isinstance(record_id, str) or not record_id:
        raise error(repr(record_id), "id", "identifiant vide")
    if record_id in seen:
        raise DuplicateIdError(record_id, "id", "identifiant en double")
    seen.add(record_id)


def validate_need(need: Need, policy: Policy) -> None:
    rid = need.id
    if need.age_months is None:
        raise InvalidNeedError(rid, "age_months", "âge inconnu")
    if not isinstance(need.age_months, int) or not 0 <= need.age_months <= policy.max_age_months:
        raise InvalidNeedError(rid, "age_months", f"âge hors limites ({need.age_months!r} mois)")
    _check_schedule(InvalidNeedError, rid, "schedule", need.schedule)
    _check_point(InvalidNeedError, rid, need.lat, need.lon)
    if not math.isfinite(need.max_km) or need.max_km <= 0:
        raise InvalidNeedError(rid, "max_km", f"distance maximale invalide ({need.max_km!r})")
    if not need.modes or not all(isinstance(m, CareMode) for m in need.modes):
        raise InvalidNeedError(rid, "modes", "aucun mode d'accueil accepté")
    if need.siblings_together and not need.sibling_group:
        raise InvalidNeedError(rid, "sibling_group", "fratrie demandée sans groupe")


def validate_provider(provider: Provider, policy: Policy) -> None:
    rid = provider.id
    if not isinstance(provider.kind, CareMode):
        raise InvalidProviderError(rid, "kind", f"type inconnu ({provider.kind!r})")
    opening, lat, lon = provider.opening, provider.lat, provider.lon
    # the detailed checks only when the quick ones fail (they name the problem)
    bits = opening.bits if type(opening) is WeeklySchedule else None
    if type(bits) is not int or not 0 < bits <= FULL_WEEK:
        _check_schedule(InvalidProviderError, rid, "opening", opening)
    if not (
        isinstance(lat, float)
        and isinstance(lon, float)
        and -90 <= lat <= 90
        and -180 <= lon <= 180
    ):
        _check_point(InvalidProviderError, rid, lat, lon)
    if provider.is_nursery:
        if not provider.groups:
            raise InvalidProviderError(rid, "groups", "crèche sans section d'âge")
        for group in provider.groups:
            if isinstance(group.places, bool) or not isinstance(group.places, int):
                raise InvalidProviderError(
                    rid, "groups", f"nombre de places non entier ({group.name} : {group.places!r})"
                )
            if group.places < 0:
                raise InvalidProviderError(rid, "groups", f"places négatives ({group.name})")
            if not 0 <= group.min_months < group.max_months:
                raise InvalidProviderError(rid, "groups", f"bornes d'âge invalides ({group.name})")
        # Overlapping sections would let one child count in two sections' places: refused.
        ordered = sorted(provider.groups, key=lambda g: (g.min_months, g.max_months))
        for before, after in zip(ordered, ordered[1:], strict=False):
            if after.min_months < before.max_months:
                raise InvalidProviderError(
                    rid,
                    "groups",
                    f"sections d'âge qui se chevauchent ({before.name} : {before.min_months}–"
                    f"{before.max_months} mois, {after.name} : {after.min_months}–"
                    f"{after.max_months} mois)",
                )
    else:
        limit = policy.max_agrement_children * provider.assistants
        if provider.kind is CareMode.CHILDMINDER and provider.assistants != 1:
            raise InvalidProviderError(rid, "assistants", "une assistante maternelle seule")
        if not 1 <= provider.assistants <= policy.max_assistants_per_house:
            raise InvalidProviderError(rid, "assistants", "nombre d'assistantes invalide")
        if isinstance(provider.capacity, bool) or not isinstance(provider.capacity, int):
            raise InvalidProviderError(
                rid, "capacity", f"capacité d'agrément non entière ({provider.capacity!r})"
            )
        if not 0 <= provider.capacity <= limit:
            raise InvalidProviderError(
                rid,
                "capacity",
                f"capacité d'agrément illégale ({provider.capacity} : entre 0 et {limit})",
            )
        high = provider.max_age_months
        if provider.min_age_months < 0 or (high is not None and high <= provider.min_age_months):
            raise InvalidProviderError(rid, "age", "conditions d'âge de l'agrément invalides")
    for name in ("avip_share", "social_minima_share"):
        share = getattr(provider, name)
        if share is not None and not 0.0 <= share <= 1.0:
            raise InvalidProviderError(rid, name, "part réservée hors de [0, 1]")
    for child in provider.in_care:
        schedule = child.schedule
        bits = schedule.bits if type(schedule) is WeeklySchedule else None
        if type(bits) is not int or not 0 < bits <= FULL_WEEK:
            _check_schedule(InvalidProviderError, rid, "in_care", schedule)
        if child.age_months < 0:
            raise InvalidProviderError(rid, "in_care", "âge négatif d'un enfant accueilli")


def validate_inputs(
    needs: Sequence[Need],
    providers: Sequence[Provider],
    policy: Policy,
    grid: PriorityGrid | None = None,
) -> None:
    """Validate everything before any computation; raises the first error, in id order."""
    validate_policy(policy)
    if grid is not None and (grid.base < 0 or any(v < 0 for v in grid.points.values())):
        raise InvalidConfigurationError(grid.name, "points", "points de cotation négatifs")
    seen: set[str] = set()
    for provider in providers:
        _check_id(InvalidProviderError, provider.id, seen)
        validate_provider(provider, policy)
    seen = set()
    groups: dict[str, bool] = {}
    good_modes: set[frozenset[CareMode]] = set()
    for need in needs:
        if not _plainly_valid(need, policy, seen, good_modes):
            # the detailed checks name the first problem (or accept an unusual valid record)
            _check_id(InvalidNeedError, need.id, seen)
            validate_need(need, policy)
        if need.sibling_group:
            together = groups.setdefault(need.sibling_group, need.siblings_together)
            if together != need.siblings_together:
                raise InvalidNeedError(need.id, "siblings_together", "fratrie incohérente")


def _plainly_valid(
    need: Need, policy: Policy, seen: set[str], good_modes: set[frozenset[CareMode]]
) -> bool:
    """Fast path of the checks of one need: True only when they would all pass (the id is
    then recorded as seen); False means "run the detailed checks"."""
    rid, age, schedule = need.id, need.age_months, need.schedule
    if type(rid) is not str or not rid or rid in seen:
        return False
    if type(age) is not int or not 0 <= age <= policy.max_age_months:
        return False
    if type(schedule) is not WeeklySchedule:
        return False
    bits = schedule.bits
    if type(bits) is not int or not 0 < bits <= FULL_WEEK:
        return False
    lat, lon, km = need.lat, need.lon, need.max_km
    if type(lat) is not float or type(lon) is not float or type(km) is not float:
        return False
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0 and 0.0 < km < math.inf):
        return False
    modes = need.modes
    if type(modes) is not frozenset:
        return False
    if modes not in good_modes:
        if not modes:
            return False
        if not all(isinstance(m, CareMode) for m in modes):
            return False
        good_modes.add(modes)
    if need.siblings_together and not need.sibling_group:
        return False
    seen.add(rid)
    return True


_FLOAT_SETTINGS = frozenset({"lagrangian_pricing_margin", "lagrangian_distance_weight"})
SOLVER_MINIMA = {
    "lagrangian_candidates": 1,
    "lagrangian_entering": 1,
    "lagrangian_memory": 1,
    "lagrangian_extra_iterations": 1,
    "lagrangian_pricing_margin": 0,
    "lagrangian_distance_weight": 0,
    "lagrangian_extra_rounds": 0,
    "reround_exchange_options": 0,
    "lagrangian_check_after": 1,
    "repair_passes": 0,
    "distance_swaps": 0,
    "max_candidates_per_need": 0,
    "memory_budget_bytes": 0,
    "milp_node_limit": 1,
    "exact_component_needs": 0,
    "milp_rescue_needs": 0,
    "polish_window_needs": 0,
    "polish_sweeps": 0,
}


def validate_policy(policy: Policy) -> None:
    for name in ("max_agrement_children", "max_minors_under_11", "max_under_3"):
        if getattr(policy, name) < 0:
            raise InvalidConfigurationError("policy", name, "limite négative")
    if not math.isfinite(policy.max_candidates_km) or policy.max_candidates_km <= 0:
        raise InvalidConfigurationError(
            "policy", "max_candidates_km", "rayon maximal fini et positif attendu"
        )
    if policy.relaxation not in ("lagrangian", "lp"):
        raise InvalidConfigurationError("policy", "relaxation", "attendu « lagrangian » ou « lp »")
    if not policy.lagrangian_temperatures or min(policy.lagrangian_temperatures) <= 0:
        raise InvalidConfigurationError("policy", "lagrangian_temperatures", "températures > 0")
    if len(policy.lagrangian_iterations) != len(policy.lagrangian_temperatures) or any(
        n < 1 for n in policy.lagrangian_iterations
    ):
        raise InvalidConfigurationError(
            "policy", "lagrangian_iterations", "un nombre d'itérations (≥ 1) par température"
        )
    shares = policy.lagrangian_round_shares
    if not shares or any(not 0.0 < share <= 1.0 for share in shares):
        raise InvalidConfigurationError(
            "policy", "lagrangian_round_shares", "au moins un seuil, chacun dans ]0, 1]"
        )
    for name in (
        "avip_share", "social_minima_share", "lagrangian_target_gap", "milp_rescue_gap",
        "lagrangian_reround_within",
    ):  # fmt: skip
        if not 0.0 <= getattr(policy, name) <= 1.0:
            raise InvalidConfigurationError("policy", name, "valeur hors de [0, 1]")
    for name, least in SOLVER_MINIMA.items():
        value = getattr(policy, name)
        if isinstance(least, int) and name not in _FLOAT_SETTINGS and type(value) is not int:
            raise InvalidConfigurationError("policy", name, f"entier attendu, reçu {value!r}")
        if value < least:
            raise InvalidConfigurationError("policy", name, f"au moins {least}")
