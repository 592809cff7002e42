"""Two-way contact: each side sees the other's contact as it chose to share it, once the
request is accepted; a plain-text thread with e-mails, a health reminder and a rate limit."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from maillage.families.contact_services import (
    RateLimited,
    contact_sharing_update,
    request_message_post,
    shared_contacts,
)
from maillage.families.enums import ContactRequestStatus as S
from maillage.families.services import contact_request_create, contact_request_transition
from tests.accounts.factories import ParentFactory
from tests.families.contact_setup import NOW, accepted_request
from tests.families.helpers import free_childminder, open_need
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def saint_denis():
    return CommuneFactory(saint_denis=True)


def test_nothing_is_shared_before_the_provider_accepts(saint_denis):
    parent = ParentFactory()
    cm = free_childminder(saint_denis)
    request = contact_request_create(
        need=open_need(saint_denis, parent=parent), by=parent, childminder=cm
    )
    assert shared_contacts(request=request, viewer=parent) == []
    assert shared_contacts(request=request, viewer=cm.user) == []


def test_once_accepted_each_side_sees_the_other_as_shared(saint_denis):
    request = accepted_request(saint_denis)
    parent, provider = request.need.parent, request.childminder.user
    contact_sharing_update(user=provider, share_name=True, share_phone=True, share_email=False)
    [seen_by_parent] = shared_contacts(request=request, viewer=parent)
    assert (seen_by_parent.name, seen_by_parent.phone, seen_by_parent.email) == (
        "Samia Benali",
        "07 55 66 77 88",
        "",
    )
    [seen_by_provider] = shared_contacts(request=request, viewer=provider)
    assert seen_by_provider.name == "Awa Diallo"
    assert seen_by_provider.phone == "06 11 22 33 44"
    assert seen_by_provider.email == parent.email


def test_the_page_shows_the_contact_to_each_side(client, saint_denis):
    request = accepted_request(saint_denis)
    contact_sharing_update(
        user=request.need.parent, share_name=True, share_phone=False, share_email=True
    )
    url = reverse("families:request_thread", args=[request.pk])
    client.force_login(request.childminder.user)
    page = client.get(url).content.decode()
    assert "Awa Diallo" in page and request.need.parent.email in page
    assert "06 11 22 33 44" not in page
    client.force_login(request.need.parent)
    page = client.get(url).content.decode()
    assert "Samia Benali" in page and "07 55 66 77 88" in page
    assert page.count("<h1") == 1


def test_a_stranger_cannot_open_the_thread(client, saint_denis):
    request = accepted_request(saint_denis)
    client.force_login(ParentFactory())
    assert client.get(reverse("families:request_thread", args=[request.pk])).status_code == 404


def test_a_message_each_way_is_e_mailed_without_its_text(
    client, saint_denis, mailoutbox, django_capture_on_commit_callbacks
):
    request = accepted_request(saint_denis)
    mailoutbox.clear()
    client.force_login(request.need.parent)
    url = reverse("families:request_message", args=[request.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"body": "Bonjour, seriez-vous disponible jeudi ?"})
    assert response.status_code == 302
    [mail] = mailoutbox
    assert mail.to == [request.childminder.user.email]
    assert "Nouveau message" in mail.subject
    assert "jeudi" not in mail.body
    client.force_login(request.childminder.user)
    page = client.get(reverse("families:request_thread", args=[request.pk])).content.decode()
    assert "Bonjour, seriez-vous disponible jeudi ?" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"body": "Oui, jeudi à 17 h 30 chez moi."})
    assert mailoutbox[-1].to == [request.need.parent.email]
    assert list(request.messages.values_list("side", flat=True)) == ["family", "provider"]


def test_the_form_reminds_not_to_write_health_details(client, saint_denis):
    request = accepted_request(saint_denis)
    client.force_login(request.need.parent)
    page = client.get(reverse("families:request_thread", args=[request.pk])).content.decode()
    assert "N&#x27;écrivez rien sur la santé de l&#x27;enfant" in page or (
        "N'écrivez rien sur la santé de l'enfant" in page
    )


def test_messages_are_rate_limited_per_user_with_a_french_message(client, saint_denis, settings):
    settings.MAILLAGE_MESSAGE_RATE = (3, 600)
    request = accepted_request(saint_denis)
    for n in range(3):
        request_message_post(request=request, by=request.need.parent, body=f"Message {n}")
    with pytest.raises(RateLimited, match="patientez quelques minutes"):
        request_message_post(request=request, by=request.need.parent, body="Encore un")
    client.force_login(request.need.parent)
    response = client.post(
        reverse("families:request_message", args=[request.pk]), {"body": "Mon texte gardé"}
    )
    assert response.status_code == 429
    page = response.content.decode()
    assert "patientez quelques minutes" in page and "Mon texte gardé" in page
    # The other side is not limited by the parent's messages, and the window passes.
    request_message_post(request=request, by=request.childminder.user, body="Réponse")
    with time_machine.travel(NOW + dt.timedelta(minutes=11), tick=False):
        request_message_post(request=request, by=request.need.parent, body="Plus tard")
    assert request.messages.count() == 5


def test_an_empty_or_too_long_message_is_refused_in_french(client, saint_denis):
    request = accepted_request(saint_denis)
    client.force_login(request.need.parent)
    url = reverse("families:request_message", args=[request.pk])
    assert "Écrivez votre message" in client.post(url, {"body": "  "}).content.decode()
    response = client.post(url, {"body": "x" * 2001})
    assert response.status_code == 400
    assert request.messages.count() == 0


def test_a_closed_request_has_no_open_thread(saint_denis):
    request = accepted_request(saint_denis)
    contact_request_transition(request=request, to_status=S.CANCELLED, by=request.need.parent)
    from maillage.families.services import InvalidTransition

    with pytest.raises(InvalidTransition, match="close"):
        request_message_post(request=request, by=request.need.parent, body="Bonjour")


def test_sharing_choices_are_saved_from_the_page(client):
    parent = ParentFactory()
    client.force_login(parent)
    url = reverse("families:contact_sharing")
    page = client.get(url).content.decode()
    assert page.count("<h1") == 1
    response = client.post(url, {"share_name": "on", "share_email": "on"})
    assert response.status_code == 302
    sharing = parent.contact_sharing
    assert (sharing.share_name, sharing.share_phone, sharing.share_email) == (True, False, True)
