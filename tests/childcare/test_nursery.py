"""Crèche manager pages: places per section, opening hours, AVIP and reserved shares."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tests.accounts.factories import NurseryManagerFactory
from tests.browser_form import browser_form_data
from tests.childcare.factories import NurseryAgeGroupFactory, NurseryFactory

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def manager():
    return NurseryManagerFactory()


@pytest.fixture
def group(manager):
    return NurseryAgeGroupFactory(nursery=NurseryFactory(managers=[manager], name="Les Lilas"))


def _post(group, **overrides):
    data = {
        "age_groups-TOTAL_FORMS": "1",
        "age_groups-INITIAL_FORMS": "1",
        "age_groups-MIN_NUM_FORMS": "0",
        "age_groups-MAX_NUM_FORMS": "12",
        "age_groups-0-id": str(group.pk),
        "age_groups-0-kind": "babies",
        "age_groups-0-min_age_months": "2",
        "age_groups-0-max_age_months": "18",
        "age_groups-0-places": "10",
        "age_groups-0-places_taken": "7",
        "age_groups-0-free_from": "2026-03-09",
        **{f"open_d{d}_1_start": "07:30" for d in range(5)},
        **{f"open_d{d}_1_end": "19:00" for d in range(5)},
        "is_avip": "on",
        "avip_share": "25",
        "social_minima_share": "10",
    }
    data.update(overrides)
    return data


def test_list_shows_only_her_nurseries(login, manager, group):
    NurseryFactory(name="Crèche d'une autre")
    page = login(manager).get(reverse("childcare:nursery_list")).content.decode()
    assert "Les Lilas" in page and "Crèche d&#x27;une autre" not in page
    assert "2 places libres" in page


def test_publishing_places_updates_sections_shares_and_freshness(login, manager, group):
    url = reverse("childcare:nursery_places", args=[group.nursery.pk])
    assert login(manager).get(url).status_code == 200
    response = login(manager).post(url, _post(group))
    assert response.status_code == 302
    group.refresh_from_db()
    nursery = group.nursery
    nursery.refresh_from_db()
    assert (group.places_taken, group.free_from) == (7, dt.date(2026, 3, 9))
    assert nursery.is_avip and nursery.avip_share == Decimal("0.25")
    assert nursery.social_minima_share == Decimal("0.10")
    assert nursery.availability_updated_at == NOW


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"avip_share": "15"}, "au moins 20 %"),
        ({"avip_share": "120"}, "entre 0 et 100 %"),
        ({"age_groups-0-places_taken": "11"}, "ne peuvent pas dépasser les places autorisées"),
        ({"age_groups-0-free_from": "2026-02-01"}, "La date ne peut pas être passée"),
        (
            {f"open_d{d}_1_{p}": "" for d in range(5) for p in ("start", "end")},
            "Indiquez au moins une plage horaire",
        ),
    ],
)
def test_invalid_places_are_refused_in_french_and_values_kept(
    login, manager, group, overrides, message
):
    url = reverse("childcare:nursery_places", args=[group.nursery.pk])
    response = login(manager).post(url, _post(group, social_minima_share="13", **overrides))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'value="13"' in page
    group.refresh_from_db()
    assert group.places_taken == 8


def test_another_manager_gets_404(login, group):
    other = NurseryManagerFactory()
    url = reverse("childcare:nursery_places", args=[group.nursery.pk])
    assert login(other).get(url).status_code == 404
    assert login(other).post(url, _post(group)).status_code == 404


def test_commission_page_offers_a_new_commission(login, manager, group):
    page = login(manager).get(reverse("childcare:commission")).content.decode()
    assert reverse("childcare:commission_new") in page and "Aucune commission" in page


def test_places_publish_as_a_browser_sends_them_with_the_blank_section_untouched(
    login, manager, group
):
    """The page always carries a blank "Ajouter une section" row: left untouched, it is ignored."""
    url = reverse("childcare:nursery_places", args=[group.nursery.pk])
    client = login(manager)
    data = browser_form_data(client.get(url).content.decode(), field="age_groups-TOTAL_FORMS")
    assert data["age_groups-TOTAL_FORMS"] == "2" and data["age_groups-1-kind"] == ""
    data["age_groups-0-places_taken"] = "9"
    response = client.post(url, data)
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.places_taken == 9
    assert group.nursery.age_groups.count() == 1


def test_place_errors_are_summarised_at_the_top_with_links(login, manager, group):
    url = reverse("childcare:nursery_places", args=[group.nursery.pk])
    response = login(manager).post(url, _post(group, **{"age_groups-0-places_taken": "11"}))
    page = response.content.decode()
    summary = page.index('id="resume-erreurs"')
    assert summary < page.index("Places par section")
    assert "Ligne 1 — " in page and 'href="#id_age_groups-0-' in page


def test_overlapping_sections_are_refused_in_french(login, manager, group):
    url = reverse("childcare:nursery_places", args=[group.nursery.pk])
    data = _post(group)
    data.update(
        {
            "age_groups-TOTAL_FORMS": "2",
            "age_groups-1-kind": "mixed",
            "age_groups-1-min_age_months": "12",
            "age_groups-1-max_age_months": "36",
            "age_groups-1-places": "10",
            "age_groups-1-places_taken": "0",
        }
    )
    response = login(manager).post(url, data)
    assert response.status_code == 400
    assert "chevauchent ceux d&#x27;une autre section" in response.content.decode()
    assert group.nursery.age_groups.count() == 1
