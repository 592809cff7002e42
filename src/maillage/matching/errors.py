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
