"""Engine records built from the apps' rows, and the in-memory provider index.

Part of the engine adapter (`engine_adapter` calls the engine; this module prepares its
input): needs and providers as plain `maillage.matching` records, the public face of a
provider (`ProviderInfo`: never a childminder's address or exact point), and the per-
département cache, rebuilt when a `ProviderIndexStamp` moves or after `INDEX_TTL_SECONDS`.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, Q
from django.utils import timezone

from maillage import matching as engine
from maillage.childcare.freshness import freshness_penalty
from maillage.childcare.models import ChildInCare, Childminder, Nursery, NurseryAgeGroup
from maillage.childcare.policy import get_policy
from maillage.childcare.querysets import bounding_box
from maillage.core.gc_tuning import freeze_long_lived
from maillage.core.memo import Memo
from maillage.families.cost.estimate import Tariff
from maillage.families.models import ProviderIndexStamp
from maillage.territory.models import Commune

if TYPE_CHECKING:
    from maillage.families.models import Need

logger = logging.getLogger(__name__)

INDEX_TTL_SECONDS = 300
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


def engine_grid(departement: str | None = None) -> engine.PriorityGrid:
    """The territory's cotation grid (`childcare.cotation`) as the engine's grid: the same
    points rank options, the territory allocation and the commissions."""
    from maillage.childcare.cotation import cotation_grid_for

    name = f"cotation du {departement}" if departement else "cotation du territoire"
    return grid_from_points(cotation_grid_for(departement), name=name)


def grid_from_points(points: dict[str, int], *, name: str) -> engine.PriorityGrid:
    """{need flag: points} -> the engine's grid (weight = 1 + the family's points)."""
    return engine.PriorityGrid(
        points={PRIORITY_OF_FLAG[f]: int(p) for f, p in points.items() if f in PRIORITY_OF_FLAG},
        name=name,
    )


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
    # What the cost estimate reads (`cost.services.option_estimates`), kept with the index so
    # that a search asks the database nothing for it: the childminder's prices (None: the
    # national reference), whether the crèche is PSU-funded.
    tariff: Tariff | None = None
    psu_funded: bool = True

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
    kind = engine.CareMode.CHILDMINDERS_HOUSE if cm.mam_id else engine.CareMode.CHILDMINDER
    return engine.Provider(
        id=provider_key_of(childminder_id=cm.pk),
        kind=kind,
        # The engine names providers in its explanations: only the public label, never an id.
        name=childminder_public_label(cm, kind),
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


def childminder_public_label(cm: Childminder, kind: engine.CareMode | None = None) -> str:
    """Her name as she chose to show it (`Childminder.display_name`); by default the kind and
    her first name's initial ('Assistante maternelle S.'). Never her address."""
    from maillage.childcare.enums import DisplayName

    if kind is None:
        kind = engine.CareMode.CHILDMINDERS_HOUSE if cm.mam_id else engine.CareMode.CHILDMINDER
    first, last = cm.user.first_name.strip(), cm.user.last_name.strip()
    choice = getattr(cm, "display_name", DisplayName.INITIAL)
    if choice == DisplayName.FULL_NAME and first and last:
        return f"{first} {last}"
    if choice == DisplayName.FIRST_NAME and first:
        return f"{first} {last[:1]}.".strip() if last else first
    if choice == DisplayName.COMMUNE:
        return f"{KIND_LABELS[kind]} à {cm.commune.name}"
    initial = (first[:1] + ".") if first else ""
    return f"{KIND_LABELS[kind]} {initial}".strip()


def _disjoint_groups(groups: list[engine.AgeGroup]) -> tuple[engine.AgeGroup, ...]:
    """The engine refuses overlapping age sections (a child would count in two sections'
    places). Sections published before that rule are merged here, explicitly: overlapping
    sections become one section over the union of their ages with the sum of their places."""
    merged: list[engine.AgeGroup] = []
    for group in sorted(groups, key=lambda g: (g.min_months, g.max_months)):
        last = merged[-1] if merged else None
        if last is not None and group.min_months < last.max_months:
            merged[-1] = engine.AgeGroup(
                name=f"{last.name} + {group.name}",
                min_months=last.min_months,
                max_months=max(last.max_months, group.max_months),
                places=last.places + group.places,
            )
        else:
            merged.append(group)
    return tuple(merged)


