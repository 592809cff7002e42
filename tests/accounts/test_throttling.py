"""Login and password-reset throttling (django-axes and accounts.throttle), no enumeration."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from maillage.accounts.views import RESET_THROTTLED_MESSAGE
from tests.accounts.factories import DEFAULT_PASSWORD, ParentFactory

pytestmark = pytest.mark.django_db

LOGIN = "/compte/connexion/"
RESET = "/compte/mot-de-passe/oublie/"
ATTACKER = "203.0.113.7"
NEIGHBOUR = "198.51.100.20"


def _login(client, email, password, ip):
    # Through the view (client.login has no request, so django-axes would not see it).
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_thirty_wrong_passwords_lock_that_account_and_no_other(client):
    target = ParentFactory(email="cible@exemple.fr")
    other = ParentFactory(email="voisine@exemple.fr")
    statuses = [
        _login(client, target.email, f"mauvais-{n}", ATTACKER).status_code for n in range(30)
    ]
    assert statuses[0] == 200  # the form again, with the usual French error
    assert statuses[-1] == 429
    # Locked even with the right password, from another address: per account.
    locked = _login(client, target.email, DEFAULT_PASSWORD, NEIGHBOUR)
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Connexion temporairement bloquée" in html and "Trop de tentatives" in html
    assert "_auth_user_id" not in client.session
    # Another account, from another address, signs in normally.
    response = _login(client, other.email, DEFAULT_PASSWORD, NEIGHBOUR)
    assert response.status_code == 302 and response.url == reverse("core:dashboard")


def test_an_address_spraying_many_accounts_is_locked_per_ip(client, settings):
    victims = [
        ParentFactory(email=f"parent{n}@exemple.fr") for n in range(settings.AXES_FAILURE_LIMIT)
    ]
    for victim in victims:
        _login(client, victim.email, "mauvais-mot-de-passe", ATTACKER)
    fresh = ParentFactory(email="jamais.essaye@exemple.fr")
    assert _login(client, fresh.email, DEFAULT_PASSWORD, ATTACKER).status_code == 429
    assert AccessAttempt.objects.filter(ip_address=ATTACKER).exists()
    # The same account from an address that did nothing wrong is fine.
    assert _login(client, fresh.email, DEFAULT_PASSWORD, NEIGHBOUR).status_code == 302


def test_below_the_limit_a_good_password_still_works(client, settings):
    parent = ParentFactory(email="distraite@exemple.fr")
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, parent.email, f"faute-{n}", ATTACKER)
    assert _login(client, parent.email, DEFAULT_PASSWORD, ATTACKER).status_code == 302


def test_password_reset_answers_the_same_for_unknown_addresses(client, mailoutbox):
    ParentFactory(email="connue@exemple.fr")
    known = client.post(RESET, {"email": "connue@exemple.fr"}, REMOTE_ADDR=ATTACKER)
    unknown = client.post(RESET, {"email": "inconnue@exemple.fr"}, REMOTE_ADDR=ATTACKER)
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("accounts:password_reset_done")
    assert [m.to for m in mailoutbox] == [["connue@exemple.fr"]]


def test_password_reset_requests_are_throttled_per_email_with_a_french_message(
    client, settings, mailoutbox
):
    ParentFactory(email="harcelee@exemple.fr")
    limit, _window = settings.MAILLAGE_PASSWORD_RESET_RATE
    for n in range(limit):
        ip = f"192.0.2.{n + 1}"
        assert (
            client.post(RESET, {"email": "harcelee@exemple.fr"}, REMOTE_ADDR=ip).status_code == 302
        )
    refused = client.post(RESET, {"email": "harcelee@exemple.fr"}, REMOTE_ADDR="192.0.2.200")
    assert refused.status_code == 429
    assert RESET_THROTTLED_MESSAGE.split(" ;")[0] in refused.content.decode().replace("&#x27;", "'")
    assert len(mailoutbox) == limit
    # The same throttle for an address without account: being throttled reveals nothing.
    for _ in range(limit):
        client.post(RESET, {"email": "personne@exemple.fr"}, REMOTE_ADDR="192.0.2.201")
    assert (
        client.post(RESET, {"email": "personne@exemple.fr"}, REMOTE_ADDR="192.0.2.202").status_code
        == 429
    )


def test_password_reset_requests_are_throttled_per_ip(client, settings):
    limit, _window = settings.MAILLAGE_PASSWORD_RESET_RATE
    for n in range(limit * 4):
        client.post(RESET, {"email": f"x{n}@exemple.fr"}, REMOTE_ADDR=ATTACKER)
    assert (
        client.post(RESET, {"email": "neuve@exemple.fr"}, REMOTE_ADDR=ATTACKER).status_code == 429
    )
    assert (
        client.post(RESET, {"email": "neuve@exemple.fr"}, REMOTE_ADDR=NEIGHBOUR).status_code == 302
    )


def test_behind_a_proxy_the_client_address_is_taken_from_x_forwarded_for(client, settings):
    from django.test import RequestFactory

    from maillage.accounts.throttle import client_ip

    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9"
    )
    assert client_ip(request) == "10.0.0.2"
    settings.MAILLAGE_TRUSTED_PROXY_COUNT = 1
    # The right-most entry was written by our proxy; the left one could be forged.
    assert client_ip(request) == "203.0.113.9"
