"""Plain input data of the engine: needs, providers, the priority grid and the legal policy.

Everything is a frozen dataclass; legal limits live in :class:`Policy` and priority points in
:class:`PriorityGrid` (a territory's « cotation »), never in code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from .schedule import WeeklySchedule


class CareMode(StrEnum):
    """Mode of care a family accepts, and kind of a provider."""

    CHILDMINDER = "assistant_maternel"
    CHILDMINDERS_HOUSE = "mam"
    NURSERY = "creche"

    @property
    def label_fr(self) -> str:
        return _MODE_LABELS[self]


_MODE_LABELS = {
    CareMode.CHILDMINDER: "assistante maternelle",
    CareMode.CHILDMINDERS_HOUSE: "maison d'assistantes maternelles",
    CareMode.NURSERY: "crèche",
}

ProviderKind = CareMode
"""A provider's kind is the care mode it offers."""


class Priority(StrEnum):
    """Priority attributes of a family, scored by a :class:`PriorityGrid`."""

    JOB_SEEKER = "demandeur_emploi"
    IN_TRAINING = "en_formation"
    SINGLE_PARENT = "parent_isole"
    SOCIAL_MINIMA = "minima_sociaux"
    DISABILITY = "handicap"
    SIBLING_PLACED = "fratrie_accueillie"
    COUNSELLOR_REFERRAL = "orientation_conseiller"


PRIORITY_ORDER = tuple(Priority)
AVIP_ELIGIBLE = frozenset({Priority.JOB_SEEKER, Priority.IN_TRAINING})
SOCIAL_MINIMA_ELIGIBLE = frozenset({Priority.SOCIAL_MINIMA})

DEFAULT_POINTS: Mapping[Priority, int] = MappingProxyType(
    {
        Priority.JOB_SEEKER: 10,
        Priority.IN_TRAINING: 8,
        Priority.SINGLE_PARENT: 5,
        Priority.SOCIAL_MINIMA: 6,
        Priority.DISABILITY: 5,
        Priority.SIBLING_PLACED: 4,
        Priority.COUNSELLOR_REFERRAL: 6,
    }
)


@dataclass(frozen=True)
class PriorityGrid:
    """A territory's cotation: ``weight = base + sum of points of the family's priorities``."""

    points: Mapping[Priority, int] = field(default_factory=lambda: DEFAULT_POINTS, hash=False)
    base: int = 1
    name: str = "grille par défaut"

    def weight(self, priorities: frozenset[Priority]) -> int:
        return self.base + sum(self.points.get(p, 0) for p in priorities)

    def group(self, priorities: frozenset[Priority]) -> str:
        """Reporting group: the family's highest-scored priority (ties: declaration order)."""
        if not priorities:
            return "sans_priorite"
        return max(sorted(priorities, key=PRIORITY_ORDER.index), key=self._points_of).value

    def _points_of(self, priority: Priority) -> int:
        return self.points.get(priority, 0)


