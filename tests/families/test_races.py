"""No over-assignment, ever: many families confirm the same last place at once.

Real threads, real transactions: on PostgreSQL (row lock on ProviderLock + conditional
UPDATE) and on SQLite (the file database serialises writers with BEGIN IMMEDIATE).
"""

from __future__ import annotations

import pytest
from django.db import connection

from maillage.childcare.models import ChildInCare, NurseryAgeGroup
from maillage.families.enums import ContactRequestStatus as S
from maillage.families.enums import NeedStatus
from maillage.families.models import ContactRequest, Need
from maillage.families.places import CHILDMINDER_FULL, NURSERY_FULL
from maillage.families.services import InvalidTransition, contact_request_transition
from tests.concurrency import race
from tests.families.helpers import free_childminder, nursery_with_places, open_need
from tests.territory.factories import CommuneFactory

RACERS = 6


def _accepted_requests(**provider):
    commune = CommuneFactory(saint_denis=True)
    target = provider["make"](commune)
    field = "childminder" if provider["make"] is _childminder else "nursery"
    requests = []
    for _ in range(RACERS):
        need = open_need(commune)
        requests.append(
            ContactRequest.objects.create(need=need, status=S.ACCEPTED, **{field: target})
        )
    return target, requests


def _childminder(commune):
    return free_childminder(commune, agrement_capacity=1)


def _nursery(commune):
    return nursery_with_places(commune, places=12, taken=11)


def _confirm_all(requests):
    return race(
        [
            lambda r=r: contact_request_transition(
                request=r, to_status=S.CONFIRMED, by=r.need.parent
            )
            for r in requests
        ]
    )


def _check(outcomes, message):
    winners = [o for o in outcomes if isinstance(o, ContactRequest)]
    losers = [o for o in outcomes if isinstance(o, InvalidTransition)]
    assert len(winners) == 1 and len(losers) == RACERS - 1, outcomes
    assert all(str(exc) == message for exc in losers)
    assert ContactRequest.objects.filter(status=S.CONFIRMED).count() == 1
    assert Need.objects.filter(status=NeedStatus.MATCHED).count() == 1
    assert ContactRequest.objects.filter(status=S.ACCEPTED).count() == RACERS - 1


def _assert_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("Course sur des verrous de lignes : PostgreSQL requis (DATABASE_URL).")


def _assert_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("Course sur le fichier SQLite (BEGIN IMMEDIATE) : SQLite requis.")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_last_childminder_place_goes_to_exactly_one_family():
    _assert_postgres()
    cm, requests = _accepted_requests(make=_childminder)
    _check(_confirm_all(requests), CHILDMINDER_FULL)
    assert ChildInCare.objects.filter(childminder=cm).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_last_crèche_place_goes_to_exactly_one_family():
    _assert_postgres()
    nursery, requests = _accepted_requests(make=_nursery)
    _check(_confirm_all(requests), NURSERY_FULL)
    group = NurseryAgeGroup.objects.get(nursery=nursery)
    assert group.places_taken == group.places == 12


@pytest.mark.django_db(transaction=True)
def test_sqlite_last_childminder_place_goes_to_exactly_one_family():
    _assert_sqlite()
    cm, requests = _accepted_requests(make=_childminder)
    _check(_confirm_all(requests), CHILDMINDER_FULL)
    assert ChildInCare.objects.filter(childminder=cm).count() == 1


@pytest.mark.django_db(transaction=True)
def test_sqlite_last_crèche_place_goes_to_exactly_one_family():
    _assert_sqlite()
    nursery, requests = _accepted_requests(make=_nursery)
    _check(_confirm_all(requests), NURSERY_FULL)
    assert NurseryAgeGroup.objects.get(nursery=nursery).places_taken == 12
