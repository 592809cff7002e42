"""Shortage instances: 75 % of every provider's places already taken by part-time children.

The département generator (``generate.py``) leaves many places free; real territories do not.
Here every childminder, MAM and crèche section holds children for 75 % of its places (rounded
at random, so a 2-place childminder has 1 or 2), each attending a random part-time week (2 to 5
weekdays, 4 to 10 hours from an arrival between 7:00 and 10:00, inside the opening hours). What
remains is scattered: a place free on Monday and Thursday, another from 14:00. The needs are
those of the département generator.

    from bench.matching.shortage import shortage_departement
    instance = shortage_departement(seed=1)  # 12,000 needs, 4,400 providers
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from maillage.matching import ChildInCare, Provider, WeeklySchedule
from maillage.matching.schedule import N_SLOTS, SLOTS_PER_DAY

from .generate import Instance, departement

TAKEN_SHARE = 0.75


def _random_week(rng: np.random.Generator, opening: np.ndarray) -> np.ndarray:
    """A random part-time week inside ``opening``: 2–5 weekdays, 4–10 h from a random arrival."""
    week = np.zeros(N_SLOTS, dtype=np.bool_)
    days = rng.choice(5, size=int(rng.integers(2, 6)), replace=False)
    arrival = int(rng.integers(14, 21))  # 7:00 to 10:00
    length = int(rng.integers(8, 21))  # 4 to 10 hours
    for day in days.tolist():
        first = day * SLOTS_PER_DAY + arrival
        week[first : first + length] = True
    return week & opening


def _fill(
    rng: np.random.Generator, opening: np.ndarray, places: int, ages: tuple[int, int]
) -> list[ChildInCare]:
    """``TAKEN_SHARE`` of the places (random rounding) taken by children with random weeks."""
    share = TAKEN_SHARE * places
    count = int(share) + int(rng.random() < share - int(share))
    children: list[ChildInCare] = []
    for _ in range(count):
        week = _random_week(rng, opening)
        age = int(rng.integers(ages[0], ages[1]))
        children.append(ChildInCare(age, WeeklySchedule.from_array(week)))
    return children


def _filled(rng: np.random.Generator, provider: Provider) -> Provider:
    opening = provider.opening.array
    if provider.groups:
        children: list[ChildInCare] = []
        for group in provider.groups:
            children += _fill(rng, opening, group.places, (group.min_months, group.max_months))
        return replace(provider, in_care=tuple(children))
    ages = (max(provider.min_age_months, 3), 36)
    return replace(provider, in_care=tuple(_fill(rng, opening, provider.capacity, ages)))


def shortage(instance: Instance, seed: int) -> Instance:
    """The same providers and needs, each provider refilled to 75 % by part-time children."""
    rng = np.random.default_rng(10_000 + seed)
    return Instance(instance.needs, [_filled(rng, p) for p in instance.providers])


def shortage_departement(seed: int = 1, **sizes: int) -> Instance:
    """Département of ``generate.departement`` (12,000 needs by default), under shortage."""
    return shortage(departement(seed=seed, **sizes), seed)  # type: ignore[arg-type]