def nursery_record(nursery: Nursery, today: dt.date) -> engine.Provider | None:
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
        groups=_disjoint_groups(
            [
                engine.AgeGroup(
                    name=f"{g.get_kind_display()} ({g.pk})",
                    min_months=g.min_age_months,
                    max_months=g.max_age_months,
                    places=max(0, g.places - g.places_taken),
                )
                for g in groups
            ]
        ),
        free_from=min(dates) if dates else dt.date.max,
        avip=nursery.is_avip,
        social_minima_quota=nursery.social_minima_share > 0,
        name=nursery.name,
        # The crèche's own shares (an AVIP crèche without one: the policy's minimum).
        avip_share=float(nursery.avip_share) if nursery.is_avip and nursery.avip_share else None,
        social_minima_share=float(nursery.social_minima_share),
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


@dataclass
class ProviderIndex:
    """Providers of a set of départements, with the engine's reusable index."""

    departements: tuple[str, ...]
    version: tuple[Any, ...]
    providers: list[engine.Provider]
    info: dict[str, ProviderInfo]
    policy: engine.Policy
    engine_index: Any = None


_BY_DEPARTEMENT: dict[str, DepartementProviders] = {}
_BY_SET: dict[tuple[str, ...], ProviderIndex] = {}
_LOCK = threading.Lock()
_BUILD_LOCKS: dict[Any, threading.Lock] = {}


def _build_lock(key: Any) -> threading.Lock:
    with _LOCK:
        return _BUILD_LOCKS.setdefault(key, threading.Lock())


def bump_index(departement_codes: set[str] | list[str]) -> None:
    """Availability changed in these départements: the next results page rebuilds them."""
    from django.db.models import F

    for code in sorted({c for c in departement_codes if c}):
        ProviderIndexStamp.objects.bulk_create(
            [ProviderIndexStamp(departement=code)], ignore_conflicts=True
        )
        ProviderIndexStamp.objects.filter(departement=code).update(version=F("version") + 1)


def provider_index_bump(departement_codes: set[str] | list[str] | tuple[str, ...]) -> None:
    """Called explicitly, after the commit, by every service that changes the supply of care
    (childminder profile and availability, crèche places, a confirmed place, a new agrément,
    the demo seed). Writes that skip the services (admin, bulk updates) are caught by the
    index's `INDEX_TTL_SECONDS` expiry."""
    bump_index(list(departement_codes))


def provider_index_bump_on_commit(*departement_codes: str) -> None:
    """`provider_index_bump` once the current transaction commits (at once outside one)."""
    from django.db import transaction

    codes = sorted({c for c in departement_codes if c})
    if codes:
        transaction.on_commit(lambda: _supply_changed(codes))


def _supply_changed(codes: list[str]) -> None:
    provider_index_bump(codes)
    # Supply changed: the « prévenez-moi » alerts of these départements are checked.
    from maillage.families.alerts import place_alerts_enqueue

    place_alerts_enqueue(codes)


def clear_indexes() -> None:
    with _LOCK:
        _BY_DEPARTEMENT.clear()
        _BY_SET.clear()


# Communes do not move between territory imports: the départements around a point are kept.
_DEPARTEMENTS_AROUND: Memo[tuple[str, ...]] = Memo("departements_around")


def departements_around(lat: float, lon: float, km: float) -> tuple[str, ...]:
    """Départements having a commune centroid within the bounding box of the radius (plus
    a margin of 5 km, a commune's own extent)."""
    key = (round(lat, 4), round(lon, 4), round(km, 1))
    return _DEPARTEMENTS_AROUND.get_or_compute(key, lambda: _departements_in_box(lat, lon, km))


def _departements_in_box(lat: float, lon: float, km: float) -> tuple[str, ...]:
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
    stamps = _stamps(departements)
    now = time.monotonic()
    parts = []
    for code in departements:
        version = (today, stamps.get(code, 0))
        with _LOCK:
            part = _BY_DEPARTEMENT.get(code)
        if _stale(part, version, now):
            # One thread builds (seconds for a large département); the others wait for it
            # instead of building the same index at the same time — unless only the safety
            # TTL passed (same version): then they go on with the index they have.
            lock = _build_lock(code)
            keep_serving = part is not None and part.version == version
            if lock.acquire(blocking=not keep_serving):
                try:
                    with _LOCK:
                        part = _BY_DEPARTEMENT.get(code)
                    if _stale(part, version, now):
                        part = _build_departement(code, version, today)
                        with _LOCK:
                            _BY_DEPARTEMENT[code] = part
                finally:
                    lock.release()
        assert part is not None
        parts.append(part)
    # Départements without any provider add nothing: the sets of communes near a border
    # share one combined index (and one engine index) instead of one per combination.
    parts = [p for p in parts if p.providers] or parts[:1]
    used = tuple(p.code for p in parts)
    key = tuple((p.code, p.version, p.built_at) for p in parts)
    with _LOCK:
        cached = _BY_SET.get(used)
    if cached is not None and cached.version == key:
        return cached
    with _build_lock(used):
        with _LOCK:
            cached = _BY_SET.get(used)
        if cached is not None and cached.version == key:
            return cached
        return _build_set(used, key, parts)


