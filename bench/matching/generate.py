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


_CUMULATIVE: dict[int, np.ndarray] = {}


def _cumulative(weights: list[float] | np.ndarray, key: int) -> np.ndarray:
    if key not in _CUMULATIVE:
        w = np.asarray(weights, dtype=np.float64)
        _CUMULATIVE[key] = np.cumsum(w / w.sum())
    return _CUMULATIVE[key]


def _pick(rng: np.random.Generator, table: list[tuple[str, float]]) -> str:
    cdf = _cumulative([w for _, w in table], id(table))
    return table[min(int(np.searchsorted(cdf, rng.random())), len(table) - 1)][0]


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
    cdf = np.cumsum(pop / pop.sum())
    return [
        (f"{code}{i:03d}", float(a), float(b), float(p), cdf)
        for i, (a, b, p) in enumerate(zip(lats, lons, pop, strict=True))
    ]


def _place(rng: np.random.Generator, communes: list, spread_km: float) -> tuple[str, float, float]:
    cdf = communes[-1][4]
    c = communes[min(int(np.searchsorted(cdf, rng.random())), len(communes) - 1)]
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
                id=f"am-{code}-{i:06d}",
                kind=CareMode.CHILDMINDER,
                lat=a,
                lon=b,
                commune=commune,
                opening=_schedule(_pick(rng, AM_OPENINGS)),
                capacity=cap,
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
                id=f"mam-{code}-{i:05d}",
                kind=CareMode.CHILDMINDERS_HOUSE,
                lat=a,
                lon=b,
                commune=commune,
                opening=_schedule(_pick(rng, AM_OPENINGS)),
                capacity=4 * n,
                assistants=n,
                in_care=_in_care(rng, int(rng.integers(2, 4 * n))),
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
                id=f"eaje-{code}-{i:05d}",
                kind=CareMode.NURSERY,
                lat=a,
                lon=b,
                commune=commune,
                opening=_schedule(_pick(rng, CRECHE_OPENINGS)),
                groups=groups,
                in_care=_in_care(rng, occupied),
                avip=bool(rng.random() < 0.12),
                social_minima_quota=bool(rng.random() < 0.6),
                free_from=START + timedelta(days=int(rng.integers(-60, 150))),
            )
        )
    return Instance(_needs(rng, communes, code, needs), providers)


def _needs(rng: np.random.Generator, communes: list, code: str, count: int) -> list[Need]:
    """Vectorised draws, then one dataclass per need (fast enough for 700,000 needs)."""
    pops = np.array([c[3] for c in communes])
    where = rng.choice(len(communes), size=count, p=pops / pops.sum())
    base_lat = np.array([c[1] for c in communes])[where]
    base_lon = np.array([c[2] for c in communes])[where]
    spread = 2.0 * (1 + np.log10(pops[where])) / 2
    lat = base_lat + rng.normal(0, 1, count) * spread / 111.0
    lon = base_lon + rng.normal(0, 1, count) * spread / 111.0 / np.cos(np.radians(base_lat))
    texts = [t for t, _ in NEED_SCHEDULES]
    weights = np.array([w for _, w in NEED_SCHEDULES])
    sched = rng.choice(len(texts), size=count, p=weights / weights.sum())
    draws = {p: rng.random(count) < rate for p, rate in PRIORITY_RATES.items()}
    twins = rng.random(count) < 0.02
    age = rng.integers(2, 36, count)
    max_km = rng.choice([3.0, 5.0, 5.0, 8.0, 10.0], count)
    start = rng.integers(0, 180, count)
    modes = rng.choice(4, size=count, p=[m[1] for m in MODE_SETS])
    declared = rng.integers(0, 240, count)
    schedules = [_schedule(t) for t in texts]
    out: list[Need] = []
    i = 0
    while i < count:
        pair = bool(twins[i]) and i + 1 < count
        prios = frozenset(p for p in PRIORITY_RATES if draws[p][i])
        for k in range(2 if pair else 1):
            out.append(
                Need(
                    id=f"b-{code}-{i + k:07d}",
                    age_months=int(age[i]),
                    schedule=schedules[int(sched[i])],
                    lat=float(lat[i]),
                    lon=float(lon[i]),
                    commune=communes[int(where[i])][0],
                    max_km=float(max_km[i]),
                    start=START + timedelta(days=int(start[i])),
                    modes=MODE_SETS[int(modes[i])][0],
                    priorities=prios,
                    declared_at=date(2026, 1, 1) + timedelta(days=int(declared[i])),
                    sibling_group=f"f-{code}-{i:07d}" if pair else None,
                    siblings_together=pair,
                )
            )
        i += 2 if pair else 1
    return out


def departements() -> list[tuple[str, float, float, int]]:
    with DEPARTEMENTS_CSV.open(encoding="utf-8") as handle:
        return [
            (
                r["code_departement"],
                float(r["latitude"]),
                float(r["longitude"]),
                int(r["population"]),
            )
            for r in csv.DictReader(handle)
        ]


def national_part(seed: int, code: str, lat: float, lon: float, share: float) -> Instance:
    """One département of the national instance (230k childminders, 700k needs in total)."""
    return departement(
        seed=seed,
        code=code,
        lat=lat,
        lon=lon,
        childminders=max(50, int(230_000 * share)),
        creches=max(5, int(18_000 * share)),
        needs=max(150, int(700_000 * share)),
        houses=max(2, int(5_000 * share)),
    )
