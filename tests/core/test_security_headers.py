"""One test per security header, and the session that ends after inactivity."""

import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from tests.accounts.factories import ParentFactory

pytestmark = pytest.mark.django_db


def test_pages_cannot_be_framed(client):
    assert client.get("/").headers["X-Frame-Options"] == "DENY"


def test_the_referrer_is_strict(client):
    assert client.get("/").headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_powerful_browser_features_are_off(client):
    policy = client.get("/").headers["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


def test_content_types_are_not_sniffed(client):
    assert client.get("/").headers["X-Content-Type-Options"] == "nosniff"


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_https_responses_carry_hsts(client):
    response = client.get("/", secure=True)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_a_session_ends_after_inactivity_and_activity_renews_it(client, settings):
    client.force_login(ParentFactory())
    url = reverse("core:dashboard")
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        response = client.get(url)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 30, tzinfo=dt.UTC), tick=False):
        assert client.get(url).status_code == 200  # 1 h 30 later: still in, renewed
    with time_machine.travel(dt.datetime(2026, 3, 2, 12, 31, tzinfo=dt.UTC), tick=False):
        response = client.get(url)  # 2 h 01 without a request: signed out
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
    assert "_auth_user_id" not in client.session
