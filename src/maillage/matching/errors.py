"""Typed errors of the matching engine. Every input error names the faulty record and field."""

from __future__ import annotations


class MatchingError(Exception):
    """Base class of every error raised by ``maillage.matching``."""


class InvalidRecordError(MatchingError, ValueError):
    """An input record is invalid; ``message`` is French text fit for the UI."""

    record_kind = "enregistrement"

    def __init__(self, record_id: str, field: str, message: str) -> None:
        self.record_id = record_id
        self.field = field
        self.message = message
        super().__init__(f"{self.record_kind} {record_id!r}, champ {field!r} : {message}")


class InvalidScheduleError(InvalidRecordError):
    record_kind = "planning"


class InvalidNeedError(InvalidRecordError):
    record_kind = "besoin"


class InvalidProviderError(InvalidRecordError):
    record_kind = "mode d'accueil"


class DuplicateIdError(InvalidRecordError):
    record_kind = "identifiant"


class InvalidConfigurationError(InvalidRecordError):
    record_kind = "configuration"


class SolverError(MatchingError, RuntimeError):
    """The LP/MILP solver failed in a way the engine could not recover from."""


class MemoryBudgetError(MatchingError, MemoryError):
    """The input's memory estimate exceeds ``Policy.memory_budget_bytes``: nothing was built.

    ``message`` is French text fit for the UI; ``estimate`` and ``budget`` are in bytes.
    """

    def __init__(self, estimate: int, budget: int, detail: str) -> None:
        self.estimate = estimate
        self.budget = budget
        self.message = (
            f"calcul refusé : il demanderait environ {_mb(estimate)} de mémoire, au-delà du "
            f"budget de {_mb(budget)} ({detail}) ; réduisez le territoire ou le rayon de "
            "recherche, ou relevez Policy.memory_budget_bytes"
        )
        super().__init__(self.message)


def _mb(value: int) -> str:
    if value >= 1_000_000_000:
        return f"{value / 1e9:.1f} Go".replace(".", ",")
    return f"{max(1, round(value / 1e6))} Mo"