@dataclass(frozen=True)
class Policy:
    """Legal and territorial parameters (all configurable; figures of domain.md by default)."""

    max_agrement_children: int = 4
    max_minors_under_11: int = 6
    max_under_3: int = 4
    max_assistants_per_house: int = 4
    min_age_months: int = 2
    max_age_months: int = 72
    avip_share: float = 0.20
    social_minima_share: float = 0.10
    max_candidates_km: float = 50.0
    # each need (or sibling group) keeps its nearest feasible candidates, plus the providers it
    # named in its preferences: bounded work whatever the density (0: no cap)
    max_candidates_per_need: int = 64
    # allocate refuses an input whose memory estimate exceeds this (bytes)
    memory_budget_bytes: int = 2_000_000_000
    exact_component_needs: int = 300
    lp_candidates_per_need: int = 6
    lp_pricing_rounds: int = 3
    lp_columns_per_round: int = 0  # 0: every improving column; k: k best per family
    lp_method: str = ""
    relaxation: str = "lagrangian"  # large components: "lagrangian" or "lp" (column generation)
    lagrangian_temperatures: tuple[float, ...] = (0.02, 0.006, 0.002)
    lagrangian_iterations: tuple[int, ...] = (100, 200, 150)  # quasi-Newton iterations per stage
    lagrangian_memory: int = 10  # quasi-Newton corrections kept
    lagrangian_candidates: int = 16  # each family's nearest candidates in the restricted dual
    lagrangian_target_gap: float = 0.009  # above it, more stages (at most extra_rounds)
    # stages run before the first primal and gap check (then one after each stage): under
    # shortage the gap after the first stage is 2.5–3.3 %, after the second 0.7–1.0 %
    lagrangian_check_after: int = 2
    # past the default stages, rounds at the last temperature with a check after each: short
    # ones, as a primal is cheap (the same 300 iterations at most as the former 2 × 150)
    lagrangian_extra_rounds: int = 4
    lagrangian_extra_iterations: int = 75
    lagrangian_entering: int = 8  # per family and pricing round, at most
    lagrangian_pricing_margin: float = 1.0  # × τ: candidates this close to the best enter
    lagrangian_distance_weight: float = 0.001  # per km, in the smoothed dual only
    # rounding: soft shares above the first threshold, then repair. Under shortage the primal
    # binds (the bound is near the LP optimum) and the best threshold varies by instance
    # (0.05–0.9 moved seed 3's primal by 0.2 %); when a primal misses the target gap by at
    # most lagrangian_reround_within, the next thresholds are tried in turn (the best kept)
    lagrangian_round_shares: tuple[float, ...] = (0.3, 0.7, 0.5, 0.2)
    lagrangian_reround_within: float = 0.002
    reround_exchange_options: int = 64  # a second rounding tries harder: every option (≤ 64)
    exchange_options: int = 16  # 1-exchange: places tried per waiting family (8: −0.05 % objective)
    distance_swaps: int = 0  # > 0: swap pass, nearer places looked at per child (≈ −6 % km, +0.4 s)
    repair_passes: int = 1  # greedy fill + 1-exchange passes after rounding
    # work limit of the exact MILP, counted in branch-and-bound nodes (never in seconds, so
    # that the same input gives the same answer on any machine); past it the best solution
    # found and HiGHS's dual bound are kept
    milp_node_limit: int = 2000
    # a component solved by the Lagrangian path whose gap stays above lagrangian_target_gap,
    # and that has at most this many needs, is given to the exact MILP as well (same node
    # limit, stopped once proven within milp_rescue_gap): the better assignment and the
    # smaller bound are kept. The Lagrangian bound is the LP bound, which on some small
    # départements lies 0.7–1.2 % above the optimum; the MILP's presolve and cuts close it.
    # 0: never.
    milp_rescue_needs: int = 2000
    # below the target gap, for a margin; half of it (session 7) made HiGHS branch for 14 s
    # more on the Nièvre for the same answer (its root closes the gap to 0.7–0.8 %)
    milp_rescue_gap: float = 0.008
    # a larger component still above the target gap: its families, by latitude, in windows of
    # this many, each re-solved exactly with the others' places fixed (0: never)
    polish_window_needs: int = 300
    # sweeps of windows at most: by latitude, by latitude shifted half a window, by longitude
    polish_sweeps: int = 3


@dataclass(frozen=True)
class ChildInCare:
    """A child already cared for by a provider (own children of a childminder included)."""

    age_months: int
    schedule: WeeklySchedule
    own_child: bool = False
    priorities: frozenset[Priority] = frozenset()


@dataclass(frozen=True)
class AgeGroup:
    """A crèche section: ``places`` simultaneous places for ages in [min_months, max_months)."""

    name: str
    min_months: int
    max_months: int
    places: int


@dataclass(frozen=True)
class Provider:
    """A childminder, a childminders' house (MAM) or a crèche.

    Childminders and MAM use ``capacity`` (agrément places, simultaneous) and the agrément age
    conditions; crèches use ``groups``. ``in_care`` children count at every slot they attend.
    """

    id: str
    kind: CareMode
    lat: float
    lon: float
    commune: str
    opening: WeeklySchedule
    capacity: int = 0
    assistants: int = 1
    min_age_months: int = 0
    max_age_months: int | None = None
    groups: tuple[AgeGroup, ...] = ()
    in_care: tuple[ChildInCare, ...] = ()
    free_from: date = date.min
    avip: bool = False
    social_minima_quota: bool = False
    name: str = ""
    # The crèche's own reserved shares (in [0, 1]); None: the policy's share.
    avip_share: float | None = None
    social_minima_share: float | None = None

    @property
    def is_nursery(self) -> bool:
        return self.kind is CareMode.NURSERY

    @property
    def display_name(self) -> str:
        return self.name or f"{self.kind.label_fr} {self.id}"


@dataclass(frozen=True)
class Need:
    """One child's care need, as declared by the family.

    ``age_months`` is the age at ``start``. ``preferences`` ranks provider ids (best first);
    siblings share ``sibling_group`` and, when ``siblings_together``, are placed together or
    not at all. ``declared_at`` and ``id`` break ties deterministically.
    """

    id: str
    age_months: int | None
    schedule: WeeklySchedule
    lat: float
    lon: float
    commune: str
    max_km: float
    start: date
    modes: frozenset[CareMode] = frozenset(CareMode)
    priorities: frozenset[Priority] = frozenset()
    preferences: tuple[str, ...] = ()
    declared_at: date = date.min
    sibling_group: str | None = None
    siblings_together: bool = False
