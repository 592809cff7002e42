import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.factories import DEFAULT_PASSWORD, ParentFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Toboggan-Rouge-2027"


def test_password_reset_end_to_end(client):
    user = ParentFactory(email="lea.martin@exemple.fr", first_name="Léa")
    response = client.post(reverse("accounts:password_reset"), {"email": "LEA.martin@exemple.fr"})
    assert response.status_code == 302 and response.url == reverse("accounts:password_reset_done")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Choisir un nouveau mot de passe — Maillage"
    assert "Bonjour Léa" in message.body and "Ce lien ne sert qu'une fois" in message.body
    link = re.search(r"http://testserver(/compte/mot-de-passe/reinitialiser/\S+/)", message.body)
    assert link, message.body

    # Django swaps the token for a session marker and redirects to the "set-password" URL.
    response = client.get(link.group(1), follow=True)
    html = response.content.decode()
    assert "Choisir un nouveau mot de passe" in html and "Nouveau mot de passe" in html
    form_url = response.redirect_chain[-1][0]

    mismatch = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": "autre"})
    assert "Les deux mots de passe ne correspondent pas." in mismatch.content.decode()

    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    # The link is single-use.
    again = client.get(link.group(1), follow=True).content.decode()
    assert "Ce lien n'est plus valide" in again or "Ce lien n&#x27;est plus valide" in again


def test_password_reset_unknown_address_sends_nothing_but_same_page(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "inconnu@exemple.fr"})
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_password_change(client):
    user = ParentFactory()
    client.force_login(user)
    url = reverse("accounts:password_change")
    page = client.get(url).content.decode()
    assert page.count("<h1") == 1 and "Au moins 10 caractères" in page
    wrong = client.post(
        url,
        {"old_password": "faux", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert "Votre ancien mot de passe est incorrect" in wrong.content.decode()

    response = client.post(
        url,
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        follow=True,
    )
    assert "Votre mot de passe a été modifié." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # Still signed in after the change.
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_password_change_requires_login(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
