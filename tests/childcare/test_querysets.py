"""Visibility, freshness and distance of childminders (time frozen)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings

from maillage.childcare.freshness import freshness_penalty
from maillage.childcare.models import Childminder, Nursery
from tests.childcare.factories import ChildminderFactory, NurseryFactory
from tests.territory.factories import CommuneFactory

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=PARIS)


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_visible_hides_expired_agrement_and_inactive_accounts():
    valid = ChildminderFactory()
    ChildminderFactory(expired_agrement=True)
    ChildminderFactory(user__is_active=False)
    last_day = ChildminderFactory(agrement_valid_until=dt.date(2026, 3, 2))
    assert set(Childminder.objects.visible(dt.date(2026, 3, 2))) == {valid, last_day}
    assert set(Childminder.objects.visible(dt.date(2026, 3, 3))) == {valid}


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_stale_after_the_configured_number_of_days():
    fresh = ChildminderFactory(availability_updated_at=NOW - dt.timedelta(days=29))
    old = ChildminderFactory(availability_updated_at=NOW - dt.timedelta(days=31))
    never = ChildminderFactory(never_updated=True)
    assert set(Childminder.objects.stale(NOW)) == {old, never}
    assert set(Childminder.objects.fresh(NOW)) == {fresh}
    with override_settings(MAILLAGE_AVAILABILITY_STALE_DAYS=7):
        assert set(Childminder.objects.stale(NOW)) == {fresh, old, never}


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_freshness_penalty_grows_after_the_stale_period():
    today = NOW.date()
    fresh = ChildminderFactory.build(availability_updated_at=NOW - dt.timedelta(days=10))
    late = ChildminderFactory.build(availability_updated_at=NOW - dt.timedelta(days=45))
    very_late = ChildminderFactory.build(availability_updated_at=NOW - dt.timedelta(days=90))
    never = ChildminderFactory.build(never_updated=True)
    assert freshness_penalty(fresh, today) == 0.0
    assert freshness_penalty(late, today) == pytest.approx(0.5)
    assert freshness_penalty(very_late, today) == 1.0
    assert freshness_penalty(never, today) == 1.0


@pytest.mark.django_db
def test_near_keeps_only_points_within_the_radius():
    saint_denis = CommuneFactory(saint_denis=True)
    montreuil = CommuneFactory(montreuil=True)
    here = ChildminderFactory(commune=saint_denis)
    there = ChildminderFactory(commune=montreuil)  # about 9 km away
    assert list(Childminder.objects.near(48.93, 2.36, 2)) == [here]
    assert set(Childminder.objects.near(48.93, 2.36, 12)) == {here, there}
    assert list(Childminder.objects.in_communes([montreuil])) == [there]


@pytest.mark.django_db
def test_a_distance_of_zero_is_refused_in_french():
    with pytest.raises(ValueError, match="supérieure à 0 km"):
        Childminder.objects.near(48.93, 2.36, 0)


@pytest.mark.django_db
def test_nurseries_are_scoped_to_their_managers(django_user_model):
    from tests.accounts.factories import NurseryManagerFactory

    mine, other = NurseryManagerFactory(), NurseryManagerFactory()
    nursery = NurseryFactory(managers=[mine])
    NurseryFactory(managers=[other])
    assert list(Nursery.objects.managed_by(mine)) == [nursery]
