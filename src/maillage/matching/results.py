"""Plain result types returned by the public API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from .model import CareMode
from .schedule import WeeklySchedule


class AllocationMode(StrEnum):
    OPTIMAL = "optimal"
    STABLE = "stable"
    FIRST_COME_FIRST_SERVED = "premier_arrive"


@dataclass(frozen=True)
class Assignment:
    need_id: str
    provider_id: str
    distance_km: float


@dataclass(frozen=True)
class GroupOutcome:
    """Children asking / placed in one priority group or commune (weights: cotation)."""

    group: str
    needs: int
    placed: int
    weight_placed: int

    @property
    def rate(self) -> float:
        return self.placed / self.needs if self.needs else 0.0


@dataclass(frozen=True)
class FairnessReport:
    by_priority: tuple[GroupOutcome, ...]
    by_commune: tuple[GroupOutcome, ...]


@dataclass(frozen=True)
class BlockingPair:
    need_id: str
    provider_id: str
    explanation_fr: str


@dataclass(frozen=True)
class AllocationResult:
    """``objective`` = Σ cotation weight of placed children (primary criterion).

    ``upper_bound`` is a proven bound on that objective (optimal mode), ``gap`` the relative
    optimality gap. ``blocking_pairs`` is empty when the stable mode is stable;
    ``quota_envy`` lists pairs refused only because places are reserved (not blocking).
    """

    mode: AllocationMode
    assignments: tuple[Assignment, ...]
    unassigned: tuple[str, ...]
    objective: int
    placed: int
    total_distance_km: float
    upper_bound: float | None
    gap: float | None
    blocking_pairs: tuple[BlockingPair, ...]
    quota_envy: tuple[BlockingPair, ...]
    stability_note_fr: str
    report: FairnessReport
    stats: dict[str, float] = field(default_factory=dict)
    # French notes on the input, e.g. a radius above the territory's limit, capped
    notes_fr: tuple[str, ...] = ()


@dataclass(frozen=True)
class Option:
    provider_id: str
    provider_name: str
    kind: str
    commune: str
    distance_km: float
    score: float
    hours_per_week: float
    explanation_fr: str


@dataclass(frozen=True)
class Relaxation:
    """A change of the request that would give options: ``kind`` in distance, start, schedule,
    mode; ``value`` machine-readable (km, days, day name, mode). The relaxed request values
    (``max_km``, ``start``, ``modes``, ``schedule``) are set for the kind that changes them."""

    kind: str
    value: str
    text_fr: str
    options_count: int
    max_km: float | None = None
    start: date | None = None
    modes: frozenset[CareMode] | None = None
    schedule: WeeklySchedule | None = None
    label_fr: str = ""
    """Link label for the UI (« À 3 km de plus », « Un mois plus tard », « Sans le samedi »)."""


@dataclass(frozen=True)
class OptionsResult:
    need_id: str
    options: tuple[Option, ...]
    reasons_fr: tuple[str, ...]
    relaxations: tuple[Relaxation, ...]
    # What the engine changed in the request before searching (a radius above the limit).
    notes_fr: tuple[str, ...] = ()
