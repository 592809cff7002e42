"""Short constructors with sensible defaults, for tests, benchmarks and the web adapter's
fixtures: ``childminder("am-1", capacity=4)``, ``need("b-1", "lundi-vendredi 8:00-18:00")``."""

from __future__ import annotations

from datetime import date

from .model import AgeGroup, CareMode, ChildInCare, Need, Priority, Provider
from .schedule import WeeklySchedule

WEEKDAYS = "lundi-vendredi 7:30-18:30"
START = date(2026, 9, 1)


def schedule(text: str) -> WeeklySchedule:
    return WeeklySchedule.from_text(text)


def in_care(text: str, age_months: int = 12, *, own: bool = False) -> ChildInCare:
    return ChildInCare(age_months, schedule(text), own_child=own)


def childminder(
    pid: str,
    *,
    capacity: int = 4,
    lat: float = 45.0,
    lon: float = 5.0,
    opening: str = WEEKDAYS,
    commune: str = "00001",
    children: tuple[ChildInCare, ...] = (),
    min_age: int = 0,
    max_age: int | None = None,
    free_from: date = date.min,
    kind: CareMode = CareMode.CHILDMINDER,
    assistants: int = 1,
) -> Provider:
    return Provider(
        id=pid,
        kind=kind,
        lat=lat,
        lon=lon,
        commune=commune,
        opening=schedule(opening),
        capacity=capacity,
        assistants=assistants,
        min_age_months=min_age,
        max_age_months=max_age,
        in_care=children,
        free_from=free_from,
    )


def creche(
    pid: str,
    *,
    places: tuple[int, int, int] = (4, 4, 4),
    lat: float = 45.0,
    lon: float = 5.0,
    opening: str = WEEKDAYS,
    commune: str = "00001",
    children: tuple[ChildInCare, ...] = (),
    avip: bool = False,
    social: bool = False,
    free_from: date = date.min,
) -> Provider:
    groups = (
        AgeGroup("bébés", 2, 18, places[0]),
        AgeGroup("moyens", 18, 30, places[1]),
        AgeGroup("grands", 30, 48, places[2]),
    )
    return Provider(
        id=pid,
        kind=CareMode.NURSERY,
        lat=lat,
        lon=lon,
        commune=commune,
        opening=schedule(opening),
        groups=groups,
        in_care=children,
        avip=avip,
        social_minima_quota=social,
        free_from=free_from,
    )


def need(
    nid: str,
    hours: str = "lundi-vendredi 8:00-18:00",
    *,
    age: int | None = 12,
    lat: float = 45.0,
    lon: float = 5.0,
    max_km: float = 5.0,
    start: date = START,
    modes: frozenset[CareMode] = frozenset(CareMode),
    priorities: frozenset[Priority] = frozenset(),
    preferences: tuple[str, ...] = (),
    declared: date = date(2026, 1, 1),
    commune: str = "00001",
    sibling_group: str | None = None,
    together: bool = False,
) -> Need:
    return Need(
        id=nid,
        age_months=age,
        schedule=schedule(hours),
        lat=lat,
        lon=lon,
        commune=commune,
        max_km=max_km,
        start=start,
        modes=modes,
        priorities=priorities,
        preferences=preferences,
        declared_at=declared,
        sibling_group=sibling_group,
        siblings_together=together,
    )
