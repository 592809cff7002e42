"""Races for the last training seats: N seats, more candidates at once, exactly N enrolled.

Real threads, real transactions: on PostgreSQL (the conditional UPDATE re-checks
``seats_taken < seats`` after waiting for the row) and on SQLite (BEGIN IMMEDIATE serialises
the writers). Nothing relies on select_for_update.
"""

from datetime import date

import pytest
from django.db import connection

from maillage.jobs.errors import TrainingFull
from maillage.jobs.models import CandidatePath
from maillage.jobs.services.catalogue import training_create
from maillage.jobs.services.paths import path_orient, training_apply
from tests.concurrency import race
from tests.jobs.factories import CandidateProfileFactory, make_template, saint_denis

SEATS = 3
RACERS = 8
TODAY = date(2026, 3, 2)


def _training():
    return training_create(
        organisation="Greta 93",
        title="CAP AEPE — session de printemps",
        qualification="cap_aepe",
        commune=saint_denis(),
        start_date=date(2026, 4, 1),
        end_date=date(2026, 12, 18),
        hours_per_week=35,
        seats=SEATS,
        path_template=make_template(),
    )


def _race_for_seats(service):
    training = _training()
    candidates = [CandidateProfileFactory() for _ in range(RACERS)]
    outcomes = race(
        [lambda c=c: service(candidate=c, training=training, on=TODAY) for c in candidates]
    )
    winners = [o for o in outcomes if isinstance(o, CandidatePath)]
    losers = [o for o in outcomes if isinstance(o, TrainingFull)]
    assert len(winners) == SEATS and len(losers) == RACERS - SEATS, outcomes
    assert all("est complète" in exc.messages[0] for exc in losers)
    assert CandidatePath.objects.filter(training=training).count() == SEATS
    training.refresh_from_db()
    assert training.seats_taken == SEATS and training.seats_left == 0


def _assert_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("Course sur des verrous de lignes : PostgreSQL requis (DATABASE_URL).")


def _assert_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("Course sur le fichier SQLite (BEGIN IMMEDIATE) : SQLite requis.")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_counsellors_orient_at_once_exactly_n_get_the_n_seats():
    _assert_postgres()
    _race_for_seats(path_orient)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_candidates_apply_at_once_exactly_n_get_the_n_seats():
    _assert_postgres()
    _race_for_seats(training_apply)


@pytest.mark.django_db(transaction=True)
def test_sqlite_counsellors_orient_at_once_exactly_n_get_the_n_seats():
    _assert_sqlite()
    _race_for_seats(path_orient)


@pytest.mark.django_db(transaction=True)
def test_sqlite_candidates_apply_at_once_exactly_n_get_the_n_seats():
    _assert_sqlite()
    _race_for_seats(training_apply)
