"""Reproducible synthetic instances (seeded) at département and national scale.

Communes are clustered around a département centre with Pareto populations, so cities are
dense and supply is below demand; schedules include part time, early/late hours and Saturdays.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from maillage.matching import (
    AgeGroup,
    CareMode,
    ChildInCare,
    Need,
    Priority,
    Provider,
    WeeklySchedule,
)

DEPARTEMENTS_CSV = Path("/work/shared/data/departements.csv")
START = date(2026, 9, 1)

NEED_SCHEDULES = [
    ("lundi-vendredi 8:00-18:00", 0.30),
    ("lundi-vendredi 7:30-17:30", 0.15),
    ("lundi-vendredi 8:30-16:30", 0.08),
    ("lundi-jeudi 8:00-18:00", 0.12),
    ("lundi-vendredi 8:00-12:30", 0.06),
    ("lundi-vendredi 13:00-18:00", 0.04),
    ("lundi,mardi,jeudi 8:00-18:00", 0.07),
    ("lundi-vendredi 6:30-15:00", 0.06),
    ("lundi-vendredi 11:00-20:00", 0.05),
    ("lundi-vendredi 8:00-18:00; samedi 8:00-13:00", 0.04),
    ("mardi-samedi 9:00-19:00", 0.03),
]
AM_OPENINGS = [
    ("lundi-vendredi 7:30-18:30", 0.55),
    ("lundi-vendredi 7:00-19:00", 0.20),
    ("lundi-vendredi 6:00-20:00", 0.08),
    ("lundi-jeudi 7:30-18:30", 0.07),
    ("lundi-vendredi 7:00-19:00; samedi 7:00-14:00", 0.05),
    ("lundi-samedi 6:00-21:00", 0.05),
]
CRECHE_OPENINGS = [("lundi-vendredi 7:30-18:30", 0.7), ("lundi-vendredi 7:00-19:00", 0.3)]
PRIORITY_RATES = {
    Priority.JOB_SEEKER: 0.20,
    Priority.IN_TRAINING: 0.05,
    Priority.SINGLE_PARENT: 0.15,
    Priority.SOCIAL_MINIMA: 0.10,
    Priority.DISABILITY: 0.02,
    Priority.SIBLING_PLACED: 0.05,
    Priority.COUNSELLOR_REFERRAL: 0.05,
}
MODE_SETS = [
    (frozenset(CareMode), 0.5),
    (frozenset({CareMode.CHILDMINDER}), 0.2),
    (frozenset({CareMode.NURSERY}), 0.2),
    (frozenset({CareMode.CHILDMINDER, CareMode.CHILDMINDERS_HOUSE}), 0.1),
]


@dataclass
class Instance:
    needs: list[Need]
    providers: list[Provider]


def _pick(rng: np.random.Generator, table: list[tuple[str, float]]) -> str:
    weights = np.array([w for _, w in table])
    return table[int(rng.choice(len(table), p=weights / weights.sum()))][0]


_SCHEDULE_CACHE: dict[str, WeeklySchedule] = {}


def _schedule(text: str) -> WeeklySchedule:
    if text not in _SCHEDULE_CACHE:
        _SCHEDULE_CACHE[text] = WeeklySchedule.from_text(text)
    return _SCHEDULE_CACHE[text]


def _communes(rng: np.random.Generator, lat: float, lon: float, n: int, code: str) -> list:
    radius = rng.uniform(0, 45, n) ** 1.0
    angle = rng.uniform(0, 2 * np.pi, n)
    pop = rng.pareto(1.1, n) + 1
    pop[0] *= 30
    radius[0] = 0
    lats = lat + radius * np.cos(angle) / 111.0
    lons = lon + radius * np.sin(angle) / (111.0 * np.cos(np.radians(lat)))
    return [(f"{code}{i:03d}", float(a), float(b), float(p)) for i, (a, b, p) in enumerate(zip(lats, lons, pop))]


def _place(rng: np.random.Generator, communes: list, spread_km: float) -> tuple[str, float, float]:
    pops = np.array([c[3] for c in communes])
    c = communes[int(rng.choice(len(communes), p=pops / pops.sum()))]
    jitter = rng.normal(0, spread_km * (1 + np.log10(c[3])) / 2, 2) / 111.0
    return c[0], c[1] + float(jitter[0]), c[2] + float(jitter[1]) / np.cos(np.radians(c[1]))


def _in_care(rng: np.random.Generator, count: int) -> tuple[ChildInCare, ...]:
    return tuple(
        ChildInCare(int(rng.integers(3, 48)), _schedule(_pick(rng, NEED_SCHEDULES)))
        for _ in range(count)
    )


def departement(
    seed: int = 1,
    code: str = "69",
    lat: float = 45.75,
    lon: float = 4.85,
    childminders: int = 4000,
    creches: int = 300,
    needs: int = 12000,
    houses: int = 100,
) -> Instance:
    rng = np.random.default_rng(seed)
    communes = _communes(rng, lat, lon, 250, code)
    providers: list[Provider] = []
    for i in range(childminders):
        commune, a, b = _place(rng, communes, 1.5)
        cap = int(rng.choice([2, 3, 4, 4, 4]))
        providers.append(
            Provider(
                id=f"am-{code}-{i:06d}", kind=CareMode.CHILDMINDER, lat=a, lon=b, commune=commune,
                opening=_schedule(_pick(rng, AM_OPENINGS)), capacity=cap,
                min_age_months=int(rng.choice([0, 0, 0, 12])),
                in_care=_in_care(rng, int(rng.integers(0, cap + 1))),
                free_from=START + timedelta(days=int(rng.integers(-60, 150))),
            )
        )
    for i in range(houses):
        commune, a, b = _place(rng, communes, 1.5)
        n = int(rng.integers(2, 5))
        providers.append(
            Provider(
                id=f"mam-{code}-{i:05d}", kind=CareMode.CHILDMINDERS_HOUSE, lat=a, lon=b,
                commune=commune, opening=_schedule(_pick(rng, AM_OPENINGS)), capacity=4 * n,
                assistants=n, in_care=_in_care(rng, int(rng.integers(2, 4 * n))),
                free_from=START + timedelta(days=int(rng.integers(-60, 150))),
            )
        )
    for i in range(creches):
        commune, a, b = _place(rng, communes, 1.0)
        size = int(rng.integers(12, 60))
        groups = (
            AgeGroup("bébés", 2, 18, size // 3),
            AgeGroup("moyens", 18, 30, size // 3),
            AgeGroup("grands", 30, 48, size - 2 * (size // 3)),
        )
        occupied = int(size * rng.uniform(0.75, 1.05))
        providers.append(
            Provider(
                id=f"eaje-{code}-{i:05d}", kind=CareMode.NURSERY, lat=a, lon=b, commune=commune,
                opening=_schedule(_pick(rng, CRECHE_OPENINGS)), groups=groups,
                in_care=_in_care(rng, occupied), avip=bool(rng.random() < 0.12),
                social_minima_quota=bool(rng.random() < 0.6),
                free_from=START + timedelta(days=int(rng.integers(-60, 150))),
            )
        )
    return Instance(_needs(rng, communes, code, needs), providers)


def _needs(rng: np.random.Generator, communes: list, code: str, count: int) -> list[Need]:
    out: list[Need] = []
    i = 0
    while i < count:
        commune, a, b = _place(rng, communes, 2.0)
        prios = frozenset(p for p, rate in PRIORITY_RATES.items() if rng.random() < rate)
        twins = rng.random() < 0.02 and i + 1 < count
        age = int(rng.integers(2, 36))
        base = dict(
            schedule=_schedule(_pick(rng, NEED_SCHEDULES)), lat=a, lon=b, commune=commune,
            max_km=float(rng.choice([3, 5, 5, 8, 10])),
            start=START + timedelta(days=int(rng.integers(0, 180))),
            modes=MODE_SETS[int(rng.choice(4, p=[m[1] for m in MODE_SETS]))][0],
            priorities=prios, declared_at=date(2026, 1, 1) + timedelta(days=int(rng.integers(0, 240))),
        )
        for k in range(2 if twins else 1):
            out.append(
                Need(
                    id=f"b-{code}-{i:07d}", age_months=age, **base,  # type: ignore[arg-type]
                    sibling_group=f"f-{code}-{i - k:07d}" if twins else None,
                    siblings_together=twins,
                )
            )
            i += 1
    return out


def departements() -> list[tuple[str, float, float, int]]:
    with DEPARTEMENTS_CSV.open(encoding="utf-8") as handle:
        return [
            (r["code_departement"], float(r["latitude"]), float(r["longitude"]), int(r["population"]))
            for r in csv.DictReader(handle)
        ]


def national_part(seed: int, code: str, lat: float, lon: float, share: float) -> Instance:
    """One département of the national instance (230k childminders, 700k needs in total)."""
    return departement(
        seed=seed, code=code, lat=lat, lon=lon,
        childminders=max(50, int(230_000 * share)), creches=max(5, int(18_000 * share)),
        needs=max(150, int(700_000 * share)), houses=max(2, int(5_000 * share)),
    )
