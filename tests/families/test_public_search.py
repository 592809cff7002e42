"""Public search without an account: the same engine, privacy of anonymous results, the rate
limit, the map's offline base, and the way from a search to a pre-filled need."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from maillage.childcare.enums import DisplayName
from maillage.childcare.models import ChildInCare
from maillage.core.schedule import week_from_ranges
from maillage.families import engine_adapter
from maillage.families.models import Need
from maillage.families.public_search import birth_date_for_age, clear_memos
from tests.accounts.factories import ChildminderUserFactory, ParentFactory
from tests.families.helpers import NOW, free_childminder, nursery_with_places
from tests.territory.factories import CommuneFactory

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
def _frozen_and_fresh():
    cache.clear()
    engine_adapter.clear_indexes()
    clear_memos()
    with time_machine.travel(NOW, tick=False):
        yield
    engine_adapter.clear_indexes()
    clear_memos()
    cache.clear()


@pytest.fixture
def supply(saint_denis):
    fatou = free_childminder(
        saint_denis,
        user=ChildminderUserFactory(first_name="Fatou", last_name="Koné"),
        address="12 rue Secrète",
    )
    ChildInCare.objects.create(
        childminder=fatou,
        age_months=26,
        schedule=week_from_ranges({d: [("08:00", "12:00")] for d in range(5)}),
    )
    nursery = nursery_with_places(
        saint_denis, name="Crèche Les Lilas", address="4 avenue des Lilas"
    )
    return fatou, nursery


def _search(client, **overrides):
    meta = {k: v for k, v in overrides.items() if k.isupper()}
    params = {k: v for k, v in overrides.items() if not k.isupper()}
    return client.get(reverse("search:public_search"), {**SEARCH, **params}, **meta)


def test_anonymous_search_lists_free_places_with_the_engines_explanations(client, supply):
    fatou, nursery = supply
    response = _search(client)
    assert response.status_code == 200
    keys = [o["key"] for o in response.context["options"]]
    assert f"am-{fatou.pk}" in keys and f"creche-{nursery.pk}" in keys
    content = response.content.decode()
    assert "Crèche Les Lilas" in content
    # The same explanations as a parent's results: the rank refers to the list as shown.
    assert "classée 1re" in content
    assert "Demander une mise en relation" in content
    # Each option shows its estimated monthly cost (a range: no resources were given).
    estimate = response.context["cost_estimates"][f"am-{fatou.pk}"]
    assert estimate.summary in content
    assert Need.objects.count() == 0  # nothing saved


def test_anonymous_results_never_show_an_address_a_full_name_or_children(client, supply):
    fatou, _ = supply
    content = _search(client).content.decode()
    assert "12 rue Secrète" not in content
    assert "Koné" not in content and "Fatou" not in content
    assert "Assistante maternelle F." in content
    # Nothing about the child in her care: neither its age nor its hours.
    results = content.split('id="resultats"', 1)[1]
    assert "26 mois" not in results and "12 h" not in results and "12:00" not in results
    # The map points are her commune's centre, never her home.
    points = _search(client).context["map_points"]
    point = next(p for p in points if p["kind"] == "childminder")
    assert (point["lat"], point["lon"]) == (48.93, 2.36)


def test_a_childminder_who_chose_her_full_name_is_shown_by_it(client, supply):
    fatou, _ = supply
    fatou.display_name = DisplayName.FULL_NAME
    fatou.save(update_fields=["display_name"])
    engine_adapter.clear_indexes()
    content = _search(client).content.decode()
    assert "Fatou Koné" in content
    assert "12 rue Secrète" not in content


def test_the_commune_only_choice_shows_no_name_at_all(client, supply):
    fatou, _ = supply
    fatou.display_name = DisplayName.COMMUNE
    fatou.save(update_fields=["display_name"])
    engine_adapter.clear_indexes()
    content = _search(client).content.decode()
    assert "Assistante maternelle à Saint-Denis" in content
    assert "Assistante maternelle F." not in content


def test_hours_outside_her_free_slots_return_no_childminder(client, supply):
    fatou, _ = supply
    response = _search(client, debut_heure="20:00", fin_heure="23:00")
    assert f"am-{fatou.pk}" not in [o["key"] for o in response.context["options"]]


def test_postcode_birth_date_and_day_by_day_hours_are_accepted(client, supply):
    response = _search(
        client,
        commune="93200",
        age="",
        naissance="2026-01-15",
        jours=[],
        hours_d2_1_start="09:00",
        hours_d2_1_end="12:00",
    )
    criteria = response.context["criteria"]
    assert criteria.commune.name == "Saint-Denis"
    assert criteria.birth_date == dt.date(2026, 1, 15)
    assert criteria.schedule == week_from_ranges({2: [("09:00", "12:00")]})


def test_missing_age_and_unknown_commune_are_french_errors(client, supply):
    response = _search(client, commune="Nullepart-sur-Rien", age="")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Commune inconnue" in errors["commune"][0]
    assert "âge de l'enfant" in errors["age"][0]


def test_age_in_months_becomes_an_approximate_birth_date():
    assert birth_date_for_age(10, dt.date(2026, 11, 20)) == dt.date(2026, 1, 1)
    assert birth_date_for_age(0, dt.date(2026, 11, 20)) == dt.date(2026, 11, 1)


def test_searches_are_rate_limited_per_client_with_a_french_429(client, supply, settings):
    settings.MAILLAGE_PUBLIC_SEARCH_RATE = (3, 60)
    for _ in range(3):
        assert _search(client).status_code == 200
    refused = _search(client)
    assert refused.status_code == 429
    assert "Patientez une minute" in refused.content.decode()
    assert "options" not in refused.context
    # Another client address has its own allowance; the empty form is never counted.
    assert _search(client, REMOTE_ADDR="10.0.0.8").status_code == 200
    assert client.get(reverse("search:public_search")).status_code == 200
    # The next window allows searching again.
    with time_machine.travel(NOW + dt.timedelta(seconds=61), tick=False):
        assert _search(client).status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(client, supply, settings):
    settings.MAILLAGE_PUBLIC_SEARCH_RATE = (1, 60)
    settings.MAILLAGE_TRUSTED_PROXY_COUNT = 1
    assert _search(client, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 200
    assert _search(client, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    assert _search(client, HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 200


def test_map_base_is_the_shipped_contours_of_the_communes_around(client, saint_denis):
    square = {
        "type": "Polygon",
        "coordinates": [[[2.33, 48.91], [2.39, 48.91], [2.39, 48.95], [2.33, 48.91]]],
    }
    saint_denis.contour = json.dumps(square)
    saint_denis.save(update_fields=["contour"])
    CommuneFactory(montreuil=True, contour=json.dumps(square))
    far = CommuneFactory(code="13055", latitude=43.3, longitude=5.4, contour=json.dumps(square))
    response = client.get(reverse("search:contours"), {"commune": "93066", "km": "10"})
    assert response["Content-Type"] == "application/geo+json"
    features = json.loads(response.content)["features"]
    codes = {f["properties"]["code"] for f in features}
    assert codes == {"93066", "93048"} and far.code not in codes
    assert next(f for f in features if f["properties"]["searched"])["geometry"] == square
    page = _search(client)
    assert 'data-contours-url="/recherche/carte/communes.geojson?commune=93066' in (
        page.content.decode()
    )
    assert "Limites des communes" in page.content.decode()  # the legend


def test_tiles_only_when_a_tile_url_is_configured(client, supply, settings):
    assert 'data-tile-url=""' in _search(client).content.decode()
    settings.MAILLAGE_MAP_TILE_URL = "https://tuiles.exemple.fr/{z}/{x}/{y}.png"
    assert 'data-tile-url="https://tuiles.exemple.fr/' in _search(client).content.decode()


def test_asking_for_contact_keeps_the_search_through_sign_up_into_a_prefilled_need(client, supply):
    fatou, _ = supply
    query = _search(client).context["query"]
    response = client.post(
        reverse("search:request"), {"recherche": query, "prestataire": f"am-{fatou.pk}"}
    )
    assert response.status_code == 302
    assert response.url.startswith("/compte/inscription/?role=parent&next=%2Frecherche%2Freprendre")
    # She signs up and logs in (same browser session), then comes back to the kept search.
    parent = ParentFactory()
    client.force_login(parent)
    response = client.get(reverse("search:resume"))
    assert response.url == reverse("families:need_new_step", kwargs={"step": "enfant"})
    child = client.get(response.url)
    assert child.context["form"]["child_birth_date"].value() == "2026-01-01"
    hours = client.get(reverse("families:need_new_step", kwargs={"step": "horaires"}))
    assert hours.context["form"]["hours_d0_1_start"].value() == "08:30"
    assert hours.context["form"]["hours_d4_1_end"].value() == "17:00"
    place = client.get(reverse("families:need_new_step", kwargs={"step": "lieu"}))
    assert place.context["form"]["commune"].value() == "93066"
    # The last step: her consent; the need is saved and the chosen childminder ticked.
    done = client.post(
        reverse("families:need_new_step", kwargs={"step": "situation"}),
        {"consent": "on", "action": "next"},
    )
    need = Need.objects.get(parent=parent)
    assert need.commune_id == "93066" and str(need.max_distance_km) == "5.0"
    assert done.url.endswith(f"?choisir=am-{fatou.pk}#option-am-{fatou.pk}")
    results = client.get(done.url.split("#")[0])
    assert f'value="am-{fatou.pk}" checked' in results.content.decode()
    # Then the contact request, as from any results page.
    client.post(
        reverse("families:contact_request_new", kwargs={"pk": need.pk}),
        {"provider": f"am-{fatou.pk}"},
    )
    assert need.contact_requests.get().childminder == fatou


def test_a_signed_in_parent_goes_straight_to_the_prefilled_form(client, supply):
    fatou, _ = supply
    client.force_login(ParentFactory())
    query = _search(client).context["query"]
    response = client.post(
        reverse("search:request"), {"recherche": query, "prestataire": f"am-{fatou.pk}"}
    )
    assert response.url == reverse("search:resume")


def test_a_stale_or_forged_search_is_not_kept(client, supply):
    response = client.post(reverse("search:request"), {"recherche": "commune=&age=abc"})
    assert response.url == reverse("search:public_search")
    assert "families_public_search" not in client.session


def test_option_links_are_the_providers_public_pages():
    from maillage.families.views.public import PAGE_PATHS

    assert PAGE_PATHS["am"].format(pk=7) == reverse("search:childminder_page", args=[7])
    assert PAGE_PATHS["creche"].format(pk=7) == reverse("search:nursery_page", args=[7])


# What an anonymous search page carries: no CSRF token or cookie (its one form is a GET), and
# the 28 selects of the day-by-day hours only when the visitor opens them.


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
