"""No dead end in the public search: a search with few or no options offers the engine's
one-click relaxations as links (the same search, one parameter changed) with the options each
opens; following a link lists that many options. Beside them: occasional care, the Relais
Petite Enfance and the alert (after an account is created with the search)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from maillage.core.schedule import week_from_ranges
from maillage.families import engine_adapter
from maillage.families.models import Need
from maillage.relais.models import RelaisPetiteEnfance
from tests.families.helpers import free_childminder, nursery_with_places

# The public search's autouse fixture: a frozen clock, an empty cache, fresh indexes.
from tests.families.test_public_search import SEARCH, _frozen_and_fresh  # noqa: F401

pytestmark = pytest.mark.django_db

FROM_7 = week_from_ranges({d: [("07:00", "19:00")] for d in range(5)})
USUAL = SEARCH
EARLY = {**SEARCH, "debut_heure": "06:00", "fin_heure": "14:00"}
DAY_BY_DAY = {
    **{k: v for k, v in SEARCH.items() if k not in ("jours", "debut_heure", "fin_heure")},
    **{f"hours_d{d}_1_start": "06:00" for d in range(5)},
    **{f"hours_d{d}_1_end": "14:00" for d in range(5)},
}


def _search(client, params):
    return client.get(reverse("search:public_search"), params)


def _relax(response, kind):
    return next(r for r in response.context["relax_choices"] if r.kind == kind)


def _follow(client, relax):
    response = client.get(f"{reverse('search:public_search')}?{relax.query}")
    assert response.status_code == 200
    assert response.context["form"].is_valid(), response.context["form"].errors
    return response


def _keys(response):
    return [o["key"] for o in response.context["options"]]


def test_an_early_shift_is_offered_hours_one_hour_later_as_a_link(client, saint_denis):
    childminder = free_childminder(saint_denis, working_hours=FROM_7)
    response = _search(client, EARLY)
    assert response.context["options"] == []
    shift = _relax(response, "shift")
    assert (shift.label_fr, shift.options_count) == ("Arriver et repartir 1 h plus tard", 1)
    page = response.content.decode()
    assert "Arriver et repartir 1 h plus tard : 1 mode d&#x27;accueil" in page
    # A link (one click, bookmarkable): the same search with the quick hours shifted.
    href = f'href="/recherche/?{shift.query.replace("&", "&amp;")}#resultats"'
    assert href in page
    params = parse_qs(shift.query)
    assert (params["debut_heure"], params["fin_heure"]) == (["07:00"], ["15:00"])
    assert params["commune"] == ["Saint-Denis"] and params["jours"] == EARLY["jours"]
    after = _follow(client, shift)
    assert _keys(after) == [f"am-{childminder.pk}"]
    assert Need.objects.count() == 0  # nothing saved


def test_day_by_day_hours_are_shifted_day_by_day(client, saint_denis):
    childminder = free_childminder(saint_denis, working_hours=FROM_7)
    response = _search(client, DAY_BY_DAY)
    shift = _relax(response, "shift")
    params = parse_qs(shift.query)
    assert params["hours_d0_1_start"] == ["07:00"] and params["hours_d4_1_end"] == ["15:00"]
    assert "debut_heure" not in params
    after = _follow(client, shift)
    assert _keys(after) == [f"am-{childminder.pk}"]
    assert after.context["criteria"].schedule == week_from_ranges(
        {d: [("07:00", "15:00")] for d in range(5)}
    )


def test_a_wider_distance_outside_the_list_is_a_valid_search(client, saint_denis):
    far = free_childminder(saint_denis, latitude=48.93 + 0.06, longitude=2.36)  # ~6.7 km
    response = _search(client, {**USUAL, "distance": "3"})
    distance = _relax(response, "distance")
    assert (distance.label_fr, distance.options_count) == ("Jusqu'à 8 km", 1)
    assert "Jusqu&#x27;à 8 km : 1 mode d&#x27;accueil" in response.content.decode()
    after = _follow(client, distance)
    assert _keys(after) == [f"am-{far.pk}"]
    assert after.context["criteria"].max_km == 8
    assert '<option value="8" selected>8 km</option>' in after.content.decode()


def test_a_later_start_is_a_link(client, saint_denis):
    later = free_childminder(saint_denis, available_from=dt.date(2027, 2, 1))
    response = _search(client, {**USUAL, "debut": "2027-01-04"})
    start = _relax(response, "start")
    assert (start.label_fr, start.options_count) == ("Commencer un mois plus tard", 1)
    assert parse_qs(start.query)["debut"] == ["2027-02-04"]
    assert _keys(_follow(client, start)) == [f"am-{later.pk}"]


def test_other_modes_are_links_too(client, saint_denis):
    free_childminder(saint_denis)
    nursery_with_places(saint_denis)
    only_nurseries = _search(client, {**USUAL, "modes": ["accepts_nursery"]})
    assert len(only_nurseries.context["options"]) == 1
    mode = _relax(only_nurseries, "mode")
    assert mode.label_fr == "Accepter aussi les assistantes maternelles"
    assert parse_qs(mode.query)["modes"] == ["accepts_childminder", "accepts_nursery"]
    assert len(_keys(_follow(client, mode))) == mode.options_count == 2


def test_every_link_opens_as_many_options_as_it_announces(client, saint_denis):
    # Each provider misses the search by one criterion only.
    free_childminder(
        saint_denis, working_hours=week_from_ranges({d: [("09:00", "19:00")] for d in range(5)})
    )
    free_childminder(saint_denis, latitude=48.93 + 0.06, longitude=2.36)
    free_childminder(saint_denis, available_from=dt.date(2027, 3, 1))
    nursery_with_places(saint_denis)
    response = _search(client, {**USUAL, "distance": "3", "modes": ["accepts_childminder"]})
    assert response.context["options"] == []
    choices = response.context["relax_choices"]
    assert {r.kind for r in choices} == {"distance", "shift", "start", "mode"}
    for relax in choices:
        assert len(_keys(_follow(client, relax))) == relax.options_count, relax


def test_the_no_result_page_keeps_its_other_ways_forward(client, saint_denis):
    relais = RelaisPetiteEnfance.objects.create(
        code="RPE-SD", name="Relais de Saint-Denis", phone="01 99 00 00 01"
    )
    relais.communes.set([saint_denis])
    response = _search(client, EARLY)
    page = response.content.decode()
    assert "Pour avancer quand même" in page
    assert "Aucun changement simple" in page  # nothing to relax: no childminder at all
    links = dict(response.context["occasional_links"])
    assert "commune=Saint-Denis" in links["Pour un entretien d'embauche"]
    assert "Relais de Saint-Denis" in page and "01 99 00 00 01" in page
    assert "Il faut un compte : cette recherche pré-remplit votre besoin" in page
    assert "Prévenez-moi quand une place se libère" in page


def test_few_options_offer_more_choice_and_many_compute_nothing(client, saint_denis):
    free_childminder(saint_denis)
    free_childminder(saint_denis, latitude=48.93 + 0.06, longitude=2.36)
    few = _search(client, {**USUAL, "distance": "3"})
    assert len(few.context["options"]) == 1
    assert "Pour avoir plus de choix" in few.content.decode()
    assert _relax(few, "distance").options_count == 2
    for _ in range(2):
        free_childminder(saint_denis)
    engine_adapter.clear_indexes()  # created behind the services' back
    many = _search(client, USUAL)
    assert len(many.context["options"]) >= engine_adapter.FEW_OPTIONS
    assert "relax_choices" not in many.context
    assert "Pour avoir plus de choix" not in many.content.decode()


def test_links_carry_only_the_search_and_nothing_private(client, saint_denis):
    free_childminder(saint_denis, working_hours=FROM_7, address="12 rue Secrète")
    response = _search(client, {**EARLY, "utm_source": "x", "csrfmiddlewaretoken": "y"})
    shift = _relax(response, "shift")
    assert set(parse_qs(shift.query)) <= {"commune", "age", "jours", "debut_heure", "fin_heure"} | {
        "distance"
    }
    assert "12 rue Secrète" not in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("distance", "7.25"),
        ("distance", "500"),
        ("distance", "abc"),
        ("distance", "NaN"),
        ("distance", "8.0"),
        ("debut", "2099-01-01"),
        ("debut", "2026-13-45"),
        ("modes", "accepts_everything"),
        ("debut_heure", "25:00"),
        ("jours", "9"),
        ("hours_d0_1_start", "99:00"),
    ],
)
def test_a_tampered_link_is_a_french_form_error_never_a_500(client, saint_denis, field, value):
    response = _search(client, {**EARLY, field: value})
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_valid()
    assert "criteria" not in response.context
    assert "La recherche contient des erreurs" in response.content.decode()


def test_the_link_parameters_survive_asking_for_contact(client, saint_denis):
    childminder = free_childminder(saint_denis, working_hours=FROM_7)
    after = _follow(client, _relax(_search(client, EARLY), "shift"))
    response = client.post(
        reverse("search:request"),
        {"recherche": after.context["query"], "prestataire": f"am-{childminder.pk}"},
    )
    assert response.url.startswith("/compte/inscription/")
    kept = client.session["families_public_search"]
    assert kept["schedule"] == week_from_ranges({d: [("07:00", "15:00")] for d in range(5)})


def test_a_link_query_is_a_relative_url_of_the_search(client, saint_denis):
    free_childminder(saint_denis, working_hours=FROM_7)
    shift = _relax(_search(client, EARLY), "shift")
    assert not urlsplit(f"/recherche/?{shift.query}").netloc


def test_a_link_opening_more_than_a_page_says_so():
    from maillage.families.public_relax import PublicRelaxation

    def count(n):
        return PublicRelaxation("distance", "Jusqu'à 15 km", "", n, "").count_fr

    assert count(1) == "1 mode d'accueil" and count(20) == "20 modes d'accueil"
    # The page lists the 20 most suitable options: the link does not promise 57 of them.
    assert count(57) == f"plus de {engine_adapter.DEFAULT_LIMIT} modes d'accueil"


@pytest.mark.parametrize(
    ("hours", "minutes"),
    [(("16:00", "24:00"), 30), (("00:00", "08:00"), -60), (("08:00", "12:00"), 60)],
)
def test_a_shift_past_midnight_becomes_day_by_day_hours_of_the_same_week(
    saint_denis, hours, minutes
):
    from django.http import QueryDict

    from maillage.families.forms_public import PublicSearchForm
    from maillage.families.public_relax import _shifted
    from maillage.families.relax_services import shift_week

    search = {**SEARCH, "jours": ["1", "2", "3"], "debut_heure": hours[0], "fin_heure": hours[1]}
    query = QueryDict(mutable=True)
    for key, value in search.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    form = PublicSearchForm(query)
    assert form.is_valid(), form.errors
    params = _shifted(query.copy(), form.criteria().schedule, minutes)
    shifted = PublicSearchForm(params)
    assert shifted.is_valid(), shifted.errors
    assert shifted.criteria().schedule == shift_week(form.criteria().schedule, minutes)


def test_prevenez_moi_from_an_anonymous_search_is_subscribed_once_the_need_is_saved(
    client, saint_denis
):
    from maillage.families.models_alerts import PlaceAlert, PlaceAlertStatus
    from tests.accounts.factories import ParentFactory

    response = _search(client, EARLY)
    assert 'name="alerte" value="1"' in response.content.decode()
    asked = client.post(
        reverse("search:request"), {"recherche": response.context["query"], "alerte": "1"}
    )
    assert asked.url.startswith("/compte/inscription/?role=parent")
    parent = ParentFactory()
    client.force_login(parent)
    client.get(reverse("search:resume"))
    assert not PlaceAlert.objects.exists()  # nothing before her need exists
    done = client.post(
        reverse("families:need_new_step", kwargs={"step": "situation"}),
        {"consent": "on", "action": "next"},
        follow=True,
    )
    need = Need.objects.get(parent=parent)
    alert = PlaceAlert.objects.get(need=need)
    assert alert.status == PlaceAlertStatus.ACTIVE and alert.created_by == parent
    assert f"Alerte créée : un e-mail partira à {parent.email}" in done.content.decode()
    # Asked once: a second need of hers gets no alert unasked.
    assert "families_public_search_alert" not in client.session


def test_a_contact_request_from_the_search_subscribes_no_alert(client, saint_denis):
    from maillage.families.models_alerts import PlaceAlert
    from tests.accounts.factories import ParentFactory

    response = _search(client, EARLY)
    client.post(reverse("search:request"), {"recherche": response.context["query"]})
    client.force_login(ParentFactory())
    client.get(reverse("search:resume"))
    client.post(
        reverse("families:need_new_step", kwargs={"step": "situation"}),
        {"consent": "on", "action": "next"},
    )
    assert Need.objects.count() == 1 and not PlaceAlert.objects.exists()
