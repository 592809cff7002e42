import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from maillage.families.enums import ContactRequestStatus as S
from maillage.families.enums import DeclineReason, NeedStatus, SituationFlag
from maillage.families.models import RequestEvent
from maillage.families.services import (
    CONFIRMATION_CHECKS,
    TERMINAL_STATUSES,
    TRANSITIONS,
    InvalidTransition,
    TransitionNotPermitted,
    allowed_targets,
    contact_request_create,
    contact_request_transition,
    need_create,
    need_set_status,
)
from tests.accounts.factories import CounsellorFactory, ParentFactory
from tests.families.factories import (
    WEEKDAYS_8_18,
    ChildminderFactory,
    ContactRequestFactory,
    NeedFactory,
    NurseryFactory,
)
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


def _history(request):
    return list(request.events.values_list("from_status", "to_status", "actor"))


@pytest.fixture
def pending():
    with time_machine.travel(NOW, tick=False):
        need = NeedFactory()
        return contact_request_create(need=need, childminder=ChildminderFactory(), by=need.parent)


def test_need_create_by_counsellor_for_family_without_account():
    counsellor = CounsellorFactory(france_travail=True)
    commune = CommuneFactory(saint_denis=True)
    need = need_create(
        created_by=counsellor,
        counsellor=counsellor,
        family_phone="06 12 34 56 78",
        commune=commune,
        child_birth_date=dt.date(2026, 5, 2),
        start_date=dt.date(2027, 1, 4),
        schedule=WEEKDAYS_8_18,
        max_distance_km=3,
        consent_given_at=NOW,
        situations={SituationFlag.JOB_SEEKER, SituationFlag.COUNSELLOR_REFERRAL},
    )
    assert need.status == NeedStatus.OPEN
    assert (need.latitude, need.longitude) == (commune.latitude, commune.longitude)
    assert need.job_seeker and need.counsellor_referral and not need.employed


def test_need_create_refuses_open_need_without_consent_or_contact():
    commune = CommuneFactory(saint_denis=True)
    common = {
        "commune": commune,
        "child_birth_date": dt.date(2026, 5, 2),
        "start_date": dt.date(2027, 1, 4),
        "schedule": WEEKDAYS_8_18,
        "max_distance_km": 3,
    }
    parent = ParentFactory()
    with pytest.raises(ValidationError, match="consentement"):
        need_create(created_by=parent, parent=parent, **common)
    with pytest.raises(ValidationError, match="adresse électronique ou un téléphone"):
        need_create(created_by=CounsellorFactory(), consent_given_at=NOW, **common)
    draft = need_create(created_by=parent, parent=parent, status=NeedStatus.DRAFT, **common)
    assert draft.status == NeedStatus.DRAFT


def test_create_records_the_first_event(pending):
    assert pending.status == S.PENDING
    assert pending.expires_at == NOW + dt.timedelta(days=10)
    assert _history(pending) == [("", S.PENDING, pending.need.parent_id)]


def test_cannot_ask_the_same_provider_twice_nor_for_a_closed_need(pending):
    with pytest.raises(InvalidTransition, match="déjà en cours"):
        contact_request_create(
            need=pending.need, childminder=pending.childminder, by=pending.need.parent
        )
    closed = NeedFactory(status=NeedStatus.CLOSED)
    with pytest.raises(InvalidTransition, match="pas en recherche"):
        contact_request_create(need=closed, nursery=NurseryFactory(), by=closed.parent)


def test_a_stranger_cannot_make_a_request():
    need = NeedFactory()
    with pytest.raises(TransitionNotPermitted):
        contact_request_create(need=need, childminder=ChildminderFactory(), by=ParentFactory())


def test_counsellor_following_the_need_may_make_the_request():
    need = NeedFactory(without_account=True)
    request = contact_request_create(need=need, nursery=NurseryFactory(), by=need.counsellor)
    assert request.events.get().actor == need.counsellor


def test_full_journey_accept_then_confirm(pending):
    am = pending.childminder.user
    contact_request_transition(request=pending, to_status=S.ACCEPTED, by=am, note="À bientôt")
    contact_request_transition(request=pending, to_status=S.CONFIRMED, by=pending.need.parent)
    assert pending.status == S.CONFIRMED
    assert _history(pending) == [
        ("", S.PENDING, pending.need.parent_id),
        (S.PENDING, S.ACCEPTED, am.pk),
        (S.ACCEPTED, S.CONFIRMED, pending.need.parent_id),
    ]
    pending.need.refresh_from_db()
    assert pending.need.status == NeedStatus.MATCHED
    assert pending.need.closed_at is not None


