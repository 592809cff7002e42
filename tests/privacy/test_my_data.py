"""« Mes données »: the page and the JSON file hold everything about the person, and only her."""

from __future__ import annotations

import json

import pytest
import time_machine
from django.urls import reverse

from maillage.families.contact_services import request_message_post
from tests.accounts.factories import (
    AdminFactory,
    AnalystFactory,
    CandidateFactory,
    ChildminderUserFactory,
    CounsellorFactory,
    NurseryManagerFactory,
    ParentFactory,
)
from tests.families.contact_setup import NOW, accepted_request
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def request_with_message():
    request = accepted_request(CommuneFactory(saint_denis=True))
    request_message_post(request=request, by=request.need.parent, body="Bonjour, à jeudi ?")
    return request


def test_parent_json_holds_account_need_child_age_requests_and_messages(
    client, request_with_message
):
    parent = request_with_message.need.parent
    client.force_login(parent)
    response = client.get(reverse("privacy:my_data_download"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="mes-donnees-maillage-')
    data = json.loads(response.content)["sections"]
    assert data["compte"][0]["email"] == parent.email
    assert "password" not in data["compte"][0]
    need = data["besoins"][0]
    assert "child_birth_date" in need
    assert isinstance(need["child_age_months"], int)
    assert data["demandes"][0]["status"] == "Acceptée"
    assert [m["body"] for m in data["messages"]] == ["Bonjour, à jeudi ?"]


def test_parent_page_shows_sections_in_french(client, request_with_message):
    client.force_login(request_with_message.need.parent)
    html = client.get(reverse("privacy:my_data")).content.decode()
    assert html.count("<h1") == 1
    for title in (
        "Mon compte",
        "Mes besoins d&#x27;accueil",
        "Messages échangés",
        "Qui a consulté",
    ):
        assert title in html
    assert "Bonjour, à jeudi ?" in html


def test_another_parent_sees_none_of_it(client, request_with_message):
    client.force_login(ParentFactory())
    data = json.loads(client.get(reverse("privacy:my_data_download")).content)["sections"]
    assert "besoins" not in data and "messages" not in data


@pytest.mark.parametrize(
    "factory",
    [
        ParentFactory,
        ChildminderUserFactory,
        NurseryManagerFactory,
        CandidateFactory,
        CounsellorFactory,
        AnalystFactory,
        AdminFactory,
    ],
)
def test_every_role_downloads_her_data(client, factory):
    user = factory()
    client.force_login(user)
    assert client.get(reverse("privacy:my_data")).status_code == 200
    data = json.loads(client.get(reverse("privacy:my_data_download")).content)
    assert data["sections"]["compte"][0]["email"] == user.email


def test_visitor_goes_to_login(client):
    response = client.get(reverse("privacy:my_data_download"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_childminder_sees_her_agrement_and_messages_she_wrote(client, request_with_message):
    minder_user = request_with_message.childminder.user
    request_message_post(request=request_with_message, by=minder_user, body="Oui, 17 h 30.")
    client.force_login(minder_user)
    data = json.loads(client.get(reverse("privacy:my_data_download")).content)["sections"]
    assert data["assistante_maternelle"][0]["agrement_capacity"] == 3
