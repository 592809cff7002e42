"""Errors of the jobs app: always a clear French message."""

from django.core.exceptions import ValidationError


class JobsError(ValidationError):
    """A business rule refused the action; ``messages`` are shown to the user as is."""


class SubstituteUnavailable(JobsError):
    """The substitute request is already filled, or the candidate is booked on those hours."""


class TrainingFull(JobsError):
    """Every seat of the training is taken: nothing was recorded."""
