"""The "rencontre": the provider proposes a visit, the family accepts it or asks another
date; the place can be held until the visit (plus 48 h) and the hold counts in the capacity
checks until it expires; the daily job releases expired holds. Every step is an event and an
e-mail."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from maillage.families.contact_services import (
    open_hold,
    place_holds_release_expired,
    visit_accept,
    visit_ask_other_date,
    visit_propose,
)
from maillage.families.enums import ContactRequestStatus as S
from maillage.families.enums import VisitStatus
from maillage.families.models import PlaceHold, RequestEvent
from maillage.families.services import (
    InvalidTransition,
    TransitionNotPermitted,
    contact_request_transition,
)
from tests.families.contact_setup import NOW, VISIT_AT, accepted_request
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def saint_denis():
    return CommuneFactory(saint_denis=True)


def _labels(request) -> list[str]:
    return list(
        RequestEvent.objects.filter(request=request)
        .exclude(label="")
        .values_list("label", flat=True)
    )


def test_a_visit_proposed_then_accepted_is_recorded_and_e_mailed(
    saint_denis, mailoutbox, django_capture_on_commit_callbacks
):
    request = accepted_request(saint_denis)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        visit = visit_propose(
            request=request, by=request.childminder.user, starts_at=VISIT_AT, place="À mon domicile"
        )
    assert mailoutbox[-1].to == [request.need.parent.email]
    assert "rencontre vous est proposée" in mailoutbox[-1].subject
    assert "jeudi 26 novembre 2026 à 17:30" in mailoutbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        visit_accept(visit=visit, by=request.need.parent)
    assert mailoutbox[-1].to == [request.childminder.user.email]
    visit.refresh_from_db()
    assert visit.status == VisitStatus.ACCEPTED
    assert _labels(request) == ["Rencontre proposée", "Rencontre acceptée"]


def test_the_family_may_ask_another_date_and_the_provider_proposes_again(saint_denis):
    request = accepted_request(saint_denis)
    first = visit_propose(
        request=request, by=request.childminder.user, starts_at=VISIT_AT, place="Chez moi"
    )
    visit_ask_other_date(visit=first, by=request.need.parent, note="Plutôt le mercredi matin")
    first.refresh_from_db()
    assert (first.status, first.family_note) == (
        VisitStatus.OTHER_DATE_ASKED,
        "Plutôt le mercredi matin",
    )
    second = visit_propose(
        request=request,
        by=request.childminder.user,
        starts_at=VISIT_AT - dt.timedelta(days=1, hours=7),
        place="Chez moi",
    )
    visit_accept(visit=second, by=request.need.parent)
    with pytest.raises(InvalidTransition, match="n'attend plus de réponse"):
        visit_accept(visit=first, by=request.need.parent)


def test_only_the_provider_proposes_and_only_the_family_answers(saint_denis):
    request = accepted_request(saint_denis)
    with pytest.raises(TransitionNotPermitted):
        visit_propose(request=request, by=request.need.parent, starts_at=VISIT_AT, place="Ici")
    visit = visit_propose(
        request=request, by=request.childminder.user, starts_at=VISIT_AT, place="Ici"
    )
    with pytest.raises(TransitionNotPermitted):
        visit_accept(visit=visit, by=request.childminder.user)


def test_a_visit_in_the_past_or_before_acceptance_is_refused(saint_denis):
    from django.core.exceptions import ValidationError

    request = accepted_request(saint_denis)
    with pytest.raises(ValidationError, match="à venir"):
        visit_propose(
            request=request,
            by=request.childminder.user,
            starts_at=NOW - dt.timedelta(hours=1),
            place="Ici",
        )


def test_a_held_place_counts_until_it_expires(saint_denis):
    # One place left: held for the first family's visit, the second cannot confirm it.
    first = accepted_request(saint_denis, capacity=1)
    second = accepted_request(saint_denis, childminder=first.childminder)
    visit_propose(
        request=first,
        by=first.childminder.user,
        starts_at=VISIT_AT,
        place="Chez moi",
        hold_place=True,
    )
    hold = open_hold(first)
    assert hold.expires_at == VISIT_AT + dt.timedelta(hours=48)
    with pytest.raises(InvalidTransition, match="n'est plus disponible"):
        contact_request_transition(request=second, to_status=S.CONFIRMED, by=second.need.parent)
    # A second hold on the same last place is refused.
    with pytest.raises(InvalidTransition, match="Impossible de retenir la place"):
        visit_propose(
            request=second,
            by=second.childminder.user,
            starts_at=VISIT_AT,
            place="Chez moi",
            hold_place=True,
        )
    # Once expired, the hold no longer counts: the other family may confirm.
    with time_machine.travel(hold.expires_at + dt.timedelta(minutes=1), tick=False):
        contact_request_transition(request=second, to_status=S.CONFIRMED, by=second.need.parent)
    second.refresh_from_db()
    assert second.status == S.CONFIRMED


def test_the_family_holding_the_place_confirms_it(saint_denis):
    request = accepted_request(saint_denis, capacity=1)
    visit_propose(
        request=request,
        by=request.childminder.user,
        starts_at=VISIT_AT,
        place="Chez moi",
        hold_place=True,
    )
    contact_request_transition(request=request, to_status=S.CONFIRMED, by=request.need.parent)
    assert request.childminder.children_in_care.count() == 1
    assert place_holds_release_expired() == 0
    assert PlaceHold.objects.get(request=request).release_reason == "Demande close"


def test_the_daily_job_releases_expired_holds_and_tells_both_sides(
    saint_denis, mailoutbox, django_capture_on_commit_callbacks
):
    request = accepted_request(saint_denis)
    visit_propose(
        request=request,
        by=request.childminder.user,
        starts_at=VISIT_AT,
        place="Chez moi",
        hold_place=True,
    )
    mailoutbox.clear()
    with time_machine.travel(VISIT_AT + dt.timedelta(hours=49), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("release_place_holds")
        assert open_hold(request) is None
    assert "Place retenue libérée" in _labels(request)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [request.need.parent.email, request.childminder.user.email]
    )
    assert place_holds_release_expired() == 0


def test_the_pages_carry_the_visit_from_proposal_to_acceptance(client, saint_denis):
    request = accepted_request(saint_denis)
    client.force_login(request.childminder.user)
    url = reverse("families:request_visit_propose", args=[request.pk])
    response = client.post(
        url, {"date": "2026-11-26", "time": "17:30", "place": "À mon domicile", "hold_place": "on"}
    )
    assert response.status_code == 302
    client.force_login(request.need.parent)
    page = client.get(reverse("families:request_thread", args=[request.pk])).content.decode()
    assert "jeudi 26 novembre 2026 à 17:30" in page
    assert "Place retenue jusqu" in page
    visit = request.visits.get()
    client.post(
        reverse("families:request_visit_answer", args=[request.pk, visit.pk]), {"action": "accept"}
    )
    visit.refresh_from_db()
    assert visit.status == VisitStatus.ACCEPTED


def test_a_bad_visit_form_keeps_what_was_typed_with_french_errors(client, saint_denis):
    request = accepted_request(saint_denis)
    client.force_login(request.childminder.user)
    response = client.post(
        reverse("families:request_visit_propose", args=[request.pk]),
        {"date": "2026-11-20", "time": "10:00", "place": "Au relais"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choisissez une date et une heure à venir." in page
    assert 'value="Au relais"' in page
