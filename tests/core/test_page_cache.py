"""Per-process memos and the anonymous page cache: bounded, versioned, never personal."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.template import engines
from django.test import RequestFactory

from maillage.core.memo import Memo, clear_memos
from maillage.core.page_cache import public_page_cache
from tests.accounts.factories import ParentFactory

pytestmark = pytest.mark.django_db

FORM = engines["django"].from_string(
    '<form method="post">{% csrf_token %}<button>Envoyer</button></form>{{ n }}'
)


def test_a_memo_expires_is_bounded_and_is_emptied_with_the_others(monkeypatch):
    memo: Memo[int] = Memo("test", max_size=2, ttl_seconds=10)
    now = [1000.0]
    monkeypatch.setattr("maillage.core.memo.time.monotonic", lambda: now[0])
    assert memo.get_or_compute("a", lambda: 1) == 1
    assert memo.get_or_compute("a", lambda: 2) == 1
    now[0] += 11
    assert memo.get("a") is None
    memo.put("b", 2)
    memo.put("c", 3)
    memo.put("d", 4)  # full: emptied, then kept
    assert memo.get("b") is None and memo.get("d") == 4
    clear_memos()
    assert len(memo) == 0


@pytest.fixture
def counted_view(settings):
    settings.MAILLAGE_PAGE_CACHE = True
    calls = {"n": 0, "version": 1}

    @public_page_cache(lambda request: calls["version"])
    def view(request):
        calls["n"] += 1
        return HttpResponse(FORM.render({"n": calls["n"]}, request))

    return view, calls


def _anonymous_get(path="/page/?x=1"):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.cache import SessionStore

    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _token(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())[1]


def test_anonymous_visitors_share_a_page_with_their_own_csrf_token(counted_view):
    view, calls = counted_view
    first, second = _anonymous_get(), _anonymous_get()
    a, b = view(first), view(second)
    assert calls["n"] == 1  # rendered once
    assert a.content.decode().endswith("1") and b.content.decode().endswith("1")
    assert _token(a) != _token(b)
    # Each token is valid for its own visitor's secret only.
    from django.middleware.csrf import _does_token_match, _unmask_cipher_token

    secret_b = second.META["CSRF_COOKIE"]
    assert _does_token_match(_token(b), secret_b)
    assert _unmask_cipher_token(_token(a)) != secret_b


def test_a_new_version_another_address_or_a_signed_in_visitor_is_rendered_afresh(counted_view):
    view, calls = counted_view
    view(_anonymous_get())
    view(_anonymous_get("/page/?x=2"))
    assert calls["n"] == 2
    calls["version"] = 2
    view(_anonymous_get())
    assert calls["n"] == 3
    signed_in = _anonymous_get()
    signed_in.user = ParentFactory()
    view(signed_in)
    view(signed_in)
    assert calls["n"] == 5


def test_a_page_with_a_message_to_show_is_never_shared(counted_view):
    view, calls = counted_view
    request = _anonymous_get()
    from django.contrib import messages

    messages.info(request, "Votre recherche est gardée.")
    view(request)
    view(request)
    assert calls["n"] == 2
    assert len(get_messages(request)) == 1  # still there to be shown


def test_errors_and_pages_setting_cookies_are_not_kept(settings):
    settings.MAILLAGE_PAGE_CACHE = True
    calls = {"n": 0}

    @public_page_cache(lambda request: 1)
    def view(request):
        calls["n"] += 1
        response = HttpResponse("x", status=429 if calls["n"] == 1 else 200)
        if calls["n"] == 2:
            response.set_cookie("choix", "1")
        return response

    for _ in range(4):
        view(_anonymous_get())
    assert calls["n"] == 3  # the 429 and the cookie page were not kept; the third was


def test_the_cache_is_off_when_switched_off(counted_view, settings):
    view, calls = counted_view
    settings.MAILLAGE_PAGE_CACHE = False
    view(_anonymous_get())
    view(_anonymous_get())
    assert calls["n"] == 2


@pytest.mark.parametrize(
    "url",
    [
        "/observatoire/",
        "/observatoire/departement/93/",
        "/observatoire/commune/93066/",
        "/observatoire/region/11/",
        "/recherche/",
        "/familles/besoins/1/resultats/",
    ],
)
def test_the_busiest_read_only_pages_hold_no_request_wide_transaction(url):
    """On SQLite a request-wide transaction takes the single write lock: these pages, which
    write nothing, would serve their visitors one at a time."""
    from django.urls import resolve

    assert "default" in getattr(resolve(url).func, "_non_atomic_requests", set())
