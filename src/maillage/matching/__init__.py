"""Maillage matching engine: pure, typed, no Django.

Public API (stable names, used by the web adapter):

- Inputs: :class:`WeeklySchedule`, :class:`Need`, :class:`Provider`, :class:`AgeGroup`,
  :class:`ChildInCare`, :class:`CareMode` (= :data:`ProviderKind`), :class:`Priority`,
  :class:`PriorityGrid` (cotation), :class:`Policy` (legal limits, quota shares).
- ``family_options(need, providers, *, policy, grid, index=None, limit=10) -> OptionsResult``:
  ranked feasible options with score, distance and French explanation; when empty, French
  reasons and the nearest relaxations.
- ``suggest_relaxations(need, index, grid, *, age_at=None, current=None) -> [Relaxation]``:
  one-click changes (distance, hours shifted, later start, other modes), each with the number
  of options it opens; ``count_options(need, index, grid)``.
- ``allocate(needs, providers, *, mode="optimal"|"stable", policy, grid) -> AllocationResult``
  and ``first_come_first_served(needs, providers, *, policy, grid)``.
- ``TerritoryState``: incremental allocation (add a need, free a place).
- Errors: :class:`MatchingError` > :class:`InvalidRecordError` > ``InvalidNeedError``,
  ``InvalidProviderError``, ``InvalidScheduleError``, ``DuplicateIdError``,
  ``InvalidConfigurationError``; :class:`SolverError`.
"""

from .allocation.api import allocate, first_come_first_served
from .errors import (
    DuplicateIdError,
    InvalidConfigurationError,
    InvalidNeedError,
    InvalidProviderError,
    InvalidRecordError,
    InvalidScheduleError,
    MatchingError,
    SolverError,
)
from .incremental import TerritoryState
from .model import (
    AgeGroup,
    CareMode,
    ChildInCare,
    Need,
    Policy,
    Priority,
    PriorityGrid,
    Provider,
    ProviderKind,
)
from .options import OptionsIndex, build_options_index, family_options
from .relax import count_options, suggest_relaxations
from .results import (
    AllocationMode,
    AllocationResult,
    Assignment,
    BlockingPair,
    FairnessReport,
    GroupOutcome,
    Option,
    OptionsResult,
    Relaxation,
)
from .schedule import WeeklySchedule

__all__ = [
    "AgeGroup",
    "AllocationMode",
    "AllocationResult",
    "Assignment",
    "BlockingPair",
    "CareMode",
    "ChildInCare",
    "DuplicateIdError",
    "FairnessReport",
    "GroupOutcome",
    "InvalidConfigurationError",
    "InvalidNeedError",
    "InvalidProviderError",
    "InvalidRecordError",
    "InvalidScheduleError",
    "MatchingError",
    "Need",
    "Option",
    "OptionsIndex",
    "OptionsResult",
    "Policy",
    "Priority",
    "PriorityGrid",
    "Provider",
    "ProviderKind",
    "Relaxation",
    "SolverError",
    "TerritoryState",
    "WeeklySchedule",
    "allocate",
    "build_options_index",
    "count_options",
    "family_options",
    "first_come_first_served",
    "suggest_relaxations",
]
