"""Random childminders and crèches for the property tests (same draws for the same ``rng``)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from maillage.matching import Provider
from maillage.matching.builders import childminder, creche, in_care

HOURS = [
    "lundi-vendredi 8:00-18:00",
    "lundi-vendredi 8:00-12:30",
    "lundi-vendredi 13:00-18:00",
    "lundi,mardi,jeudi 7:30-17:00",
    "lundi-vendredi 6:00-14:00",
    "lundi-vendredi 8:00-18:00; samedi 8:00-12:00",
]
OPENINGS = ["lundi-vendredi 7:30-18:30", "lundi-samedi 6:00-20:00", "lundi-vendredi 8:00-17:00"]


def random_providers(
    rng: random.Random,
    count: int,
    *,
    spread: float = 0.05,
    sections: tuple[int, int, int] = (3, 3, 2),
    quota_rate: float = 0.5,
    free_from: bool = True,
    id_width: int = 0,
) -> list[Provider]:
    """30 % crèches (random sections, quotas with probability ``quota_rate``, children in
    care), 70 % childminders (capacity 1–4, opening, age condition, own children in care)."""
    providers: list[Provider] = []
    for i in range(count):
        lat, lon = 45 + rng.uniform(0, spread), 5 + rng.uniform(0, spread)
        if rng.random() < 0.3:
            providers.append(
                creche(
                    f"eaje-{i:0{id_width}d}",
                    places=tuple(rng.randint(0, n) for n in sections),
                    lat=lat,
                    lon=lon,
                    avip=rng.random() < quota_rate,
                    social=rng.random() < quota_rate,
                    children=tuple(
                        in_care(rng.choice(HOURS), rng.randint(3, 40))
                        for _ in range(rng.randint(0, 3))
                    ),
                )
            )
        else:
            cap = rng.randint(1, 4)
            minder = childminder(
                f"am-{i:0{id_width}d}",
                capacity=cap,
                lat=lat,
                lon=lon,
                opening=rng.choice(OPENINGS),
                min_age=rng.choice([0, 0, 12]),
                children=tuple(
                    in_care(rng.choice(HOURS), rng.randint(3, 60), own=rng.random() < 0.3)
                    for _ in range(rng.randint(0, cap))
                ),
            )
            if free_from:
                start = date(2026, 9, 1) + timedelta(days=rng.choice([-30, 0, 40]))
                minder = replace(minder, free_from=start)
            providers.append(minder)
    return providers
