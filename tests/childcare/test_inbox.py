"""Requests received by a childminder: accept, decline with a reason, propose a date."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from maillage.families.enums import ContactRequestStatus as S
from maillage.families.services import contact_request_create, need_create
from tests.accounts.factories import ParentFactory
from tests.childcare.factories import ChildminderFactory, weekdays

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
INBOX = reverse("childcare:inbox")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _request_to(childminder, first_name="Lina"):
    parent = ParentFactory()
    need = need_create(
        created_by=parent,
        parent=parent,
        commune=childminder.commune,
        child_birth_date=dt.date(2025, 5, 10),
        start_date=dt.date(2026, 4, 1),
        schedule=weekdays("07:00", "16:00"),
        max_distance_km=3,
        child_first_name=first_name,
        consent_given_at=NOW,
    )
    return contact_request_create(need=need, by=parent, childminder=childminder)


def test_inbox_lists_her_requests_without_the_child_name(login):
    cm = ChildminderFactory()
    _request_to(cm)
    _request_to(ChildminderFactory(), first_name="Yanis")
    page = login(cm.user).get(INBOX).content.decode()
    assert "Enfant de 9 mois" in page
    assert "Lundi : 07 h 00–16 h 00" in page
    assert "Lina" not in page and "Yanis" not in page
    assert "Accepter" in page


def test_accept_then_family_contact_is_shown(login):
    cm = ChildminderFactory()
    request = _request_to(cm)
    client = login(cm.user)
    response = client.post(
        reverse("childcare:inbox_action", args=[request.pk]), {"action": "accept"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == S.ACCEPTED
    assert request.need.parent.email in client.get(INBOX).content.decode()


def test_decline_with_a_reason_and_propose_a_date(login):
    cm = ChildminderFactory()
    first, second = _request_to(cm), _request_to(cm)
    client = login(cm.user)
    client.post(
        reverse("childcare:inbox_action", args=[first.pk]),
        {"action": "decline", "reason": "schedule"},
    )
    first.refresh_from_db()
    assert (first.status, first.decline_reason) == (S.DECLINED, "schedule")
    past = client.post(
        reverse("childcare:inbox_action", args=[second.pk]),
        {"action": "propose", "proposed_start_date": "2026-02-01"},
        follow=True,
    )
    assert "La date ne peut pas être passée" in past.content.decode()
    client.post(
        reverse("childcare:inbox_action", args=[second.pk]),
        {"action": "propose", "proposed_start_date": "2026-05-04"},
    )
    second.refresh_from_db()
    assert (second.status, second.proposed_start_date) == (S.DATE_PROPOSED, dt.date(2026, 5, 4))


def test_another_childminder_cannot_act_on_the_request(login):
    request = _request_to(ChildminderFactory())
    intruder = ChildminderFactory()
    url = reverse("childcare:inbox_action", args=[request.pk])
    assert login(intruder.user).post(url, {"action": "accept"}).status_code == 404
    request.refresh_from_db()
    assert request.status == S.PENDING
