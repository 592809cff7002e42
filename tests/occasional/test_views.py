"""Pages of occasional care: the family asks, providers declare slots and accept."""

import datetime as dt

import pytest

from maillage.occasional.models import OccasionalRequest, OccasionalSlot
from tests.accounts.factories import CounsellorFactory, NurseryManagerFactory, ParentFactory
from tests.childcare.factories import ChildminderFactory, NurseryAgeGroupFactory, NurseryFactory
from tests.occasional.factories import childminder_with_slot, interview_request

pytestmark = pytest.mark.django_db
THU = dt.date(2026, 3, 5)


def _request_data(**kw):
    return {
        "reason": "interview",
        "child_birth_date": "2025-03-01",
        "commune": "Saint-Denis",
        "max_distance_km": "5",
        "accepts_nursery": "on",
        "accepts_childminder": "on",
        "day_1_date": "2026-03-05",
        "day_1_start": "09:00",
        "day_1_end": "12:00",
        **kw,
    }


def test_a_parent_asks_and_follows_her_request(frozen, saint_denis, login):
    childminder_with_slot(commune=saint_denis, date=THU, today=frozen)
    parent = ParentFactory()
    client = login(parent)
    assert client.get("/accueil-occasionnel/demandes/nouvelle/").status_code == 200
    response = client.post("/accueil-occasionnel/demandes/nouvelle/", _request_data())
    request = OccasionalRequest.objects.get(parent=parent)
    assert response.status_code == 302 and response.url.endswith(f"/{request.pk}/")
    page = client.get(response.url).content.decode()
    assert "En attente d&#x27;une structure" in page and page.count("<h1") == 1


def test_a_past_date_is_refused_on_the_form(frozen, saint_denis, login):
    client = login(ParentFactory())
    response = client.post(
        "/accueil-occasionnel/demandes/nouvelle/", _request_data(day_1_date="2026-02-27")
    )
    assert response.status_code == 400
    assert "est passé" in response.content.decode()


def test_a_counsellor_asks_for_a_family_without_an_account(frozen, saint_denis, login):
    client = login(CounsellorFactory())
    response = client.post(
        "/accueil-occasionnel/demandes/nouvelle/",
        _request_data(parent_email="famille.diallo@exemple.fr", reason="training_day"),
    )
    assert response.status_code == 302
    request = OccasionalRequest.objects.get()
    assert request.family_email == "famille.diallo@exemple.fr" and request.parent is None


def test_another_parent_cannot_see_the_request(frozen, saint_denis, login):
    request = interview_request(commune=saint_denis, days=[(THU, "09:00", "12:00")], today=frozen)
    client = login(ParentFactory())
    assert client.get(f"/accueil-occasionnel/demandes/{request.pk}/").status_code == 404


def test_the_childminder_sees_the_request_and_accepts_the_day(frozen, saint_denis, login):
    user, _, _ = childminder_with_slot(commune=saint_denis, date=THU, today=frozen)
    request = interview_request(commune=saint_denis, days=[(THU, "09:00", "12:00")], today=frozen)
    client = login(user)
    inbox = client.get("/accueil-occasionnel/propositions/").content.decode()
    assert "Enfant de 12 mois" in inbox and "Accepter cette journée" in inbox
    day = request.days.get()
    slot = OccasionalSlot.objects.get()
    response = client.post(
        f"/accueil-occasionnel/propositions/journees/{day.pk}/accepter/", {"slot": slot.pk}
    )
    assert response.status_code == 302
    inbox = client.get("/accueil-occasionnel/propositions/").content.decode()
    assert "vous accueillez l'enfant" in inbox and request.parent.email in inbox


def test_a_manager_declares_a_free_morning_for_a_section(frozen, saint_denis, login):
    manager = NurseryManagerFactory()
    nursery = NurseryFactory(commune=saint_denis, managers=[manager])
    group = NurseryAgeGroupFactory(nursery=nursery)
    client = login(manager)
    assert client.get("/accueil-occasionnel/creche/places/").status_code == 200
    response = client.post(
        "/accueil-occasionnel/creche/places/",
        {
            "creche": nursery.pk,
            "age_group": group.pk,
            "date": "2026-03-05",
            "half_day": "morning",
            "places": "2",
        },
    )
    assert response.status_code == 302
    slot = OccasionalSlot.objects.get()
    assert (slot.places, slot.start_time, slot.end_time) == (2, dt.time(7, 30), dt.time(13, 0))


def test_a_childminder_declares_a_one_off_slot(frozen, saint_denis, login):
    childminder = ChildminderFactory(commune=saint_denis)
    client = login(childminder.user)
    response = client.post(
        "/accueil-occasionnel/assistante-maternelle/creneaux/",
        {"date": "2026-03-06", "start_time": "08:30", "end_time": "17:00", "places": "1"},
    )
    assert response.status_code == 302
    assert OccasionalSlot.objects.get().childminder == childminder


def test_roles_are_checked(frozen, login):
    assert login(ParentFactory()).get("/accueil-occasionnel/propositions/").status_code == 403
    assert (
        login(NurseryManagerFactory()).get("/accueil-occasionnel/demandes/nouvelle/").status_code
        == 403
    )
