"""Training seats: taken at enrolment, freed at drop-out, never over-booked.

A seat is taken by a conditional UPDATE (``seats_taken < seats`` in the WHERE clause): the
database decides atomically, so two enrolments at once can never both get the last seat,
on PostgreSQL (the second UPDATE waits for the first, then re-checks the condition) as on
SQLite (writers are serialised). Call these inside the caller's ``transaction.atomic`` so
that a refused seat rolls back everything the enrolment wrote.
"""

from __future__ import annotations

import logging

from django.db.models import F

from maillage.jobs.errors import TrainingFull
from maillage.jobs.models import TrainingOffer

logger = logging.getLogger(__name__)


def training_full_message(training: TrainingOffer) -> str:
    return (
        f"La formation « {training.title} » est complète : il ne reste plus aucune place. "
        "Rien n'a été enregistré ; choisissez une autre session ou parlez-en à votre "
        "conseiller(ère)."
    )


def training_seat_take(*, training: TrainingOffer) -> None:
    """Take one seat, or raise TrainingFull when none is left."""
    taken = TrainingOffer.objects.filter(pk=training.pk, seats_taken__lt=F("seats")).update(
        seats_taken=F("seats_taken") + 1
    )
    if not taken:
        logger.info("training %s full: enrolment refused", training.pk)
        raise TrainingFull(training_full_message(training))
    logger.info("training %s: one seat taken", training.pk)


def training_seat_release(*, training_id: int) -> None:
    """Free one seat (drop-out, change of training); never goes below zero."""
    freed = TrainingOffer.objects.filter(pk=training_id, seats_taken__gt=0).update(
        seats_taken=F("seats_taken") - 1
    )
    logger.info("training %s: %s seat freed", training_id, freed)
