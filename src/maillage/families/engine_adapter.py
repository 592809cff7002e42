"""THE adapter between the Django apps and the pure engine ``maillage.matching``.

It turns rows into plain engine records (needs, providers), keeps an in-memory index of the
providers per set of départements (rebuilt when a `ProviderIndexStamp` moves or after
`INDEX_TTL_SECONDS`), calls the engine in exactly two places (`_engine_family_options`,
`allocate_territory`) and turns the results into view objects that never carry a
childminder's address or exact position.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q
from django.utils import timezone

from maillage import matching as engine
from maillage.childcare.freshness import freshness_penalty
from maillage.childcare.location import round_up_distance
from maillage.childcare.models import ChildInCare, Childminder, Nursery, NurseryAgeGroup
from maillage.childcare.policy import get_policy
from maillage.childcare.querysets import bounding_box
from maillage.families import options_fallback
from maillage.families.models import ProviderIndexStamp
from maillage.territory.models import Commune

if TYPE_CHECKING:
    from maillage.families.models import Need

logger = logging.getLogger(__name__)

INDEX_TTL_SECONDS = 300
DEFAULT_LIMIT = 20
CHILDMINDER_PREFIX = "am"
NURSERY_PREFIX = "creche"

KIND_LABELS = {
    engine.CareMode.CHILDMINDER: "Assistante maternelle",
    engine.CareMode.CHILDMINDERS_HOUSE: "Maison d'assistants maternels",
    engine.CareMode.NURSERY: "Crèche",
}
# Need model flag -> engine mode / priority.
MODE_OF_FLAG = {
    "accepts_childminder": engine.CareMode.CHILDMINDER,
    "accepts_mam": engine.CareMode.CHILDMINDERS_HOUSE,
    "accepts_nursery": engine.CareMode.NURSERY,
}
FLAG_OF_MODE = {mode: flag for flag, mode in MODE_OF_FLAG.items()}
PRIORITY_OF_FLAG = {
    "job_seeker": engine.Priority.JOB_SEEKER,
    "in_training": engine.Priority.IN_TRAINING,
    "single_parent": engine.Priority.SINGLE_PARENT,
    "social_minima": engine.Priority.SOCIAL_MINIMA,
    "child_disability": engine.Priority.DISABILITY,
    "sibling_placed": engine.Priority.SIBLING_PLACED,
    "counsellor_referral": engine.Priority.COUNSELLOR_REFERRAL,
}


# ---------------------------------------------------------------- records


def schedule_of(bits: str) -> engine.WeeklySchedule:
    """336-char '0'/'1' string (Monday 00:00 first) -> engine schedule (bit i = slot i)."""
    return engine.WeeklySchedule(int(bits[::-1], 2) if bits else 0)


def age_in_months(birth: dt.date, on: dt.date) -> int:
    months = (on.year - birth.year) * 12 + on.month - birth.month - (on.day < birth.day)
    return max(0, months)


def engine_policy() -> engine.Policy:
    care = get_policy()
    return engine.Policy(
        max_agrement_children=care.max_agrement_children,
        max_minors_under_11=care.max_minors_under_11,
        max_under_3=care.max_under_3,
        avip_share=float(care.avip_min_share),
    )


def engine_grid() -> engine.PriorityGrid:
    return engine.PriorityGrid()


def need_key(pk: int) -> str:
    return f"besoin-{pk}"


def need_record(
    need: Need,
    *,
    max_km: float | None = None,
    start: dt.date | None = None,
    modes: frozenset[engine.CareMode] | None = None,
) -> engine.Need:
    """The engine's view of a need; overrides re-run it with a relaxed value."""
    start = start or need.start_date
    accepted = frozenset(m for flag, m in MODE_OF_FLAG.items() if getattr(need, flag))
    return engine.Need(
        id=need_key(need.pk),
        age_months=age_in_months(need.child_birth_date, start),
        schedule=schedule_of(need.schedule),
        lat=float(need.latitude),
        lon=float(need.longitude),
        commune=need.commune_id,
        max_km=float(max_km if max_km is not None else need.max_distance_km),
        start=start,
        modes=modes if modes is not None else accepted,
        priorities=frozenset(p for flag, p in PRIORITY_OF_FLAG.items() if getattr(need, flag)),
        declared_at=timezone.localdate(need.created_at) if need.created_at else dt.date.min,
    )