# The stamps are read at most every MAILLAGE_INDEX_STAMP_SECONDS per process (0: at every
# call, as in tests): a busy public search then asks the database nothing for them, and a
# provider's change shows in every process within that delay.
_STAMPS: Memo[dict[str, int]] = Memo("provider_index_stamps", max_size=512, ttl_seconds=3600)


def _stamps(departements: tuple[str, ...]) -> dict[str, int]:
    seconds = float(getattr(settings, "MAILLAGE_INDEX_STAMP_SECONDS", 0))
    if seconds > 0:
        found = _STAMPS.get((departements, int(time.monotonic() // seconds)))
        if found is not None:
            return found
    stamps = dict(
        ProviderIndexStamp.objects.filter(departement__in=departements).values_list(
            "departement", "version"
        )
    )
    if seconds > 0:
        _STAMPS.put((departements, int(time.monotonic() // seconds)), stamps)
    return stamps


def _stale(part: DepartementProviders | None, version: tuple[Any, ...], now: float) -> bool:
    return part is None or part.version != version or now - part.built_at > INDEX_TTL_SECONDS


def _build_set(
    used: tuple[str, ...], key: tuple[Any, ...], parts: list[DepartementProviders]
) -> ProviderIndex:
    policy = engine_policy()
    providers = [record for part in parts for record in part.providers]
    index = ProviderIndex(
        departements=used,
        version=key,
        providers=providers,
        info={k: v for part in parts for k, v in part.info.items()},
        policy=policy,
    )
    index.engine_index = _engine_options_index(providers, policy)
    with _LOCK:
        _BY_SET[used] = index
    if getattr(settings, "MAILLAGE_GC_FREEZE", False):
        freeze_long_lived()
    return index


def _tariff(childminder: Childminder) -> Tariff | None:
    try:
        rate = childminder.rate
    except ObjectDoesNotExist:
        return None
    return Tariff(rate.hourly_wage, rate.maintenance_per_day, rate.meal_per_day)


def _build_departement(code: str, version: tuple[Any, ...], today: dt.date) -> DepartementProviders:
    started = time.perf_counter()
    policy = engine_policy()
    present = ChildInCare.objects.filter(Q(leaves_on__isnull=True) | Q(leaves_on__gt=today)).only(
        "childminder_id", "age_months", "schedule", "leaves_on"
    )
    childminders = (
        Childminder.objects.visible(today)
        .filter(commune__departement_id=code)
        .select_related("commune", "user", "rate")
        .prefetch_related(
            Prefetch("children_in_care", queryset=present, to_attr="present_children")
        )
    )
    nurseries = (
        Nursery.objects.offered()
        .filter(commune__departement_id=code)
        .select_related("commune")
        .prefetch_related(Prefetch("age_groups", queryset=NurseryAgeGroup.objects.order_by("pk")))
    )
    providers: list[engine.Provider] = []
    info: dict[str, ProviderInfo] = {}
    for cm in childminders:
        record = _childminder_record(cm, today, policy)
        if record is None:
            continue
        providers.append(record)
        info[record.id] = ProviderInfo(
            key=record.id,
            kind=record.kind,
            label=childminder_public_label(cm, record.kind),
            commune_name=cm.commune.name,
            map_lat=float(cm.commune.latitude),
            map_lon=float(cm.commune.longitude),
            penalty=freshness_penalty(cm, today),
            tariff=_tariff(cm),
        )
    for nursery in nurseries:
        record = nursery_record(nursery, today)
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
            psu_funded=nursery.psu_funded,
        )
    part = DepartementProviders(code, version, time.monotonic(), providers, info)
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