def test_confirmation_cancels_the_other_requests_of_the_need(pending):
    other = contact_request_create(
        need=pending.need, nursery=NurseryFactory(), by=pending.need.parent
    )
    contact_request_transition(request=pending, to_status=S.ACCEPTED, by=pending.childminder.user)
    contact_request_transition(request=pending, to_status=S.CONFIRMED, by=pending.need.parent)
    other.refresh_from_db()
    assert other.status == S.CANCELLED
    last = other.events.last()
    assert (last.from_status, last.to_status, last.actor) == (S.PENDING, S.CANCELLED, None)


def test_decline_needs_a_reason_from_the_list(pending):
    am = pending.childminder.user
    with pytest.raises(ValidationError, match="motif"):
        contact_request_transition(request=pending, to_status=S.DECLINED, by=am)
    contact_request_transition(
        request=pending, to_status=S.DECLINED, by=am, decline_reason=DeclineReason.SCHEDULE
    )
    assert (pending.status, pending.decline_reason) == (S.DECLINED, DeclineReason.SCHEDULE)


def test_date_proposed_then_parent_confirms(pending):
    start = dt.date(2027, 2, 1)
    contact_request_transition(
        request=pending,
        to_status=S.DATE_PROPOSED,
        by=pending.childminder.user,
        proposed_start_date=start,
    )
    assert pending.proposed_start_date == start
    contact_request_transition(request=pending, to_status=S.CONFIRMED, by=pending.need.parent)
    assert pending.status == S.CONFIRMED


@pytest.mark.parametrize(
    ("status", "to_status"),
    [
        (S.PENDING, S.CONFIRMED),
        (S.DECLINED, S.ACCEPTED),
        (S.CONFIRMED, S.CANCELLED),
        (S.EXPIRED, S.PENDING),
        (S.CANCELLED, S.ACCEPTED),
    ],
)
def test_refused_transitions_raise_in_french_and_record_nothing(status, to_status):
    request = ContactRequestFactory(status=status)
    with pytest.raises(InvalidTransition, match="Impossible de passer une demande") as exc:
        contact_request_transition(request=request, to_status=to_status, by=None)
    assert (exc.value.from_status, exc.value.to_status) == (status, to_status)
    assert not RequestEvent.objects.exists()


def test_parent_cannot_accept_and_provider_cannot_confirm(pending):
    with pytest.raises(TransitionNotPermitted, match="Vous ne pouvez pas"):
        contact_request_transition(request=pending, to_status=S.ACCEPTED, by=pending.need.parent)
    contact_request_transition(request=pending, to_status=S.ACCEPTED, by=pending.childminder.user)
    with pytest.raises(TransitionNotPermitted):
        contact_request_transition(
            request=pending, to_status=S.CONFIRMED, by=pending.childminder.user
        )


def test_nursery_manager_answers_for_her_nursery():
    request = ContactRequestFactory(to_nursery=True)
    manager = request.nursery.managers.get()
    contact_request_transition(request=request, to_status=S.ACCEPTED, by=manager)
    assert request.status == S.ACCEPTED


def test_only_the_system_expires_a_request(pending):
    with pytest.raises(TransitionNotPermitted):
        contact_request_transition(request=pending, to_status=S.EXPIRED, by=pending.need.parent)
    contact_request_transition(request=pending, to_status=S.EXPIRED, by=None)
    assert _history(pending)[-1] == (S.PENDING, S.EXPIRED, None)


def test_confirmation_checks_can_refuse(pending, monkeypatch):
    def no_capacity(request):
        raise InvalidTransition("Plus de place disponible à ces horaires.")

    monkeypatch.setattr("maillage.families.services.CONFIRMATION_CHECKS", [no_capacity])
    contact_request_transition(request=pending, to_status=S.ACCEPTED, by=pending.childminder.user)
    with pytest.raises(InvalidTransition, match="Plus de place"):
        contact_request_transition(request=pending, to_status=S.CONFIRMED, by=pending.need.parent)
    pending.refresh_from_db()
    assert pending.status == S.ACCEPTED
    assert [c.__name__ for c in CONFIRMATION_CHECKS] == ["reserve_place"]


def test_transition_table_has_no_exit_from_terminal_states():
    assert all(frm not in TERMINAL_STATUSES for frm, _ in TRANSITIONS)
    assert set(allowed_targets(S.PENDING)) == {
        S.ACCEPTED,
        S.DECLINED,
        S.DATE_PROPOSED,
        S.CANCELLED,
        S.EXPIRED,
    }


def test_closing_a_need_cancels_its_active_requests(pending):
    need_set_status(need=pending.need, to_status=NeedStatus.CLOSED, by=pending.need.parent)
    pending.refresh_from_db()
    assert pending.status == S.CANCELLED
    pending.need.refresh_from_db()
    assert pending.need.status == NeedStatus.CLOSED
    with pytest.raises(InvalidTransition, match="Impossible de passer ce besoin"):
        need_set_status(need=pending.need, to_status=NeedStatus.OPEN, by=pending.need.parent)