@dataclass(frozen=True)
class ProviderInfo:
    """What a family may see of a provider: never a childminder's address or exact point."""

    key: str
    kind: engine.CareMode
    label: str
    commune_name: str
    map_lat: float  # commune centroid for a childminder, the crèche's own point otherwise
    map_lon: float
    penalty: float = 0.0

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def model_pk(self) -> int:
        return int(self.key.rsplit("-", 1)[1])

    @property
    def is_nursery(self) -> bool:
        return self.kind is engine.CareMode.NURSERY


def provider_key_of(*, childminder_id: int | None = None, nursery_id: int | None = None) -> str:
    if childminder_id:
        return f"{CHILDMINDER_PREFIX}-{childminder_id}"
    return f"{NURSERY_PREFIX}-{nursery_id}"


def parse_provider_key(key: str) -> tuple[str, int] | None:
    prefix, _, pk = (key or "").partition("-")
    if prefix not in (CHILDMINDER_PREFIX, NURSERY_PREFIX) or not pk.isdigit():
        return None
    return prefix, int(pk)


def _childminder_record(
    cm: Childminder, today: dt.date, policy: engine.Policy
) -> engine.Provider | None:
    opening = schedule_of(cm.working_hours)
    if opening.is_empty():
        return None
    children = [
        engine.ChildInCare(age_months=c.age_months, schedule=schedule_of(c.schedule))
        for c in cm.present_children
        if not schedule_of(c.schedule).is_empty()
    ]
    own_under_3 = cm.own_children_under_3
    own_older = max(0, cm.own_children_under_11 - own_under_3)
    children += [engine.ChildInCare(12, opening, own_child=True)] * own_under_3
    children += [engine.ChildInCare(72, opening, own_child=True)] * own_older
    low = cm.agrement_min_age_months
    high = max(cm.agrement_max_age_months, low + 1)
    return engine.Provider(
        id=provider_key_of(childminder_id=cm.pk),
        kind=engine.CareMode.CHILDMINDERS_HOUSE if cm.mam_id else engine.CareMode.CHILDMINDER,
        lat=float(cm.latitude),
        lon=float(cm.longitude),
        commune=cm.commune_id,
        opening=opening,
        capacity=min(cm.agrement_capacity, policy.max_agrement_children),
        min_age_months=low,
        max_age_months=high,
        in_care=tuple(children),
        free_from=cm.available_from or dt.date.max,
    )


def _nursery_record(nursery: Nursery, today: dt.date) -> engine.Provider | None:
    opening = schedule_of(nursery.opening_hours)
    groups = [g for g in nursery.age_groups.all() if g.max_age_months > g.min_age_months]
    if opening.is_empty() or not groups:
        return None
    dates = [g.free_from or today for g in groups if g.places > g.places_taken]
    return engine.Provider(
        id=provider_key_of(nursery_id=nursery.pk),
        kind=engine.CareMode.NURSERY,
        lat=float(nursery.latitude),
        lon=float(nursery.longitude),
        commune=nursery.commune_id,
        opening=opening,
        groups=tuple(
            engine.AgeGroup(
                name=f"{g.get_kind_display()} ({g.pk})",
                min_months=g.min_age_months,
                max_months=g.max_age_months,
                places=max(0, g.places - g.places_taken),
            )
            for g in groups
        ),
        free_from=min(dates) if dates else dt.date.max,
        avip=nursery.is_avip,
        social_minima_quota=nursery.social_minima_share > 0,
        name=nursery.name,
    )


# ---------------------------------------------------------------- index (cache)


@dataclass
class DepartementProviders:
    """The visible providers of one département, as engine records (cached)."""

    code: str
    version: tuple[Any, ...]
    built_at: float
    providers: list[engine.Provider]
    info: dict[str, ProviderInfo]
    fallback: options_fallback.FallbackIndex | None = None


