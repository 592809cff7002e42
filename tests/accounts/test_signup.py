import re

import pytest
from django.core import mail
from django.urls import reverse

from maillage.accounts.enums import Role
from maillage.accounts.models import User
from tests.accounts.factories import ParentFactory

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/compte/inscription/"


def _link_from(body: str) -> str:
    match = re.search(r"https?://testserver(/compte/verification/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


def test_signup_url_and_page_in_french(client):
    assert reverse("accounts:signup") == SIGNUP_URL
    html = client.get(SIGNUP_URL).content.decode()
    assert html.count("<h1") == 1
    assert "Créer un compte" in html
    # Self-service roles only, each with its plain-French explanation.
    assert 'value="parent"' in html and 'value="candidate"' in html
    assert 'value="counsellor"' not in html and 'value="admin"' not in html
    assert "accueillez des enfants chez vous" in html
    # DSFR radios and accessible labels tied to their inputs.
    assert "fr-radio-group" in html
    assert 'for="id_email"' in html and 'id="id_email"' in html
    # Hints are tied to their inputs, including the consent box and its link to the terms.
    assert 'aria-describedby="id_password1_helptext"' in html
    assert 'aria-describedby="id_accept_terms_helptext"' in html
    assert 'href="/donnees-personnelles/"' in html


def test_full_signup_verify_login_flow(client, signup_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP_URL, signup_data)
    assert response.status_code == 302
    assert response.url == reverse("accounts:signup_done")

    user = User.objects.get(email="amina.diallo@exemple.fr")
    assert user.is_active is False and user.email_verified is False
    assert user.role == Role.PARENT and user.terms_accepted_at is not None

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amina.diallo@exemple.fr"]
    assert "Confirmez votre adresse" in message.subject
    assert "Bonjour Amina" in message.body and "activer votre compte" in message.body
    link = _link_from(message.body)

    page = client.get(reverse("accounts:signup_done")).content.decode()
    assert "amina.diallo@exemple.fr" in page

    # Refused before verification, with the dedicated French message.
    refused = client.post(
        "/compte/connexion/",
        {"username": signup_data["email"], "password": signup_data["password1"]},
    )
    assert "pas encore vérifiée" in refused.content.decode()

    response = client.get(link)
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    user.refresh_from_db()
    assert user.is_active and user.email_verified

    response = client.post(
        "/compte/connexion/",
        {"username": "AMINA.diallo@exemple.fr", "password": signup_data["password1"]},
    )
    assert response.status_code == 302
    assert response.url == reverse("core:dashboard")
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_taken_address_gets_the_same_answer_and_its_owner_is_told(
    client, signup_data, mailoutbox, django_capture_on_commit_callbacks
):
    """No account enumeration: the page is the same; only the owner learns of the attempt."""
    new = client.post(SIGNUP_URL, {**signup_data, "email": "nouvelle.adresse@exemple.fr"})
    ParentFactory(email="amina.diallo@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        taken = client.post(SIGNUP_URL, signup_data)
    assert taken.status_code == new.status_code == 302
    assert taken.url == new.url == reverse("accounts:signup_done")
    assert User.objects.filter(email__iexact="amina.diallo@exemple.fr").count() == 1
    owner_mail = mailoutbox[-1]
    assert owner_mail.to == ["amina.diallo@exemple.fr"]
    assert "Vous avez déjà un compte" in owner_mail.subject
    assert "/compte/mot-de-passe/oublie/" in owner_mail.body


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("court", "Ce mot de passe est trop court"),
        ("12345678901234", "Ce mot de passe est entièrement numérique"),
        ("azertyuiop", "Ce mot de passe est trop courant"),
    ],
)
def test_weak_passwords_get_django_messages_in_french(client, signup_data, password, expected):
    signup_data.update(password1=password, password2=password)
    response = client.post(SIGNUP_URL, signup_data)
    html = response.content.decode()
    assert expected in html
    assert "fr-error-text" in html and 'aria-invalid="true"' in html
    assert not User.objects.exists()


def test_mismatched_passwords(client, signup_data):
    signup_data["password2"] = "Autre-Chose-2026"
    html = client.post(SIGNUP_URL, signup_data).content.decode()
    assert "Les deux mots de passe ne correspondent pas." in html
    assert not User.objects.exists()


def test_terms_and_role_are_required(client, signup_data):
    del signup_data["accept_terms"]
    signup_data["role"] = "admin"
    html = client.post(SIGNUP_URL, signup_data).content.decode()
    assert "Vous devez accepter les conditions générales d&#x27;utilisation." in html
    assert "Sélectionnez un choix valide" in html  # Django's own message, in French
    assert not User.objects.exists()


def test_required_email_message_in_french(client, signup_data):
    signup_data["email"] = ""
    html = client.post(SIGNUP_URL, signup_data).content.decode()
    assert "Ce champ est obligatoire." in html


def test_signed_in_user_is_sent_to_dashboard(client):
    client.force_login(ParentFactory())
    response = client.get(SIGNUP_URL)
    assert response.status_code == 302 and response.url == reverse("core:dashboard")
