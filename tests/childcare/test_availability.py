"""'Mes disponibilités': one screen, htmx partial save, full post, one-tap confirmation."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from maillage.childcare.services import declared_places
from tests.accounts.factories import ChildminderUserFactory
from tests.childcare.factories import ChildInCareFactory, ChildminderFactory

URL = reverse("childcare:availability")
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
HTMX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def childminder():
    cm = ChildminderFactory(
        agrement_capacity=3, availability_updated_at=NOW - dt.timedelta(days=60)
    )
    ChildInCareFactory(childminder=cm, morning=True)
    ChildInCareFactory(childminder=cm, afternoon=True)
    ChildInCareFactory(childminder=cm, leaves_on=dt.date(2026, 7, 1))
    return cm


def test_places_are_capacity_minus_children_staying_at_their_busiest_slot(childminder):
    places = declared_places(childminder, NOW.date())
    # 3 places; morning + afternoon children use 1 at any time; the leaving child frees one.
    assert [p.number for p in places] == [1, 2]
    assert places[1].freed_by_departure and places[1].free_from == dt.date(2026, 7, 1)


def test_page_lists_each_place_and_stays_cheap(login, childminder, django_assert_max_num_queries):
    client = login(childminder.user)
    for _ in range(5):
        ChildInCareFactory(childminder=childminder, morning=True, leaves_on=dt.date(2026, 9, 1))
    client.get(URL)  # the first page after signing in records her activity (idle timeout)
    with django_assert_max_num_queries(6):
        response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<h1") == 1
    assert "Place n° 1" in page and "Pas de place libre" in page
    assert 'aria-live="polite"' in page
    assert "À mettre à jour" in page  # 60 days old


def test_htmx_save_returns_the_partial(login, childminder):
    response = login(childminder.user).post(
        URL,
        {
            "place_1_status": "free",
            "place_1_from": "2026-03-16",
            "place_2_status": "none",
            "place_2_from": "",
        },
        **HTMX,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page and 'id="disponibilites"' in page
    assert "Vos disponibilités sont enregistrées." in page
    childminder.refresh_from_db()
    assert childminder.free_places == ["2026-03-16", None]
    assert childminder.available_from == dt.date(2026, 3, 16)
    assert childminder.availability_updated_at == NOW


def test_full_post_redirects_and_a_past_date_is_refused_with_values_kept(login, childminder):
    client = login(childminder.user)
    response = client.post(
        URL, {"place_1_status": "free", "place_1_from": "2026-02-01", "place_2_status": "none"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "La date ne peut pas être passée" in page
    assert 'value="2026-02-01"' in page
    childminder.refresh_from_db()
    assert childminder.availability_updated_at == NOW - dt.timedelta(days=60)
    ok = client.post(URL, {"place_1_status": "none", "place_2_status": "none"})
    assert ok.status_code == 302
    childminder.refresh_from_db()
    assert childminder.available_from is None and childminder.availability_updated_at == NOW


def test_free_without_a_date_asks_for_it(login, childminder):
    response = login(childminder.user).post(
        URL, {"place_1_status": "free", "place_2_status": "none"}, **HTMX
    )
    assert "Indiquez la date à partir de laquelle la place est libre." in response.content.decode()


def test_confirm_unchanged_in_one_tap(login, childminder):
    childminder.available_from = dt.date(2026, 4, 1)
    childminder.save()
    response = login(childminder.user).post(URL, {"confirm_unchanged": "1"}, **HTMX)
    assert response.status_code == 200
    assert "vos disponibilités sont confirmées" in response.content.decode()
    childminder.refresh_from_db()
    assert childminder.availability_updated_at == NOW
    assert childminder.available_from == dt.date(2026, 4, 1)


def test_without_a_profile_she_is_sent_to_the_profile(login):
    response = login(ChildminderUserFactory()).get(URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("childcare:childminder_profile")


def test_a_profile_date_prefills_places_never_declared_one_by_one():
    cm = ChildminderFactory(agrement_capacity=2, available_from=dt.date(2026, 4, 1))
    assert [p.free_from for p in declared_places(cm, NOW.date())] == [dt.date(2026, 4, 1)] * 2
