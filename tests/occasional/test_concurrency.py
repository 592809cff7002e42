"""Races on PostgreSQL: providers accept the same day at once; families race for a last place."""

import datetime as dt

import pytest
from django.db import connection

from maillage.occasional.enums import RequestDayStatus
from maillage.occasional.models import OccasionalBooking, OccasionalSlot
from maillage.occasional.services import (
    TAKEN_MESSAGE,
    OccasionalUnavailable,
    occasional_offer_accept,
)
from tests.concurrency import race
from tests.occasional.factories import childminder_with_slot, interview_request, nursery_with_slot
from tests.territory.factories import CommuneFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TODAY = dt.date.today()
DAY = TODAY + dt.timedelta(days=(3 - TODAY.weekday()) % 7 or 7)  # next Thursday


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("Course réelle sur des verrous : PostgreSQL requis (DATABASE_URL).")


def test_six_providers_accept_the_same_day_at_once_one_gets_it():
    commune = CommuneFactory(saint_denis=True)
    providers = [
        childminder_with_slot(commune=commune, date=DAY, today=TODAY)[::2] for _ in range(3)
    ] + [nursery_with_slot(commune=commune, date=DAY, today=TODAY)[::2] for _ in range(3)]
    request = interview_request(commune=commune, days=[(DAY, "09:00", "12:00")], today=TODAY)
    assert request.proposals.count() == 6
    day = request.days.get()
    outcomes = race(
        [
            lambda u=user, s=slot: occasional_offer_accept(request_day=day, slot=s, by=u)
            for user, slot in providers
        ]
    )
    winners = [o for o in outcomes if isinstance(o, list)]
    losers = [o for o in outcomes if isinstance(o, OccasionalUnavailable)]
    assert len(winners) == 1 and len(losers) == 5, outcomes
    assert all(exc.messages[0] == TAKEN_MESSAGE for exc in losers)
    assert OccasionalBooking.objects.filter(request_day=day).count() == 1
    day.refresh_from_db()
    assert day.status == RequestDayStatus.BOOKED
    assert sum(OccasionalSlot.objects.values_list("places_taken", flat=True)) == 1


def test_four_families_race_for_the_two_places_of_one_slot():
    commune = CommuneFactory(saint_denis=True)
    manager, _, slot = nursery_with_slot(commune=commune, date=DAY, places=2, today=TODAY)
    requests = [
        interview_request(commune=commune, days=[(DAY, "09:00", "12:00")], today=TODAY)
        for _ in range(4)
    ]
    outcomes = race(
        [
            lambda r=r: occasional_offer_accept(request_day=r.days.get(), slot=slot, by=manager)
            for r in requests
        ]
    )
    assert sum(isinstance(o, list) for o in outcomes) == 2, outcomes
    slot.refresh_from_db()
    assert slot.places_taken == 2
    assert OccasionalBooking.objects.filter(slot=slot).count() == 2
