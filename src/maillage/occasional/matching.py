"""Matching of one occasional request (a few dated days) with providers' dated free slots.

This is deliberately not `maillage.matching`: that engine serves weekly *recurring* care
(336 half-hour schedules, a childminder's capacity at every moment of the week, an LP over
many families at once). Occasional care is simpler: a handful of dated days, one child, and
one-off slots that each hold a number of places. A provider covers a day when her slots on
that date, taken together (e.g. a crèche's morning and afternoon), cover the requested hours,
each with a free place, in a section fitting the child's age and within the family's
distance. The booking service then takes the places first come, first served.

Plain data in, plain data out; no Django.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

MAX_EXACT_PROVIDERS = 4
MAX_CANDIDATES = 30


@dataclass(frozen=True)
class DayNeed:
    day_id: int
    date: dt.date
    start: int  # minutes since midnight
    end: int


@dataclass(frozen=True)
class SlotOffer:
    slot_id: int
    provider_key: str  # "nursery:12" or "childminder:7"
    date: dt.date
    start: int
    end: int
    free_places: int
    min_age_months: int
    max_age_months: int
    distance_km: float


@dataclass(frozen=True)
class DayCover:
    day_id: int
    provider_key: str
    slot_ids: tuple[int, ...]


@dataclass(frozen=True)
class ProviderRank:
    provider_key: str
    distance_km: float
    covers: tuple[DayCover, ...]  # the days this provider can cover, in day order

    @property
    def day_ids(self) -> tuple[int, ...]:
        return tuple(c.day_id for c in self.covers)


@dataclass(frozen=True)
class WeekProposal:
    ranking: tuple[ProviderRank, ...]
    covers: tuple[DayCover, ...]  # the proposed cover: one per coverable day, in day order
    uncovered_day_ids: tuple[int, ...]

    @property
    def providers(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for cover in self.covers:
            seen.setdefault(cover.provider_key, None)
        return tuple(seen)


def age_in_months(birth: dt.date, on: dt.date) -> int:
    months = (on.year - birth.year) * 12 + on.month - birth.month - (on.day < birth.day)
    return max(0, months)


def cover_interval(start: int, end: int, slots: Iterable[SlotOffer]) -> tuple[int, ...] | None:
    """Fewest slots whose union covers [start, end) (greedy, optimal for intervals)."""
    usable = sorted(slots, key=lambda s: (s.start, -s.end, s.slot_id))
    chosen: list[int] = []
    reached = start
    while reached < end:
        reaching = [s for s in usable if s.start <= reached < s.end]
        if not reaching:
            return None
        best = max(reaching, key=lambda s: (s.end, -s.slot_id))
        chosen.append(best.slot_id)
        reached = best.end
    return tuple(chosen)


def slot_fits(slot: SlotOffer, day: DayNeed, birth: dt.date, max_distance_km: float) -> bool:
    age = age_in_months(birth, day.date)
    return (
        slot.date == day.date
        and slot.free_places > 0
        and slot.distance_km <= max_distance_km
        and slot.min_age_months <= age <= slot.max_age_months
        and slot.start < day.end
        and slot.end > day.start
    )


def rank_providers(
    days: Sequence[DayNeed],
    slots: Sequence[SlotOffer],
    *,
    child_birth_date: dt.date,
    max_distance_km: float,
) -> tuple[ProviderRank, ...]:
    """Providers able to cover at least one day: most days first, then nearest."""
    by_provider: dict[str, list[SlotOffer]] = {}
    for slot in slots:
        by_provider.setdefault(slot.provider_key, []).append(slot)
    ranking: list[ProviderRank] = []
    for key, offers in by_provider.items():
        covers = []
        for day in sorted(days, key=lambda d: (d.date, d.start, d.day_id)):
            fitting = [s for s in offers if slot_fits(s, day, child_birth_date, max_distance_km)]
            slot_ids = cover_interval(day.start, day.end, fitting)
            if slot_ids is not None:
                covers.append(DayCover(day.day_id, key, slot_ids))
        if covers:
            distance = min(s.distance_km for s in offers)
            ranking.append(ProviderRank(key, distance, tuple(covers)))
    ranking.sort(key=lambda r: (-len(r.covers), r.distance_km, r.provider_key))
    return tuple(ranking)


def _assign(
    chosen: Sequence[ProviderRank], order: dict[str, int]
) -> tuple[float, dict[int, DayCover]]:
    """Each day to the nearest chosen provider covering it; returns (total km, covers)."""
    best: dict[int, tuple[float, int, DayCover]] = {}
    for rank in chosen:
        for cover in rank.covers:
            candidate = (rank.distance_km, order[rank.provider_key], cover)
            if cover.day_id not in best or candidate[:2] < best[cover.day_id][:2]:
                best[cover.day_id] = candidate
    return sum(b[0] for b in best.values()), {day: b[2] for day, b in best.items()}


def match_week(
    days: Sequence[DayNeed],
    slots: Sequence[SlotOffer],
    *,
    child_birth_date: dt.date,
    max_distance_km: float,
    max_exact_providers: int = MAX_EXACT_PROVIDERS,
    max_candidates: int = MAX_CANDIDATES,
) -> WeekProposal:
    """Rank providers and propose a cover of every coverable day: one provider for all days
    if possible, else the fewest providers, then the smallest total distance (sum over days)."""
    ranking = rank_providers(
        days, slots, child_birth_date=child_birth_date, max_distance_km=max_distance_km
    )
    order = {r.provider_key: i for i, r in enumerate(ranking)}
    candidates = ranking[:max_candidates]
    coverable = {c.day_id for r in candidates for c in r.covers}
    assignment: dict[int, DayCover] = {}
    for size in range(1, min(max_exact_providers, len(candidates)) + 1):
        best: tuple[float, tuple[int, ...], dict[int, DayCover]] | None = None
        for combo in combinations(candidates, size):
            if {c.day_id for r in combo for c in r.covers} != coverable:
                continue
            cost, covers = _assign(combo, order)
            key = (cost, tuple(order[r.provider_key] for r in combo))
            if best is None or key < best[:2]:
                best = (key[0], key[1], covers)
        if best is not None:
            assignment = best[2]
            break
    else:
        assignment = _greedy(candidates, coverable, order)
    day_order = {d.day_id: (d.date, d.start, d.day_id) for d in days}
    covers = tuple(sorted(assignment.values(), key=lambda c: day_order[c.day_id]))
    uncovered = tuple(
        d.day_id
        for d in sorted(days, key=lambda d: day_order[d.day_id])
        if d.day_id not in assignment
    )
    return WeekProposal(ranking=ranking, covers=covers, uncovered_day_ids=uncovered)


def _greedy(
    candidates: Sequence[ProviderRank], coverable: set[int], order: dict[str, int]
) -> dict[int, DayCover]:
    """Fallback when the exact search is too wide: most remaining days first."""
    left = set(coverable)
    chosen: list[ProviderRank] = []
    while left:
        pick = max(
            candidates,
            key=lambda r: (len(left & set(r.day_ids)), -r.distance_km, -order[r.provider_key]),
        )
        if not left & set(pick.day_ids):
            break
        chosen.append(pick)
        left -= set(pick.day_ids)
    return _assign(chosen, order)[1]
