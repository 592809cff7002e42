"""Stand-in for ``maillage.matching.family_options`` while the engine does not publish it.

Same contract (ranked options with score, distance and a French explanation; when nothing
fits, the French reasons and the nearest relaxations), computed on the engine's own records
with the same rules: mode, age, start date, hours inside the opening, distance, and a free
place at every half hour of the need (agrément, minors under 11, under 3; crèche section).
Reserved AVIP / social-minima shares are not modelled here (the engine does it).
Used only by `engine_adapter._engine_family_options`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
from django.utils.formats import date_format

from maillage import matching as engine

RELAX_KM = (1, 2, 3, 5, 10)
UNDER_3 = 36
UNDER_11 = 132
FULL_WEEK = (1 << 336) - 1


@dataclass(frozen=True)
class FallbackOption:
    provider_id: str
    score: float
    distance_km: float
    explanation_fr: str


@dataclass(frozen=True)
class FallbackRelaxation:
    label_fr: str
    max_km: float | None = None
    start: dt.date | None = None
    modes: frozenset[engine.CareMode] | None = None


@dataclass(frozen=True)
class FallbackResult:
    options: tuple[FallbackOption, ...]
    reasons_fr: tuple[str, ...]
    relaxations: tuple[FallbackRelaxation, ...]


@dataclass
class _Room:
    agrement: int = FULL_WEEK
    under_11: int = FULL_WEEK
    under_3: int = FULL_WEEK


def _bits(mask: np.ndarray) -> int:
    return engine.WeeklySchedule.from_array(mask).bits


def _room(provider: engine.Provider, policy: engine.Policy) -> _Room:
    if provider.is_nursery or not provider.in_care:
        return _Room(
            agrement=FULL_WEEK if provider.capacity > 0 or provider.is_nursery else 0,
            under_3=FULL_WEEK if policy.max_under_3 > 0 else 0,
        )
    agrement = np.zeros(336, dtype=np.int64)
    under_11 = np.zeros(336, dtype=np.int64)
    under_3 = np.zeros(336, dtype=np.int64)
    for child in provider.in_care:
        slots = child.schedule.array.astype(np.int64)
        if not child.own_child:
            agrement += slots
        if child.age_months < UNDER_11:
            under_11 += slots
        if child.age_months < UNDER_3:
            under_3 += slots
    return _Room(
        agrement=_bits(agrement < provider.capacity),
        under_11=_bits(under_11 < policy.max_minors_under_11),
        under_3=_bits(under_3 < policy.max_under_3),
    )


@dataclass
class FallbackIndex:
    providers: list[engine.Provider]
    rooms: list[_Room]
    lat: np.ndarray
    lon: np.ndarray
    policy: engine.Policy

    @classmethod
    def merge(cls, parts: list[FallbackIndex], policy: engine.Policy) -> FallbackIndex:
        if len(parts) == 1:
            return parts[0]
        return cls(
            providers=[p for part in parts for p in part.providers],
            rooms=[r for part in parts for r in part.rooms],
            lat=np.concatenate([part.lat for part in parts]) if parts else np.zeros(0),
            lon=np.concatenate([part.lon for part in parts]) if parts else np.zeros(0),
            policy=policy,
        )

    @classmethod
    def build(cls, providers: list[engine.Provider], policy: engine.Policy) -> FallbackIndex:
        return cls(
            providers=providers,
            rooms=[_room(p, policy) for p in providers],
            lat=np.array([p.lat for p in providers], dtype=np.float64),
            lon=np.array([p.lon for p in providers], dtype=np.float64),
            policy=policy,
        )

    def distances(self, lat: float, lon: float) -> np.ndarray:
        p1, p2 = math.radians(lat), np.radians(self.lat)
        dp, dl = p2 - p1, np.radians(self.lon) - math.radians(lon)
        a = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
        return 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def _reasons(
    need: engine.Need, p: engine.Provider, room: _Room, km: float, policy: engine.Policy
) -> set[str]:
    out: set[str] = set()
    age = need.age_months or 0
    if p.kind not in need.modes:
        out.add("mode")
    if p.is_nursery:
        groups = [g for g in p.groups if g.min_months <= age < g.max_months]
        age_ok = bool(groups) and policy.min_age_months <= age <= policy.max_age_months
    else:
        high = p.max_age_months if p.max_age_months is not None else 10_000
        groups = []
        age_ok = (
            max(p.min_age_months, policy.min_age_months)
            <= age
            < min(high, policy.max_age_months + 1)
        )
    if not age_ok:
        out.add("age")
    if p.free_from > need.start:
        out.add("start")
    bits = need.schedule.bits
    if bits & ~p.opening.bits:
        out.add("hours")
    if p.is_nursery:
        if groups and all(g.places <= 0 for g in groups):
            out.add("full")
    else:
        blocked = bits & ~room.agrement or bits & ~room.under_11
        if age < UNDER_3 and bits & ~room.under_3:
            blocked = True
        if blocked:
            out.add("full")
    if km > need.max_km + 1e-9:
        out.add("distance")
    return out


REASON_TEXT = {
    "full": "{n} mode(s) d'accueil n'ont plus de place libre à certains de vos horaires.",
    "hours": "{n} mode(s) d'accueil ne sont pas ouverts à tous vos horaires.",
    "start": "{n} mode(s) d'accueil n'ont une place libre qu'après votre date de début.",
    "age": "{n} mode(s) d'accueil n'accueillent pas un enfant de cet âge.",
    "mode": "{n} mode(s) d'accueil sont d'un type que vous n'avez pas choisi.",
}


def family_options(need: engine.Need, index: FallbackIndex, *, limit: int = 10) -> FallbackResult:
    policy = index.policy
    if not index.providers:
        return FallbackResult((), ("Aucun mode d'accueil n'est connu dans ce secteur.",), ())
    dist = index.distances(need.lat, need.lon)
    fits: list[tuple[float, str, int]] = []
    for i in np.flatnonzero(dist <= need.max_km + 1e-9).tolist():
        p, km = index.providers[i], float(dist[i])
        if not _reasons(need, p, index.rooms[i], km, policy):
            fits.append((km, p.id, i))
    if fits:
        fits.sort()
        return FallbackResult(
            tuple(_option(need, index.providers[i], km) for km, _, i in fits[:limit]), (), ()
        )
    # Nothing fits: why, and what the nearest relaxations would give.
    wide = np.flatnonzero(dist <= need.max_km + RELAX_KM[-1])
    near_reasons: dict[str, int] = {}
    only_distance: list[float] = []
    only_start: list[dt.date] = []
    only_mode: set[engine.CareMode] = set()
    for i in wide.tolist():
        p, km = index.providers[i], float(dist[i])
        reasons = _reasons(need, p, index.rooms[i], km, policy)
        if reasons == {"distance"}:
            only_distance.append(km)
        elif "distance" not in reasons:
            for reason in reasons:
                near_reasons[reason] = near_reasons.get(reason, 0) + 1
            if reasons == {"start"}:
                only_start.append(p.free_from)
            elif reasons == {"mode"}:
                only_mode.add(p.kind)
    reasons_fr = [REASON_TEXT[k].format(n=n) for k, n in sorted(near_reasons.items())]
    if not near_reasons:
        reasons_fr.insert(0, f"Aucun mode d'accueil connu dans un rayon de {need.max_km:g} km.")
    relaxations: list[FallbackRelaxation] = []
    if only_distance:
        extra = next(k for k in RELAX_KM if need.max_km + k >= min(only_distance))
        relaxations.append(
            FallbackRelaxation(
                f"À {extra} km de plus ({need.max_km + extra:g} km au total)",
                max_km=need.max_km + extra,
            )
        )
    only_start = [d for d in only_start if d < dt.date.max]
    if only_start:
        first = min(only_start)
        months = max(1, math.ceil((first - need.start).days / 30.5))
        label = "Un mois plus tard" if months == 1 else f"{months} mois plus tard"
        relaxations.append(
            FallbackRelaxation(f"{label} (à partir du {date_format(first, 'j F Y')})", start=first)
        )
    for kind in sorted(only_mode):
        relaxations.append(
            FallbackRelaxation(
                f"En acceptant aussi : {kind.label_fr}", modes=frozenset(need.modes | {kind})
            )
        )
    return FallbackResult((), tuple(reasons_fr), tuple(relaxations))


def _option(need: engine.Need, p: engine.Provider, km: float) -> FallbackOption:
    since = max(p.free_from, need.start)
    hours = f"{need.schedule.hours:g}".replace(".", ",")
    text = (
        f"Place libre à tous vos horaires ({hours} h par semaine), "
        f"à partir du {date_format(since, 'j F Y')}."
    )
    return FallbackOption(p.id, 1.0 / (1.0 + km), km, text)
