import pytest
from django.urls import reverse

from maillage.accounts.models import User
from tests.accounts.factories import AdminFactory, CounsellorFactory, ParentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(AdminFactory(superuser=True))
    return client


def test_user_changelist_loads_with_filters_and_search(admin_client):
    ParentFactory(email="lea.martin@exemple.fr", last_name="Martin")
    CounsellorFactory(france_travail=True)
    url = reverse("admin:accounts_user_changelist")
    html = admin_client.get(url).content.decode()
    assert "Rôle" in html or "rôle" in html
    assert "organisme" in html.lower()
    found = admin_client.get(url, {"q": "martin"}).content.decode()
    assert "lea.martin@exemple.fr" in found
    filtered = admin_client.get(url, {"role__exact": "counsellor"}).content.decode()
    assert "lea.martin@exemple.fr" not in filtered and "conseiller" in filtered


def test_user_change_page_in_french(admin_client):
    counsellor = CounsellorFactory()
    html = admin_client.get(
        reverse("admin:accounts_user_change", args=[counsellor.pk])
    ).content.decode()
    assert "Territoires suivis" in html and "départements suivis" in html.lower()
    assert "Enregistrer" in html


def test_staff_creates_an_account_and_duplicates_are_refused(admin_client):
    url = reverse("admin:accounts_user_add")
    data = {
        "email": "Nadia.Benali@Exemple.fr",
        "role": "counsellor",
        "organisation": "caf",
        "password1": "Manege-Bleu-2026",
        "password2": "Manege-Bleu-2026",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302
    user = User.objects.get(email="nadia.benali@exemple.fr")
    assert user.role == "counsellor" and user.organisation == "caf"

    again = admin_client.post(url, {**data, "email": "NADIA.benali@exemple.fr"})
    assert "Un compte existe déjà avec cette adresse." in again.content.decode()


def test_non_staff_cannot_reach_admin(client):
    client.force_login(ParentFactory())
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response.url
