"""THE adapter between the Django apps and the pure engine ``maillage.matching``.

The engine is called in exactly four places: `_engine_family_options` (one family's ranked
options, or the reasons and relaxations), `relaxations_for_need` (one-click relaxations, each
counted by re-running the engine on a modified copy of the need), `allocate_territory` (the
optimal territory allocation) and `allocate_nurseries` (a crèche manager's commission
d'attribution). Its input
is prepared by `engine_records` (records + in-memory provider index) and its results are
turned into view objects that never carry a childminder's address or exact position.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from maillage import matching as engine
from maillage.childcare.location import round_up_distance
from maillage.core.memo import Memo
from maillage.families.engine_records import (
    CHILDMINDER_PREFIX,
    FLAG_OF_MODE,
    MODE_OF_FLAG,
    NURSERY_PREFIX,
    ProviderIndex,
    ProviderInfo,
    age_in_months,
    bump_index,
    clear_indexes,
    departements_around,
    engine_grid,
    engine_policy,
    grid_from_points,
    need_key,
    need_record,
    nursery_record,
    parse_provider_key,
    provider_index,
    provider_index_bump,
    provider_index_bump_on_commit,
    provider_key_of,
    schedule_of,
)
from maillage.matching.options import SEARCH_MARGIN_KM

if TYPE_CHECKING:
    from maillage.childcare.models import Nursery
    from maillage.families.models import Need

DEFAULT_LIMIT = 20
# Providers this far beyond the family's maximum are loaded too, so that the engine can
# propose "+N km" relaxations (its own search margin).
RELAXATION_MARGIN_KM = float(SEARCH_MARGIN_KM)

__all__ = [
    "CHILDMINDER_PREFIX",
    "MODE_OF_FLAG",
    "EngineFailure",
    "NURSERY_PREFIX",
    "age_in_months",
    "allocate_nurseries",
    "allocate_territory",
    "bump_index",
    "clear_indexes",
    "map_points",
    "need_record",
    "options_for_need",
    "parse_provider_key",
    "relaxations_for_need",
    "provider_index",
    "provider_index_bump",
    "provider_index_bump_on_commit",
    "RELAXATION_MARGIN_KM",
    "departements_around",
    "provider_key_of",
    "schedule_of",
]


# ---------------------------------------------------------------- options for one need


@dataclass(frozen=True)
class OptionView:
    info: ProviderInfo
    distance_km: float  # rounded up to 0.5 km
    score: float
    explanation_fr: str

    @property
    def key(self) -> str:
        return self.info.key


@dataclass(frozen=True)
class RelaxationView:
    label_fr: str
    params: dict[str, str]


@dataclass
class OptionsView:
    options: list[OptionView]
    reasons_fr: list[str]
    relaxations: list[RelaxationView]
    providers_considered: int = 0
    # What the engine changed before searching (a radius above the territory's limit).
    notes_fr: list[str] = field(default_factory=list)


def options_for_need(
    need: Need,
    *,
    max_km: float | None = None,
    start: dt.date | None = None,
    modes: frozenset[engine.CareMode] | None = None,
    limit: int = DEFAULT_LIMIT,
    today: dt.date | None = None,
    departements: tuple[str, ...] | None = None,
    index: ProviderIndex | None = None,
) -> OptionsView:
    """Ranked options for a need (with optional filters or relaxed values); `departements`
    spares the lookup of the départements around when the caller knows them, `index` the
    read of the providers' index (the caller read it for these départements, today)."""
    record = need_record(need, max_km=max_km, start=start, modes=modes)
    if index is None:
        if departements is None:
            around = max(record.max_km, 1.0) + RELAXATION_MARGIN_KM
            departements = departements_around(record.lat, record.lon, around)
        index = provider_index(departements, today)
    grid = engine_grid(need.commune.departement_id if need.commune_id else None)
    key = (record, index.version, grid.base, tuple(sorted(grid.points.items())), limit)
    return _OPTIONS.get_or_compute(
        key,
        lambda: _view(
            _engine_family_options(record, index, limit=limit, grid=grid), index, record, limit
        ),
    )


# The same need against the same index version gives the same options: kept per process for
# the results page's reloads and the public search's repeated searches. Shared: read only.
_OPTIONS: Memo[OptionsView] = Memo("options_for_need", max_size=2048, ttl_seconds=600)


