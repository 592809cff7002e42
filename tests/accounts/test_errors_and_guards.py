import pytest
from django.test import Client

from tests.accounts.factories import (
    AdminFactory,
    AnalystFactory,
    CounsellorFactory,
    ParentFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.accounts.urls")]


def test_role_required_lets_the_right_role_in(client):
    client.force_login(AnalystFactory())
    assert client.get("/essai/analystes/").content.decode() == "actions du schéma"


def test_role_required_lets_a_superuser_in_when_admin_is_listed(client):
    client.force_login(ParentFactory(is_superuser=True))
    assert client.get("/essai/analystes/").status_code == 200


def test_wrong_role_gets_the_french_403_page(client):
    client.force_login(ParentFactory())
    response = client.get("/essai/analystes/")
    html = response.content.decode()
    assert response.status_code == 403
    assert html.count("<h1") == 1 and "Accès refusé" in html
    assert "Cette page est réservée à un autre type de compte." in html
    assert 'lang="fr"' in html


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/essai/analystes/")
    assert response.status_code == 302
    assert response.url == "/compte/connexion/?next=/essai/analystes/"


def test_role_required_mixin(client):
    client.force_login(CounsellorFactory())
    assert client.get("/essai/conseillers/").status_code == 200
    client.force_login(AdminFactory())  # admin is not let in implicitly
    assert client.get("/essai/conseillers/").status_code == 403
    client.logout()
    assert client.get("/essai/conseillers/").status_code == 302


def test_404_page_in_french(client):
    response = client.get("/nulle-part/")
    html = response.content.decode()
    assert response.status_code == 404
    assert html.count("<h1") == 1 and "Page non trouvée" in html


def test_500_page_in_french_without_request_context():
    client = Client(raise_request_exception=False)
    response = client.get("/essai/panne/")
    html = response.content.decode()
    assert response.status_code == 500
    assert html.count("<h1") == 1 and "Erreur inattendue" in html
