import pytest
from django.urls import reverse

from tests.accounts.factories import (
    CandidateFactory,
    ChildminderUserFactory,
    CounsellorFactory,
    ParentFactory,
)
from tests.territory.factories import CommuneFactory, DepartementFactory

pytestmark = pytest.mark.django_db

PROFILE_URL = "/compte/profil/"


def test_profile_requires_login(client):
    response = client.get(PROFILE_URL)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={PROFILE_URL}"


def test_profile_shows_role_read_only_and_updates_name_and_phone(client):
    user = ParentFactory(first_name="Léa", phone="")
    client.force_login(user)
    html = client.get(PROFILE_URL).content.decode()
    assert html.count("<h1") == 1
    assert "Type de compte" in html and "Parent" in html
    assert 'name="role"' not in html and "Mes territoires" not in html

    response = client.post(
        PROFILE_URL,
        {
            "first_name": "Léa",
            "last_name": "Nguyen",
            "phone": "06 12 34 56 78",
            "is_job_seeker": "on",
        },
        follow=True,
    )
    assert "Vos informations ont été enregistrées." in response.content.decode()
    user.refresh_from_db()
    assert (user.last_name, user.phone, user.is_job_seeker) == ("Nguyen", "06 12 34 56 78", True)


def test_profile_rejects_a_bad_phone_in_french(client):
    user = CandidateFactory(phone="")
    client.force_login(user)
    response = client.post(PROFILE_URL, {"first_name": "", "last_name": "", "phone": "12"})
    assert "Saisissez un numéro de téléphone français" in response.content.decode()
    user.refresh_from_db()
    assert user.phone == ""


def test_job_seeker_box_only_for_parents_and_candidates(client):
    user = ChildminderUserFactory(is_job_seeker=False)
    client.force_login(user)
    assert 'name="is_job_seeker"' not in client.get(PROFILE_URL).content.decode()
    client.post(
        PROFILE_URL,
        {"first_name": "Awa", "last_name": "Traoré", "phone": "", "is_job_seeker": "on"},
    )
    user.refresh_from_db()
    assert user.first_name == "Awa" and user.is_job_seeker is False


def test_counsellor_sees_territories(client):
    paris = DepartementFactory(code="75", name="Paris")
    CommuneFactory(code="75056", name="Paris", departement=paris, postcodes="75001")
    montreuil = CommuneFactory(montreuil=True)
    counsellor = CounsellorFactory(france_travail=True, departements=[paris], communes=[montreuil])
    client.force_login(counsellor)
    html = client.get(PROFILE_URL).content.decode()
    assert "Mes territoires" in html and "France Travail" in html
    assert "Paris (75)" in html and "Montreuil (93)" in html
    assert "Vous voyez les données de 2 communes." in html


def test_counsellor_without_territory_is_told_so(client):
    client.force_login(CounsellorFactory(departements=[]))
    assert (
        "Aucun territoire ne vous est encore attribué" in client.get(PROFILE_URL).content.decode()
    )
