"""Capacity holds at every slot of the week (with_free_place and the pure helpers)."""

import datetime as dt

import pytest

from maillage.childcare.capacity import max_simultaneous
from maillage.childcare.models import Childminder
from maillage.core.schedule import week_from_ranges
from tests.childcare.factories import ChildInCareFactory, ChildminderFactory, weekdays

TODAY = dt.date(2026, 3, 2)


def test_max_simultaneous_counts_each_slot():
    morning, afternoon = weekdays("08:00", "12:00"), weekdays("13:00", "18:00")
    assert max_simultaneous([morning, afternoon]) == 1
    assert max_simultaneous([morning, weekdays("11:30", "14:00")]) == 2
    assert max_simultaneous([]) == 0


def test_max_simultaneous_within_a_requested_schedule():
    full = weekdays("08:00", "18:00")
    saturday = week_from_ranges({5: [("08:00", "12:00")]})
    assert max_simultaneous([full, full], within=saturday) == 0


@pytest.mark.django_db
def test_two_part_time_children_on_a_capacity_2_agrement_leave_one_place():
    cm = ChildminderFactory(agrement_capacity=2, available_from=TODAY)
    ChildInCareFactory(childminder=cm, morning=True)
    ChildInCareFactory(childminder=cm, afternoon=True)
    assert list(Childminder.objects.with_free_place(TODAY)) == [cm]


@pytest.mark.django_db
def test_the_same_children_fill_a_capacity_1_agrement():
    cm = ChildminderFactory(agrement_capacity=1, available_from=TODAY)
    ChildInCareFactory(childminder=cm, morning=True)
    ChildInCareFactory(childminder=cm, afternoon=True)
    assert not Childminder.objects.with_free_place(TODAY).exists()


@pytest.mark.django_db
def test_overlap_of_one_half_hour_uses_two_places():
    cm = ChildminderFactory(agrement_capacity=2, available_from=TODAY)
    ChildInCareFactory(childminder=cm, schedule=weekdays("08:00", "12:30"))
    ChildInCareFactory(childminder=cm, schedule=weekdays("12:00", "18:00"))
    assert not Childminder.objects.with_free_place(TODAY).exists()
    # A family needing Saturdays only still fits.
    saturday = week_from_ranges({5: [("08:00", "12:00")]})
    assert Childminder.objects.with_free_place(TODAY, schedule=saturday).exists()


@pytest.mark.django_db
def test_a_departure_frees_the_place_from_that_day():
    cm = ChildminderFactory(agrement_capacity=1, available_from=TODAY)
    ChildInCareFactory(childminder=cm, leaves_on=dt.date(2026, 7, 1))
    assert not Childminder.objects.with_free_place(dt.date(2026, 6, 30)).exists()
    assert Childminder.objects.with_free_place(dt.date(2026, 7, 1)).exists()


@pytest.mark.django_db
def test_declared_date_must_be_reached_and_no_place_declared_hides():
    later = ChildminderFactory(available_from=dt.date(2026, 9, 1))
    ChildminderFactory(no_place_declared=True)
    assert not Childminder.objects.with_free_place(TODAY).exists()
    assert list(Childminder.objects.with_free_place(dt.date(2026, 9, 1))) == [later]


@pytest.mark.django_db
def test_under_3_limit_counts_her_own_babies():
    cm = ChildminderFactory(
        agrement_capacity=4,
        own_children_under_3=1,
        own_children_under_11=1,
        available_from=TODAY,
    )
    for _ in range(3):
        ChildInCareFactory(childminder=cm, age_months=12)
    assert Childminder.objects.with_free_place(TODAY, child_age_months=48).exists()
    assert not Childminder.objects.with_free_place(TODAY, child_age_months=10).exists()
