"""Races on PostgreSQL: many pool members accept at once; one person accepts two requests."""

from datetime import date

import pytest
from django.db import connection

from maillage.jobs.enums import Qualification as Q
from maillage.jobs.errors import SubstituteUnavailable
from maillage.jobs.models import SubstituteAssignment, SubstituteBooking
from maillage.jobs.services.substitutes import (
    substitute_offer_accept,
    substitute_request_create,
    substitute_request_notify,
)
from tests.concurrency import race
from tests.jobs.factories import CandidateProfileFactory, NurseryFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("Course réelle sur des verrous : PostgreSQL requis (DATABASE_URL).")


def _request(**kw):
    args = {
        "nursery": NurseryFactory(),
        "start_date": date(2026, 3, 9),
        "end_date": date(2026, 3, 13),
        "start_time": "08:00",
        "end_time": "17:00",
        "children_not_walking": 10,
        "children_walking": 0,
        "staff_present": {Q.CAP_AEPE: 1},
    }
    return substitute_request_create(**{**args, **kw})


def test_eight_pool_members_accept_at_once_one_wins():
    request = _request()
    pool = [CandidateProfileFactory(auxiliaire_in_pool=True) for _ in range(8)]
    substitute_request_notify(request=request, today=TODAY, limit=8)
    outcomes = race(
        [lambda c=c: substitute_offer_accept(request=request, candidate=c) for c in pool]
    )
    winners = [o for o in outcomes if isinstance(o, SubstituteAssignment)]
    losers = [o for o in outcomes if isinstance(o, SubstituteUnavailable)]
    assert len(winners) == 1 and len(losers) == 7
    assert SubstituteAssignment.objects.filter(request=request, status="confirmed").count() == 1
    assert "vient d'être pourvu" in losers[0].messages[0]


def test_one_person_accepting_two_overlapping_requests_at_once_is_booked_once():
    first = _request()
    second = _request(start_time="12:00", end_time="19:00")
    gina = CandidateProfileFactory(auxiliaire_in_pool=True)
    for request in (first, second):
        substitute_request_notify(request=request, today=TODAY)
    outcomes = race(
        [lambda r=r: substitute_offer_accept(request=r, candidate=gina) for r in (first, second)]
    )
    assert sum(isinstance(o, SubstituteAssignment) for o in outcomes) == 1
    assert SubstituteAssignment.objects.filter(candidate=gina, status="confirmed").count() == 1
    slots = SubstituteBooking.objects.filter(candidate=gina)
    assert slots.count() == slots.values("day", "slot").distinct().count()