# Below this many options the results page offers one-click relaxations.
FEW_OPTIONS = 3


@dataclass(frozen=True)
class RelaxationChoice:
    """A change of the need the family may apply in one click, and what it opens."""

    kind: str  # distance, shift, start, mode (see `families.relax_services`)
    value: str
    label_fr: str
    text_fr: str
    options_count: int


def relaxations_for_need(
    need: Need,
    *,
    today: dt.date | None = None,
    departements: tuple[str, ...] | None = None,
) -> list[RelaxationChoice]:
    """One-click relaxations of a need: each re-runs the engine on a modified copy of the
    need (never saved) against the same providers and counts the options it opens;
    `departements` spares the lookup of the départements around when the caller knows them."""
    record = need_record(need)
    if departements is None:
        around = max(record.max_km, 1.0) + RELAXATION_MARGIN_KM
        departements = departements_around(record.lat, record.lon, around)
    index = provider_index(departements, today)
    grid = engine_grid(need.commune.departement_id if need.commune_id else None)
    birth = need.child_birth_date
    key = (record, birth, index.version, grid.base, tuple(sorted(grid.points.items())))

    def compute() -> list[RelaxationChoice]:
        found = engine.suggest_relaxations(
            record, index.engine_index, grid, age_at=lambda day: age_in_months(birth, day)
        )
        return [
            RelaxationChoice(r.kind, r.value, r.label_fr, r.text_fr, r.options_count) for r in found
        ]

    return list(_RELAXATIONS.get_or_compute(key, compute))


# Like the options: the same need against the same index version has the same relaxations
# (about fifteen engine evaluations), kept per process for the results page's reloads.
_RELAXATIONS: Memo[list[RelaxationChoice]] = Memo(
    "relaxations_for_need", max_size=2048, ttl_seconds=600
)


def _engine_family_options(
    record: engine.Need,
    index: ProviderIndex,
    *,
    limit: int,
    grid: engine.PriorityGrid | None = None,
) -> Any:
    """The one call to the engine's `family_options` (with the territory's cotation grid)."""
    return engine.family_options(
        record,
        index.providers,
        policy=index.policy,
        grid=grid or engine_grid(),
        index=index.engine_index,
        limit=limit * 2,
    )


_ENGINE_RANK = re.compile(r" ; classée .*$")


def _as_displayed(options: list[OptionView]) -> list[OptionView]:
    """Each provider once, and each explanation's rank and comparison about the list as the
    family sees it (the engine ranked before the penalty for unconfirmed availability and
    before the page's cut)."""
    shown: list[OptionView] = []
    seen: set[str] = set()
    for option in options:
        if option.key in seen:
            continue
        seen.add(option.key)
        rank = len(shown) + 1
        if rank == 1:
            why = "classée 1re : meilleur score (proximité, préférences, places libres)"
        else:
            prev = shown[-1]
            cause = (
                "plus loin"
                if option.distance_km > prev.distance_km
                else "moins bien placée (préférences, places libres, disponibilités récentes)"
            )
            why = f"classée {rank}e : {cause} que {prev.info.label}"
        text = _ENGINE_RANK.sub("", option.explanation_fr) + " ; " + why
        shown.append(dataclasses.replace(option, explanation_fr=text))
    return shown


def _view(result: Any, index: ProviderIndex, record: engine.Need, limit: int) -> OptionsView:
    options: list[OptionView] = []
    for option in getattr(result, "options", ()):
        key = str(getattr(option, "provider_id", "") or getattr(option, "provider", ""))
        if hasattr(getattr(option, "provider", None), "id"):
            key = option.provider.id
        info = index.info.get(key)
        if info is None:
            continue
        score = float(getattr(option, "score", 0.0)) * (1.0 - info.penalty)
        distance = round_up_distance(float(getattr(option, "distance_km", 0.0)))
        explanation = str(getattr(option, "explanation_fr", ""))
        if info.kind is not engine.CareMode.NURSERY:
            explanation = _approximate_distance(explanation, distance)
        options.append(
            OptionView(info=info, distance_km=distance, score=score, explanation_fr=explanation)
        )
    options.sort(key=lambda o: (-o.score, o.distance_km, o.key))
    options = _as_displayed(options[:limit])
    relaxations = [
        view for r in getattr(result, "relaxations", ()) if (view := _relaxation(r, record))
    ]
    return OptionsView(
        options=options,
        reasons_fr=[str(r) for r in getattr(result, "reasons_fr", ())],
        relaxations=relaxations,
        providers_considered=len(index.providers),
        notes_fr=[str(n) for n in getattr(result, "notes_fr", ())],
    )


