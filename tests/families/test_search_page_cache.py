"""Repeated searches and reloaded results are served from the per-process caches, and a
provider's change of availability is seen by the very next request."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.urls import reverse

from maillage.childcare.services.childminder import childminder_availability_update
from maillage.families import engine_adapter
from maillage.families import public_search as ps
from maillage.families.forms_public import PublicSearchForm
from tests.families.helpers import NOW, TODAY, free_childminder, nursery_with_places, open_need
from tests.families.test_public_search import SEARCH

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_with_cache(settings):
    settings.MAILLAGE_PAGE_CACHE = True
    engine_adapter.clear_indexes()
    with time_machine.travel(NOW, tick=False):
        yield
    engine_adapter.clear_indexes()


@pytest.fixture
def engine_calls(monkeypatch):
    calls = []
    real = engine_adapter._engine_family_options

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine_adapter, "_engine_family_options", counted)
    return calls


def _search(client, **extra):
    return client.get(reverse("search:public_search"), SEARCH, **extra)


def test_the_same_search_twice_is_computed_once(client, saint_denis, engine_calls):
    childminder = free_childminder(saint_denis)
    first = _search(client)
    second = _search(client)
    assert engine_calls == [1]
    assert second.context is None  # served without rendering
    assert f"am-{childminder.pk}" in second.content.decode()
    # The page is the same but for the visitor's own CSRF token.
    assert _without_token(first) == _without_token(second)


def _without_token(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_a_place_declared_is_seen_by_the_next_identical_search(
    client, saint_denis, django_capture_on_commit_callbacks
):
    childminder = free_childminder(saint_denis, available_from=None)
    nursery_with_places(saint_denis, name="Crèche des Lilas")
    assert f"am-{childminder.pk}" not in _search(client).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        childminder_availability_update(childminder=childminder, place_dates=[TODAY])
    assert f"am-{childminder.pk}" in _search(client).content.decode()


def test_cached_searches_still_count_against_the_rate_limit(client, saint_denis, settings):
    settings.MAILLAGE_PUBLIC_SEARCH_RATE = (2, 60)
    free_childminder(saint_denis)
    assert _search(client).status_code == 200
    assert _search(client).status_code == 200
    assert _search(client).status_code == 429


def test_a_signed_in_parent_is_never_served_a_shared_page(client, saint_denis, engine_calls):
    need = open_need(saint_denis)
    free_childminder(saint_denis)
    _search(client)
    client.force_login(need.parent)
    response = _search(client)
    assert response.context is not None  # rendered for her
    assert engine_calls == [1]  # the options themselves are the same: computed once


def test_reloaded_results_reuse_the_options_until_a_provider_changes(
    client, saint_denis, engine_calls, django_capture_on_commit_callbacks
):
    childminder = free_childminder(saint_denis)
    need = open_need(saint_denis)
    client.force_login(need.parent)
    url = reverse("families:need_results", args=[need.pk])
    keys = [o.key for o in client.get(url).context["view"].options]
    assert keys == [f"am-{childminder.pk}"]
    client.get(url)
    assert engine_calls == [1]
    with django_capture_on_commit_callbacks(execute=True):
        childminder_availability_update(childminder=childminder, place_dates=[None])
    assert client.get(url).context["view"].options == []
    assert engine_calls == [1, 1]


def test_an_edited_need_gets_fresh_options(client, saint_denis, engine_calls):
    free_childminder(saint_denis)
    need = open_need(saint_denis)
    client.force_login(need.parent)
    url = reverse("families:need_results", args=[need.pk])
    client.get(url)
    need.max_distance_km = 2
    need.save(update_fields=["max_distance_km"])
    client.get(url)
    assert engine_calls == [1, 1]


def test_search_version_follows_the_providers_index(saint_denis):
    form = PublicSearchForm(SEARCH)
    assert form.is_valid(), form.errors
    criteria = form.criteria()
    before = ps.search_index(criteria).version
    assert ps.search_index(criteria).version == before
    engine_adapter.provider_index_bump(["93"])
    assert ps.search_index(criteria).version != before