@dataclass
class ProviderIndex:
    """Providers of a set of départements, with the engine's reusable index."""

    departements: tuple[str, ...]
    version: tuple[Any, ...]
    providers: list[engine.Provider]
    info: dict[str, ProviderInfo]
    policy: engine.Policy
    engine_index: Any = None
    fallback: options_fallback.FallbackIndex | None = None


_BY_DEPARTEMENT: dict[str, DepartementProviders] = {}
_BY_SET: dict[tuple[str, ...], ProviderIndex] = {}
_LOCK = threading.Lock()


def bump_index(departement_codes: set[str] | list[str]) -> None:
    """Availability changed in these départements: the next results page rebuilds them."""
    from django.db.models import F

    for code in sorted({c for c in departement_codes if c}):
        ProviderIndexStamp.objects.bulk_create(
            [ProviderIndexStamp(departement=code)], ignore_conflicts=True
        )
        ProviderIndexStamp.objects.filter(departement=code).update(version=F("version") + 1)


def clear_indexes() -> None:
    with _LOCK:
        _BY_DEPARTEMENT.clear()
        _BY_SET.clear()


def departements_around(lat: float, lon: float, km: float) -> tuple[str, ...]:
    """Départements having a commune centroid within the bounding box of the radius (plus
    a margin of 5 km, a commune's own extent)."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, km + 5)
    codes = (
        Commune.objects.filter(
            latitude__gte=min_lat,
            latitude__lte=max_lat,
            longitude__gte=min_lon,
            longitude__lte=max_lon,
        )
        .order_by()
        .values_list("departement_id", flat=True)
        .distinct()
    )
    return tuple(sorted(set(codes)))


def provider_index(departements: tuple[str, ...], today: dt.date | None = None) -> ProviderIndex:
    """The cached providers of these départements (one small query when nothing moved)."""
    today = today or timezone.localdate()
    stamps = dict(
        ProviderIndexStamp.objects.filter(departement__in=departements).values_list(
            "departement", "version"
        )
    )
    now = time.monotonic()
    parts = []
    for code in departements:
        version = (today, stamps.get(code, 0))
        with _LOCK:
            part = _BY_DEPARTEMENT.get(code)
        if part is None or part.version != version or now - part.built_at > INDEX_TTL_SECONDS:
            part = _build_departement(code, version, today)
            with _LOCK:
                _BY_DEPARTEMENT[code] = part
        parts.append(part)
    key = tuple((p.code, p.version, p.built_at) for p in parts)
    with _LOCK:
        cached = _BY_SET.get(departements)
    if cached is not None and cached.version == key:
        return cached
    policy = engine_policy()
    providers = [record for part in parts for record in part.providers]
    index = ProviderIndex(
        departements=departements,
        version=key,
        providers=providers,
        info={k: v for part in parts for k, v in part.info.items()},
        policy=policy,
    )
    if hasattr(engine, "family_options"):
        index.engine_index = _engine_options_index(providers, policy)
    else:
        index.fallback = options_fallback.FallbackIndex.merge(
            [p.fallback for p in parts if p.fallback is not None], policy
        )
    with _LOCK:
        _BY_SET[departements] = index
    return index


def _build_departement(code: str, version: tuple[Any, ...], today: dt.date) -> DepartementProviders:
    started = time.perf_counter()
    policy = engine_policy()
    present = ChildInCare.objects.filter(Q(leaves_on__isnull=True) | Q(leaves_on__gt=today)).only(
        "childminder_id", "age_months", "schedule", "leaves_on"
    )
    childminders = (
        Childminder.objects.visible(today)
        .filter(commune__departement_id=code)
        .select_related("commune", "user")
        .prefetch_related(Prefetch("children_in_care", queryset=present, to_attr="present_children"))
    )
    nurseries = (
        Nursery.objects.filter(commune__departement_id=code)
        .select_related("commune")
        .prefetch_related(Prefetch("age_groups", queryset=NurseryAgeGroup.objects.order_by("pk")))
    )
    providers: list[engine.Provider] = []
    info: dict[str, ProviderInfo] = {}
    for cm in childminders:
        record = _childminder_record(cm, today, policy)
        if record is None:
            continue
        initial = (cm.user.first_name[:1] + ".") if cm.user.first_name else ""
        providers.append(record)
        info[record.id] = ProviderInfo(
            key=record.id,
            kind=record.kind,
            label=f"{KIND_LABELS[record.kind]} {initial}".strip(),
            commune_name=cm.commune.name,
            map_lat=float(cm.commune.latitude),
            map_lon=float(cm.commune.longitude),
            penalty=freshness_penalty(cm, today),
        )
    for nursery in nurseries:
        record = _nursery_record(nursery, today)
        if record is None:
            continue
        providers.append(record)
        info[record.id] = ProviderInfo(
            key=record.id,
            kind=record.kind,
            label=nursery.name,
            commune_name=nursery.commune.name,
            map_lat=float(nursery.latitude),
            map_lon=float(nursery.longitude),
        )
    part = DepartementProviders(code, version, time.monotonic(), providers, info)
    if not hasattr(engine, "family_options"):
        part.fallback = options_fallback.FallbackIndex.build(providers, policy)
    logger.info(
        "provider_index departement=%s providers=%s built_in=%.3fs",
        code,
        len(providers),
        time.perf_counter() - started,
    )
    return part


def _engine_options_index(providers: list[engine.Provider], policy: engine.Policy) -> Any:
    """The engine's reusable index for `family_options`, when it offers one."""
    builder = getattr(engine, "OptionsIndex", None) or getattr(engine, "ProviderIndex", None)
    if builder is None:
        return None
    build = getattr(builder, "build", None)
    try:
        return build(providers, policy=policy) if build else builder(providers, policy=policy)
    except TypeError:
        return None


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


