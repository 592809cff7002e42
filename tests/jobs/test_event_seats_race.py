"""Races for the last seats of an event: N seats, more people at once, exactly N registered and
the others on the waiting list (conditional UPDATE, no select_for_update)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from maillage.jobs.enums import MeetingKind
from maillage.jobs.models import EventRegistration
from maillage.jobs.services.events import info_meeting_create
from maillage.jobs.services.registrations import event_register
from tests.concurrency import race
from tests.jobs.factories import CandidateProfileFactory, saint_denis

SEATS = 3
RACERS = 8


@pytest.mark.django_db(transaction=True)
def test_people_register_at_once_exactly_n_get_the_n_seats():
    event = info_meeting_create(
        kind=MeetingKind.AGREMENT_INFO,
        title="Réunion d'information agrément",
        organiser="PMI de Saint-Denis",
        commune=saint_denis(),
        starts_at=timezone.now() + timedelta(days=5),
        seats=SEATS,
    )
    people = [CandidateProfileFactory() for _ in range(RACERS)]
    outcomes = race([lambda p=p: event_register(meeting=event, candidate=p) for p in people])
    assert all(isinstance(o, EventRegistration) for o in outcomes), outcomes
    statuses = sorted(o.status for o in outcomes)
    assert statuses.count("registered") == SEATS
    assert statuses.count("waitlisted") == RACERS - SEATS
    event.refresh_from_db()
    assert event.seats_taken == SEATS
