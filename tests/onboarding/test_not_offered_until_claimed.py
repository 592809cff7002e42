"""A provider from a register, or a structure waiting for validation, is in the supply but
never offered to families."""

from __future__ import annotations

import pytest
import time_machine

from maillage.childcare.models import Childminder, Nursery
from maillage.families import engine_adapter as adapter
from maillage.families.engine_records import provider_index_bump
from tests.families.helpers import NOW, free_childminder, nursery_with_places, open_need

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _keys(need):
    return {o.key for o in adapter.options_for_need(need).options}


def test_an_unclaimed_childminder_is_not_offered_then_is_once_claimed(saint_denis):
    cm = free_childminder(saint_denis, unclaimed_from_register=True)
    cm.user.is_active = True
    cm.user.save(update_fields=["is_active"])
    need = open_need(saint_denis)
    assert _keys(need) == set()
    assert Childminder.objects.unclaimed().get() == cm
    Childminder.objects.filter(pk=cm.pk).update(claimed_at=NOW)
    provider_index_bump([saint_denis.departement_id])
    assert _keys(need) == {f"am-{cm.pk}"}


def test_a_pending_or_unclaimed_nursery_is_not_offered(saint_denis):
    pending = nursery_with_places(saint_denis, pending=True)
    unclaimed = nursery_with_places(saint_denis, unclaimed_from_register=True)
    offered = nursery_with_places(saint_denis)
    assert _keys(open_need(saint_denis)) == {f"creche-{offered.pk}"}
    assert set(Nursery.objects.offered()) == {offered}
    assert set(Nursery.objects.in_supply()) == {unclaimed, offered}
    assert not pending.is_offered


def test_existing_providers_are_claimed_by_default(saint_denis):
    assert free_childminder(saint_denis).claimed_at is not None
    assert nursery_with_places(saint_denis).is_offered