def options_for_need(
    need: Need,
    *,
    max_km: float | None = None,
    start: dt.date | None = None,
    modes: frozenset[engine.CareMode] | None = None,
    limit: int = DEFAULT_LIMIT,
    today: dt.date | None = None,
) -> OptionsView:
    """Ranked options for a need (with optional filters or relaxed values)."""
    record = need_record(need, max_km=max_km, start=start, modes=modes)
    around = max(record.max_km, 1.0) + options_fallback.RELAX_KM[-1]
    index = provider_index(departements_around(record.lat, record.lon, around), today)
    result = _engine_family_options(record, index, limit=limit)
    return _view(result, index, record, limit)


def _engine_family_options(record: engine.Need, index: ProviderIndex, *, limit: int) -> Any:
    """The one call to the engine's `family_options` (the fallback until it is published)."""
    family_options = getattr(engine, "family_options", None)
    if family_options is None:
        assert index.fallback is not None
        return options_fallback.family_options(record, index.fallback, limit=limit * 2)
    return family_options(
        record,
        index.providers,
        policy=index.policy,
        grid=engine_grid(),
        index=index.engine_index,
        limit=limit * 2,
    )


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
        options.append(
            OptionView(
                info=info,
                distance_km=round_up_distance(float(getattr(option, "distance_km", 0.0))),
                score=score,
                explanation_fr=str(getattr(option, "explanation_fr", "")),
            )
        )
    options.sort(key=lambda o: (-o.score, o.distance_km, o.key))
    relaxations = [
        view for r in getattr(result, "relaxations", ()) if (view := _relaxation(r, record))
    ]
    return OptionsView(
        options=options[:limit],
        reasons_fr=[str(r) for r in getattr(result, "reasons_fr", ())],
        relaxations=relaxations,
        providers_considered=len(index.providers),
    )


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
    departements = tuple(sorted({n.commune.departement_id for n in needs}))
    index = provider_index(departements, today)
    result = engine.allocate(
        records, index.providers, mode="optimal", policy=index.policy, grid=engine_grid()
    )
    proposals = [
        Proposal(int(a.need_id.rsplit("-", 1)[1]), a.provider_id, a.distance_km)
        for a in result.assignments
    ]
    return AllocationView(
        proposals=proposals,
        unassigned=[int(n.rsplit("-", 1)[1]) for n in result.unassigned],
        skipped=skipped,
        objective=result.objective,
        upper_bound=result.upper_bound,
        gap=result.gap,
        seconds=time.perf_counter() - started,
        providers=len(index.providers),
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

