"""« Supprimer mon compte »: password confirmation, erasure, and what is kept anonymised."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from maillage.accounts.models import User
from maillage.childcare.models import Childminder
from maillage.families.contact_services import request_message_post
from maillage.families.enums import ContactRequestStatus, NeedStatus
from maillage.families.models import Need, RequestMessage
from maillage.outcomes.models import OutcomeFollowUp
from maillage.privacy.services.erasure import DELETED_MESSAGE, account_delete
from tests.accounts.factories import DEFAULT_PASSWORD, CandidateFactory, ParentFactory
from tests.families.contact_setup import NOW, accepted_request
from tests.families.factories import NeedFactory, NurseryFactory
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def request_():
    request = accepted_request(CommuneFactory(saint_denis=True))
    request_message_post(request=request, by=request.need.parent, body="Bonjour, à jeudi ?")
    return request


def test_wrong_password_keeps_the_account(client, request_):
    parent = request_.need.parent
    client.force_login(parent)
    response = client.post(
        reverse("privacy:account_delete"), {"password": "pas-le-bon", "confirm": "on"}
    )
    assert response.status_code == 200
    assert "Mot de passe incorrect." in response.content.decode()
    parent.refresh_from_db()
    assert parent.deleted_at is None and parent.is_active


def test_unticked_confirmation_keeps_the_account(client, request_):
    parent = request_.need.parent
    client.force_login(parent)
    client.post(reverse("privacy:account_delete"), {"password": DEFAULT_PASSWORD})
    parent.refresh_from_db()
    assert parent.deleted_at is None


def test_parent_deletes_her_account(client, request_):
    parent = request_.need.parent
    email = parent.email
    closed = NeedFactory(parent=parent, status=NeedStatus.CLOSED, closed_at=NOW)
    client.force_login(parent)
    response = client.post(
        reverse("privacy:account_delete"), {"password": DEFAULT_PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:account_deleted")
    # Signed out, cannot sign in again, nothing names her.
    assert "_auth_user_id" not in client.session
    parent.refresh_from_db()
    assert parent.deleted_at is not None and not parent.is_active
    assert not parent.has_usable_password()
    assert (parent.first_name, parent.last_name, parent.phone) == ("", "", "")
    assert not User.objects.filter(email=email).exists()
    # The open need is cancelled; every need is anonymised but kept for statistics.
    for need in Need.objects.filter(pk__in=[request_.need_id, closed.pk]):
        assert need.parent_id is None and need.anonymised_at is not None
        assert need.child_first_name == "" and need.child_birth_date.day == 1
        assert (need.latitude, need.longitude) == (need.commune.latitude, need.commune.longitude)
    assert Need.objects.get(pk=request_.need_id).status == NeedStatus.CANCELLED
    request_.refresh_from_db()
    assert request_.status == ContactRequestStatus.CANCELLED
    assert request_.events.last().note == "Compte supprimé"
    assert not RequestMessage.objects.filter(request=request_).exists()


def test_served_need_keeps_its_outcome_follow_up(request_):
    parent = request_.need.parent
    need = NeedFactory(parent=parent, status=NeedStatus.MATCHED, closed_at=NOW)
    follow_up = OutcomeFollowUp.objects.create(need=need, mode="childminder", care_start=NOW.date())
    account_delete(user=parent, by=parent)
    follow_up.refresh_from_db()
    assert follow_up.need.parent_id is None
    assert follow_up.need.status == NeedStatus.MATCHED


def test_childminder_leaves_the_search_and_her_messages_are_neutral(request_):
    minder = request_.childminder
    request_message_post(request=request_, by=minder.user, body="Mon adresse : 3 rue X")
    account_delete(user=minder.user, by=minder.user)
    minder.refresh_from_db()
    assert not Childminder.objects.visible(NOW.date()).filter(pk=minder.pk).exists()
    assert minder.address == "" and minder.agrement_number == "" and minder.free_places == []
    request_.refresh_from_db()
    assert request_.status == ContactRequestStatus.CANCELLED
    bodies = list(RequestMessage.objects.filter(request=request_).values_list("body", flat=True))
    assert DELETED_MESSAGE in bodies and "Mon adresse : 3 rue X" not in bodies
    # The family's own account and need are untouched.
    assert request_.need.parent.deleted_at is None
    assert request_.need.anonymised_at is None


def test_nursery_manager_is_removed_but_the_creche_stays():
    nursery = NurseryFactory()
    manager = nursery.managers.get()
    account_delete(user=manager, by=manager)
    nursery.refresh_from_db()
    assert nursery.managers.count() == 0


def test_candidate_profile_is_deleted():
    from maillage.jobs.models import CandidateProfile
    from tests.jobs.factories import CandidateProfileFactory

    profile = CandidateProfileFactory(user=CandidateFactory())
    account_delete(user=profile.user, by=profile.user)
    assert not CandidateProfile.objects.filter(pk=profile.pk).exists()


def test_deleting_twice_is_harmless():
    parent = ParentFactory()
    account_delete(user=parent, by=parent)
    first = parent.email
    account_delete(user=parent, by=parent)
    assert parent.email == first


def test_deleted_page_is_public_and_in_french(client):
    html = client.get(reverse("privacy:account_deleted")).content.decode()
    assert "Votre compte est supprimé" in html
