"""What an anonymous search page carries: no CSRF token or cookie (its one form is a GET),
and the 28 selects of the day-by-day hours only when the visitor opens them."""

from __future__ import annotations

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from maillage.families import engine_adapter
from maillage.families.public_search import clear_memos
from tests.families.helpers import NOW, free_childminder

pytestmark = pytest.mark.django_db

SEARCH = {
    "commune": "Saint-Denis",
    "age": "10",
    "jours": ["0", "1", "2", "3", "4"],
    "debut_heure": "08:30",
    "fin_heure": "17:00",
    "distance": "5",
}


@pytest.fixture(autouse=True)
def _fresh():
    cache.clear()
    engine_adapter.clear_indexes()
    clear_memos()
    with time_machine.travel(NOW, tick=False):
        yield
    engine_adapter.clear_indexes()
    clear_memos()


def test_the_results_page_has_no_csrf_token_and_sets_no_cookie(client, saint_denis):
    childminder = free_childminder(saint_denis)
    response = client.get(reverse("search:public_search"), SEARCH)
    page = response.content.decode()
    assert f'id="option-am-{childminder.pk}"' in page
    assert "csrfmiddlewaretoken" not in page
    assert "csrftoken" not in response.cookies
    assert '<form method="get" action="/recherche/mise-en-relation/">' in page
    # The button of a card sends the search and the provider with GET: the search is kept.
    kept = client.get(
        reverse("search:request"),
        {"recherche": response.context["query"], "prestataire": f"am-{childminder.pk}"},
    )
    assert kept.status_code == 302 and kept.url.startswith("/compte/inscription/?role=parent")
    assert client.session["families_public_search"]["provider"] == f"am-{childminder.pk}"


def test_the_day_by_day_picker_is_loaded_only_when_opened(client, saint_denis):
    free_childminder(saint_denis)
    page = client.get(reverse("search:public_search"), SEARCH).content.decode()
    assert "hours_d0_1_start" not in page
    assert 'hx-get="/recherche/horaires-jour-par-jour/"' in page
    assert 'hx-trigger="toggle from:closest details once"' in page
    # Without JavaScript, the link asks for the same search with the picker written in.
    assert "jour_par_jour=1#jour-par-jour" in page and "commune=Saint-Denis" in page
    opened = client.get(reverse("search:public_search"), {**SEARCH, "jour_par_jour": "1"})
    assert 'id="jour-par-jour" open' in opened.content.decode()
    assert 'name="hours_d0_1_start"' in opened.content.decode()
    # The fragment htmx loads: the 28 empty selects, cacheable by anyone.
    fragment = client.get(reverse("search:detail_picker"))
    assert fragment.content.decode().count('name="hours_d') == 28
    assert "public" in fragment["Cache-Control"]


def test_a_search_with_day_by_day_hours_shows_them_opened(client, saint_denis):
    free_childminder(saint_denis)
    hours = {"hours_d2_1_start": "09:00", "hours_d2_1_end": "12:00"}
    page = client.get(reverse("search:public_search"), {**SEARCH, **hours}).content.decode()
    assert 'id="jour-par-jour" open' in page
    assert '<option value="09:00" selected>' in page