_EXACT_DISTANCE = re.compile(r"^À [0-9]+(?:,[0-9]+)? km")


def _approximate_distance(explanation: str, rounded_km: float) -> str:
    """A childminder's home is private: her distance is shown rounded, as on the card."""
    approx = f"{rounded_km:g}".replace(".", ",")
    return _EXACT_DISTANCE.sub(f"À environ {approx} km", explanation, count=1)


def _relaxation(relax: Any, record: engine.Need) -> RelaxationView | None:
    """Engine relaxation -> a link's label and query parameters."""
    label = str(getattr(relax, "label_fr", "") or getattr(relax, "explanation_fr", ""))
    params: dict[str, str] = {}
    max_km = getattr(relax, "max_km", None)
    start = getattr(relax, "start", None)
    modes = getattr(relax, "modes", None)
    if max_km is not None and float(max_km) > record.max_km:
        params["distance"] = f"{float(max_km):g}"
    if isinstance(start, dt.date) and start > record.start:
        params["debut"] = start.isoformat()
    if modes:
        params["modes"] = ",".join(FLAG_OF_MODE[m] for m in modes if m in FLAG_OF_MODE)
    if not params or not label:
        return None
    return RelaxationView(label_fr=label, params=params)


# ---------------------------------------------------------------- territory allocation


@dataclass(frozen=True)
class Proposal:
    need_id: int
    provider_key: str
    distance_km: float


@dataclass
class AllocationView:
    proposals: list[Proposal]
    unassigned: list[int]
    skipped: dict[int, str]
    objective: int
    upper_bound: float | None
    gap: float | None
    seconds: float
    providers: int


def allocate_territory(needs: list[Need], *, today: dt.date | None = None) -> AllocationView:
    """Run the optimal allocation on these open needs and the visible providers around."""
    started = time.perf_counter()
    today = today or timezone.localdate()
    records: list[engine.Need] = []
    skipped: dict[int, str] = {}
    policy = engine_policy()
    for need in needs:
        record = need_record(need)
        if record.schedule.is_empty():
            skipped[need.pk] = "Aucun horaire indiqué."
        elif not policy.min_age_months <= (record.age_months or 0) <= policy.max_age_months:
            skipped[need.pk] = "Âge de l'enfant hors des limites à la date de début."
        else:
            records.append(record)
    departement_of = {need_key(n.pk): n.commune.departement_id for n in needs}
    proposals: list[Proposal] = []
    unassigned: list[int] = []
    objective, providers = 0, 0
    bounds: list[float | None] = []
    gaps: list[float | None] = []
    # One run per cotation grid: the territory's grid weighs its families. Départements
    # sharing a grid compete in one run; a département with its own grid runs on its own
    # providers only, so that no place is proposed twice.
    for grid_points, group in _records_by_grid(records, departement_of):
        departements = tuple(sorted({departement_of[r.id] for r in group}))
        index = provider_index(departements, today)
        grid = grid_from_points(dict(grid_points), name="cotation du territoire")
        result = engine.allocate(
            group, index.providers, mode="optimal", policy=index.policy, grid=grid
        )
        proposals += [
            Proposal(int(a.need_id.rsplit("-", 1)[1]), a.provider_id, a.distance_km)
            for a in result.assignments
        ]
        unassigned += [int(n.rsplit("-", 1)[1]) for n in result.unassigned]
        objective += int(result.objective)
        providers += len(index.providers)
        bounds.append(result.upper_bound)
        gaps.append(result.gap)
    return AllocationView(
        proposals=proposals,
        unassigned=unassigned,
        skipped=skipped,
        objective=objective,
        upper_bound=sum(b for b in bounds if b is not None)
        if bounds and None not in bounds
        else None,
        gap=max((g for g in gaps if g is not None), default=None) if gaps else None,
        seconds=time.perf_counter() - started,
        providers=providers,
    )


