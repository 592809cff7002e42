import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.factories import DEFAULT_PASSWORD, ParentFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/compte/connexion/"


def test_login_page_is_french_with_one_h1(client):
    html = client.get(LOGIN_URL).content.decode()
    assert html.count("<h1") == 1
    assert "Adresse électronique" in html and "Mot de passe oublié" in html
    assert 'autocomplete="current-password"' in html


def test_login_with_email_and_next(client):
    user = ParentFactory(email="lea.martin@exemple.fr")
    response = client.post(
        LOGIN_URL,
        {
            "username": "Lea.Martin@exemple.fr",
            "password": DEFAULT_PASSWORD,
            "next": "/compte/profil/",
        },
    )
    assert response.status_code == 302 and response.url == "/compte/profil/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_message(client):
    ParentFactory(email="lea.martin@exemple.fr")
    response = client.post(LOGIN_URL, {"username": "lea.martin@exemple.fr", "password": "faux"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect." in html
    assert "pas encore vérifiée" not in html


def test_unverified_account_gets_resend_link_only_with_right_password(client):
    ParentFactory(email="nouveau@exemple.fr", unverified=True)
    right = client.post(LOGIN_URL, {"username": "nouveau@exemple.fr", "password": DEFAULT_PASSWORD})
    html = right.content.decode()
    assert "Votre adresse électronique n&#x27;est pas encore vérifiée" not in html  # not escaped
    assert "Votre adresse électronique n'est pas encore vérifiée" in html
    assert f'href="{reverse("accounts:resend_verification")}"' in html
    assert "_auth_user_id" not in client.session

    wrong = client.post(LOGIN_URL, {"username": "nouveau@exemple.fr", "password": "faux"})
    assert "pas encore vérifiée" not in wrong.content.decode()


def test_deactivated_account_cannot_log_in(client):
    ParentFactory(email="parti@exemple.fr", deactivated=True)
    response = client.post(
        LOGIN_URL, {"username": "parti@exemple.fr", "password": DEFAULT_PASSWORD}
    )
    assert "Adresse électronique ou mot de passe incorrect." in response.content.decode()


def test_logout_requires_post(client):
    client.force_login(ParentFactory())
    assert client.get("/compte/deconnexion/").status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post("/compte/deconnexion/")
    assert response.status_code == 302 and response.url == reverse("core:home")
    assert "_auth_user_id" not in client.session


def test_resend_verification_sends_a_new_link_without_revealing_accounts(client):
    ParentFactory(email="nouveau@exemple.fr", unverified=True)
    ParentFactory(email="deja@exemple.fr")
    url = reverse("accounts:resend_verification")
    for email in ("nouveau@exemple.fr", "deja@exemple.fr", "inconnu@exemple.fr"):
        response = client.post(url, {"email": email}, follow=True)
        assert "Si un compte non encore vérifié utilise cette adresse" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["nouveau@exemple.fr"]]
    assert "/compte/verification/" in mail.outbox[0].body
