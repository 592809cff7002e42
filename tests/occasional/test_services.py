"""Requests, proposals, first-to-accept bookings and slots, on the default database."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from maillage.occasional.enums import OccasionalRequestStatus, RequestDayStatus
from maillage.occasional.models import OccasionalBooking, OccasionalSlot
from maillage.occasional.services import (
    TAKEN_MESSAGE,
    OccasionalUnavailable,
    occasional_offer_accept,
    occasional_request_cancel,
)
from tests.occasional.factories import (
    childminder_with_slot,
    interview_request,
    nursery_with_slot,
)

pytestmark = pytest.mark.django_db
THU = dt.date(2026, 3, 5)
FRI = dt.date(2026, 3, 6)


def test_a_past_date_is_refused_in_french(frozen, saint_denis):
    with pytest.raises(ValidationError) as exc:
        interview_request(
            commune=saint_denis, days=[(dt.date(2026, 3, 1), "09:00", "12:00")], today=frozen
        )
    assert "est passé" in exc.value.messages[0]


def test_a_date_beyond_the_horizon_is_refused(frozen, saint_denis, settings):
    settings.MAILLAGE_OCCASIONAL_HORIZON_DAYS = 7
    with pytest.raises(ValidationError) as exc:
        interview_request(
            commune=saint_denis, days=[(dt.date(2026, 3, 10), "09:00", "12:00")], today=frozen
        )
    assert "7 prochains jours" in exc.value.messages[0]


def test_times_must_be_on_the_half_hour(frozen, saint_denis):
    with pytest.raises(ValidationError) as exc:
        interview_request(commune=saint_denis, days=[(THU, "09:15", "12:00")], today=frozen)
    assert "demi-heure" in exc.value.messages[0]


def test_the_request_goes_to_fitting_providers_and_the_email_names_no_child(
    frozen, saint_denis, django_capture_on_commit_callbacks
):
    _, nursery, _ = nursery_with_slot(commune=saint_denis, date=THU, today=frozen)
    cm_user, _, _ = childminder_with_slot(
        commune=saint_denis, date=FRI, start="13:00", end="18:00", today=frozen
    )
    with django_capture_on_commit_callbacks(execute=True):
        request = interview_request(
            commune=saint_denis, days=[(THU, "09:00", "12:00")], today=frozen
        )
    proposals = list(request.proposals.all())
    assert [p.nursery_id for p in proposals] == [nursery.pk]  # the childminder is free on Friday
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "enfant de 12 mois" in body and "jeudi 5 mars 2026" in body
    assert request.parent.last_name not in body and request.parent.email not in body


def test_first_provider_to_accept_gets_the_day_the_second_is_told(
    frozen, saint_denis, django_capture_on_commit_callbacks
):
    manager, _, nursery_slot = nursery_with_slot(commune=saint_denis, date=THU, today=frozen)
    cm_user, _, cm_slot = childminder_with_slot(commune=saint_denis, date=THU, today=frozen)
    request = interview_request(commune=saint_denis, days=[(THU, "09:00", "12:00")], today=frozen)
    assert request.proposals.count() == 2
    day = request.days.get()
    with django_capture_on_commit_callbacks(execute=True):
        bookings = occasional_offer_accept(request_day=day, slot=cm_slot, by=cm_user)
    assert [b.slot_id for b in bookings] == [cm_slot.pk]
    with pytest.raises(OccasionalUnavailable) as exc:
        occasional_offer_accept(request_day=day, slot=nursery_slot, by=manager)
    assert exc.value.messages[0] == TAKEN_MESSAGE
    day.refresh_from_db()
    request.refresh_from_db()
    assert day.status == RequestDayStatus.BOOKED
    assert request.status == OccasionalRequestStatus.COVERED
    assert OccasionalSlot.objects.get(pk=nursery_slot.pk).places_taken == 0
    assert OccasionalSlot.objects.get(pk=cm_slot.pk).places_taken == 1
    assert mail.outbox[0].to == [request.parent.email]
    assert "confirmé" in mail.outbox[0].subject


def test_the_last_place_goes_to_one_family_only(frozen, saint_denis):
    manager, _, slot = nursery_with_slot(commune=saint_denis, date=THU, places=1, today=frozen)
    first = interview_request(commune=saint_denis, days=[(THU, "09:00", "12:00")], today=frozen)
    second = interview_request(commune=saint_denis, days=[(THU, "14:00", "16:00")], today=frozen)
    occasional_offer_accept(request_day=first.days.get(), slot=slot, by=manager)
    with pytest.raises(ValidationError) as exc:
        occasional_offer_accept(request_day=second.days.get(), slot=slot, by=manager)
    assert "plus de place" in exc.value.messages[0].lower() or "couvrent" in exc.value.messages[0]
    assert OccasionalBooking.objects.filter(slot=slot).count() == 1
    assert second.days.get().status == RequestDayStatus.OPEN


def test_a_full_day_is_covered_by_a_morning_and_an_afternoon(frozen, saint_denis):
    manager, nursery, morning = nursery_with_slot(
        commune=saint_denis, date=THU, half_day="morning", today=frozen
    )
    from maillage.occasional.services import occasional_slot_declare_nursery

    afternoon = occasional_slot_declare_nursery(
        age_group=morning.age_group,
        date=THU,
        half_day="afternoon",
        places=1,
        by=manager,
        today=frozen,
    )
    assert (morning.start_time, morning.end_time) == (dt.time(7, 30), dt.time(13, 0))
    assert (afternoon.start_time, afternoon.end_time) == (dt.time(13, 0), dt.time(19, 0))
    request = interview_request(
        commune=saint_denis, days=[(THU, "09:00", "17:00")], today=frozen, reason="trial_week"
    )
    bookings = occasional_offer_accept(request_day=request.days.get(), slot=morning, by=manager)
    assert sorted(b.slot_id for b in bookings) == sorted([morning.pk, afternoon.pk])


def test_partial_then_cancel_gives_places_back(frozen, saint_denis):
    cm_user, _, slot = childminder_with_slot(commune=saint_denis, date=THU, today=frozen)
    request = interview_request(
        commune=saint_denis, days=[(THU, "09:00", "12:00"), (FRI, "09:00", "12:00")], today=frozen
    )
    occasional_offer_accept(request_day=request.days.get(date=THU), slot=slot, by=cm_user)
    request.refresh_from_db()
    assert request.status == OccasionalRequestStatus.PARTIAL
    occasional_request_cancel(request=request, by=request.parent)
    assert OccasionalSlot.objects.get(pk=slot.pk).places_taken == 0
    assert not OccasionalBooking.objects.exists()


def test_a_provider_who_was_not_asked_cannot_accept(frozen, saint_denis):
    request = interview_request(commune=saint_denis, days=[(THU, "09:00", "12:00")], today=frozen)
    cm_user, _, slot = childminder_with_slot(commune=saint_denis, date=THU, today=frozen)
    with pytest.raises(ValidationError) as exc:
        occasional_offer_accept(request_day=request.days.get(), slot=slot, by=cm_user)
    assert "pas été proposée" in exc.value.messages[0]


def test_a_crèche_closed_on_sunday_cannot_declare_a_slot(frozen, saint_denis):
    with pytest.raises(ValidationError) as exc:
        nursery_with_slot(commune=saint_denis, date=dt.date(2026, 3, 8), today=frozen)
    assert "fermée" in exc.value.messages[0]


def test_a_childminder_cannot_declare_more_places_than_her_agrement(frozen, saint_denis):
    with pytest.raises(ValidationError) as exc:
        childminder_with_slot(commune=saint_denis, date=THU, places=4, today=frozen)
    assert "agrément" in exc.value.messages[0]