def _records_by_grid(
    records: list[engine.Need], departement_of: dict[str, str]
) -> list[tuple[tuple[tuple[str, int], ...], list[engine.Need]]]:
    """Records grouped by the cotation grid of their département (one group when every
    département uses the common grid)."""
    from maillage.childcare.cotation import cotation_grid_for

    groups: dict[tuple[tuple[str, int], ...], list[engine.Need]] = {}
    for record in records:
        key = tuple(sorted(cotation_grid_for(departement_of[record.id]).items()))
        groups.setdefault(key, []).append(record)
    if not groups:
        key = tuple(sorted(cotation_grid_for(None).items()))
        groups[key] = []
    return list(groups.items())


class EngineFailure(Exception):  # noqa: N818 - what the caller shows
    """The engine refused or could not solve the input; the message is the engine's."""


@dataclass
class NurseryAllocationView:
    """A commission's run on a set of crèches: placements and the engine's explanation."""

    mode: str
    placements: dict[int, tuple[int, float]]  # need pk -> (nursery pk, distance km)
    unassigned: list[int]
    skipped: dict[int, str]
    objective: int
    placed: int
    upper_bound: float | None
    gap: float | None
    blocking_pairs: int | None
    quota_refusals: int
    stability_note_fr: str
    by_priority: list[tuple[str, int, int]]  # (engine group, needs, placed)
    seconds: float


def allocate_nurseries(
    needs: list[Need],
    nurseries: list[Nursery],
    *,
    mode: str,
    points: dict[str, int],
    today: dt.date | None = None,
) -> NurseryAllocationView:
    """Run the engine (stable or optimal) for these crèches only (their sections must be
    prefetched) and these candidate needs, scored with the cotation `points` {flag: points}."""
    started = time.perf_counter()
    today = today or timezone.localdate()
    policy = engine_policy()
    grid = grid_from_points(points, name="cotation de la commission")
    records: list[engine.Need] = []
    skipped: dict[int, str] = {}
    for need in needs:
        record = need_record(need, modes=frozenset({engine.CareMode.NURSERY}))
        if record.schedule.is_empty():
            skipped[need.pk] = "Aucun horaire indiqué."
        elif not policy.min_age_months <= (record.age_months or 0) <= policy.max_age_months:
            skipped[need.pk] = "Âge de l'enfant hors des limites à la date de début."
        else:
            records.append(record)
    providers = [p for n in nurseries if (p := nursery_record(n, today)) is not None]
    try:
        result = engine.allocate(records, providers, mode=mode, policy=policy, grid=grid)
    except engine.MatchingError as exc:
        raise EngineFailure(str(exc)) from exc
    placements = {
        int(a.need_id.rsplit("-", 1)[1]): (int(a.provider_id.rsplit("-", 1)[1]), a.distance_km)
        for a in result.assignments
    }
    stable = str(result.mode) == str(engine.AllocationMode.STABLE)
    return NurseryAllocationView(
        mode=str(result.mode),
        placements=placements,
        unassigned=[int(n.rsplit("-", 1)[1]) for n in result.unassigned],
        skipped=skipped,
        objective=int(result.objective),
        placed=int(result.placed),
        upper_bound=result.upper_bound,
        gap=result.gap,
        blocking_pairs=len(result.blocking_pairs) if stable else None,
        quota_refusals=len(result.quota_envy),
        stability_note_fr=str(result.stability_note_fr),
        by_priority=[(g.group, g.needs, g.placed) for g in result.report.by_priority],
        seconds=time.perf_counter() - started,
    )


def provider_info(key: str, departements: tuple[str, ...]) -> ProviderInfo | None:
    return provider_index(departements).info.get(key)


def map_points(options: list[OptionView]) -> list[dict[str, Any]]:
    """Points for the map: a childminder at her commune's centroid, never at her home."""
    return [
        {
            "lat": round(o.info.map_lat, 5),
            "lon": round(o.info.map_lon, 5),
            "label": o.info.label,
            "commune": o.info.commune_name,
            "distance": o.distance_km,
        }
        for o in options
    ]
