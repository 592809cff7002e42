"""The 2030 "cliff": childminders' retirements against new agréments (pure Python, no Django).

Method (shown on the page):
* each childminder retires in the year she reaches ``retirement_age`` (birth year + age);
  those already at or above that age at the start are counted as leaving in the first
  projected year (they could stop any day); childminders without a known birth year never
  retire in the projection (reported apart, as unknown);
* she takes her agrément places with her;
* each year ``yearly_recruitment`` new childminders start with ``places_per_new_childminder``
  places each (default: the current average of the territory);
* other places (crèches) and the number of children under 3 stay constant — a projection of
  the childminder effect alone, not a forecast.

``retirement_age`` is a policy parameter (default 62, the legal minimum age in force for most
childminders born before 1961 — to be set by each territory), never a hidden constant.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

DEFAULT_RETIREMENT_AGE = 62
DEFAULT_HORIZON = 2030

# Age bands of the supply import and of the observatory tables: (label, min age, max age).
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("moins_de_30", 18, 29),
    ("30_39", 30, 39),
    ("40_49", 40, 49),
    ("50_54", 50, 54),
    ("55_59", 55, 59),
    ("60_et_plus", 60, 70),
)
AGE_BAND_LABELS = {
    "moins_de_30": "Moins de 30 ans",
    "30_39": "30 à 39 ans",
    "40_49": "40 à 49 ans",
    "50_54": "50 à 54 ans",
    "55_59": "55 à 59 ans",
    "60_et_plus": "60 ans et plus",
}


@dataclass(frozen=True)
class Cohort:
    """Childminders born the same year (counts may be fractional when spread from bands)."""

    birth_year: int | None
    count: float
    places: float


@dataclass(frozen=True)
class Hypotheses:
    start_year: int
    horizon: int = DEFAULT_HORIZON
    retirement_age: int = DEFAULT_RETIREMENT_AGE
    yearly_recruitment: float = 0.0
    places_per_new_childminder: float | None = None  # None: current average


@dataclass(frozen=True)
class YearRow:
    year: int
    retirements: float
    places_lost: float
    recruits: float
    places_created: float
    childminders: float
    childminder_places: float
    coverage_rate: float | None


@dataclass(frozen=True)
class Projection:
    hypotheses: Hypotheses
    places_per_new_childminder: float
    start_childminders: float
    start_places: float
    other_places: float
    children_under_3: int
    start_coverage_rate: float | None
    unknown_birth_year: float
    years: tuple[YearRow, ...]

    @property
    def total_retirements(self) -> float:
        return sum(y.retirements for y in self.years)

    @property
    def total_places_lost(self) -> float:
        return sum(y.places_lost for y in self.years)


def coverage_rate(places: float, children_under_3: int) -> float | None:
    """Places per 100 children under 3; None when there is no child."""
    if children_under_3 <= 0:
        return None
    return 100.0 * places / children_under_3


def cohorts_from_age_bands(
    bands: Mapping[str, float], *, reference_year: int, places_per_childminder: float
) -> list[Cohort]:
    """Spread childminders counted by age band uniformly over the band's birth years."""
    known = {label: (lo, hi) for label, lo, hi in AGE_BANDS}
    out: list[Cohort] = []
    for label, count in bands.items():
        if label not in known:
            raise ValueError(f"Tranche d'âge inconnue : {label!r}")
        if not count:
            continue
        lo, hi = known[label]
        ages = range(lo, hi + 1)
        share = float(count) / len(ages)
        out.extend(
            Cohort(reference_year - age, share, share * places_per_childminder) for age in ages
        )
    return out


def age_band(age: int) -> str:
    """The band of an age (under 18 counts in the first band, over 70 in the last)."""
    for label, _lo, hi in AGE_BANDS:
        if age <= hi:
            return label
    return AGE_BANDS[-1][0]


def project(
    cohorts: Iterable[Cohort],
    hypotheses: Hypotheses,
    *,
    other_places: float,
    children_under_3: int,
) -> Projection:
    cohorts = list(cohorts)
    h = hypotheses
    if h.horizon < h.start_year:
        raise ValueError("L'horizon doit suivre l'année de départ.")
    if h.retirement_age < 40 or h.retirement_age > 80:
        raise ValueError("Âge de départ à la retraite hors limites (40 à 80 ans).")
    if h.yearly_recruitment < 0:
        raise ValueError("Le recrutement annuel ne peut pas être négatif.")
    start_count = sum(c.count for c in cohorts)
    start_places = sum(c.places for c in cohorts)
    ppn = h.places_per_new_childminder
    if ppn is None:
        ppn = start_places / start_count if start_count else 0.0
    retire_year: dict[int, tuple[float, float]] = {}
    unknown = 0.0
    for c in cohorts:
        if c.birth_year is None:
            unknown += c.count
            continue
        year = max(c.birth_year + h.retirement_age, h.start_year)
        if year > h.horizon:
            continue
        n, p = retire_year.get(year, (0.0, 0.0))
        retire_year[year] = (n + c.count, p + c.places)
    rows: list[YearRow] = []
    count, places = start_count, start_places
    for year in range(h.start_year, h.horizon + 1):
        n, p = retire_year.get(year, (0.0, 0.0))
        created = h.yearly_recruitment * ppn
        count += h.yearly_recruitment - n
        places += created - p
        rows.append(
            YearRow(
                year=year,
                retirements=n,
                places_lost=p,
                recruits=h.yearly_recruitment,
                places_created=created,
                childminders=count,
                childminder_places=places,
                coverage_rate=coverage_rate(places + other_places, children_under_3),
            )
        )
    return Projection(
        hypotheses=h,
        places_per_new_childminder=ppn,
        start_childminders=start_count,
        start_places=start_places,
        other_places=other_places,
        children_under_3=children_under_3,
        start_coverage_rate=coverage_rate(start_places + other_places, children_under_3),
        unknown_birth_year=unknown,
        years=tuple(rows),
    )


def recruitment_to_keep_coverage(
    cohorts: Iterable[Cohort],
    hypotheses: Hypotheses,
    *,
    other_places: float,
    children_under_3: int,
) -> int | None:
    """Smallest whole number of new childminders per year keeping the coverage rate at or above
    its current value at the end of every projected year.

    With constant children and other places, keeping the rate means keeping the childminders'
    places: after k years, ``k × r × places_per_new ≥ places lost in those k years``, hence
    ``r = max_k ceil(lost_k / (k × places_per_new))``. None when new childminders bring no place.
    """
    base = project(
        cohorts,
        Hypotheses(
            start_year=hypotheses.start_year,
            horizon=hypotheses.horizon,
            retirement_age=hypotheses.retirement_age,
            yearly_recruitment=0,
            places_per_new_childminder=hypotheses.places_per_new_childminder,
        ),
        other_places=other_places,
        children_under_3=children_under_3,
    )
    ppn = base.places_per_new_childminder
    if ppn <= 0:
        return None if base.total_places_lost > 0 else 0
    needed = 0
    lost = 0.0
    for k, row in enumerate(base.years, start=1):
        lost += row.places_lost
        # Round away float noise from band spreading before the ceiling.
        needed = max(needed, math.ceil(round(lost / (k * ppn), 9)))
    return needed
