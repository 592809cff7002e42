"""No dead end: when nothing fits, one-click relaxations with the options each opens (computed
on a copy of the need, never saved), applied through a logged service; occasional care."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from maillage.core.schedule import week_from_ranges
from maillage.families import engine_adapter
from maillage.families.models import Need, NeedEvent
from tests.accounts.factories import ParentFactory
from tests.families.helpers import NOW, free_childminder, open_need

pytestmark = pytest.mark.django_db

EARLY_SHIFT = week_from_ranges({d: [("06:00", "14:00")] for d in range(5)})
FROM_7 = week_from_ranges({d: [("07:00", "19:00")] for d in range(5)})


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _results(client, need):
    client.force_login(need.parent)
    return client.get(reverse("families:need_results", kwargs={"pk": need.pk}))


def _apply(client, need, relax):
    url = reverse("families:need_relax_apply", kwargs={"pk": need.pk})
    data = {"kind": relax.kind, "value": relax.value, "label": relax.label_fr}
    return client.post(url, data, follow=True)


def _choice(response, kind):
    return next(r for r in response.context["relax_choices"] if r.kind == kind)


def test_a_wider_distance_and_a_later_start_are_offered_with_their_counts(client, saint_denis):
    far = free_childminder(saint_denis, latitude=48.93 + 0.06, longitude=2.36)  # ~6.7 km
    later = free_childminder(saint_denis, available_from=dt.date(2027, 2, 1))
    need = open_need(saint_denis, max_distance_km=Decimal("3"))
    response = _results(client, need)
    assert response.context["view"].options == []
    assert any("qu'après votre date de début" in r for r in response.context["view"].reasons_fr)
    distance = _choice(response, "distance")
    start = _choice(response, "start")
    assert (distance.label_fr, distance.options_count) == ("Jusqu'à 8 km", 1)
    assert (start.label_fr, start.options_count) == ("Commencer un mois plus tard", 1)
    page = response.content.decode()
    assert "Commencer un mois plus tard : 1 option" in page
    # Nothing was saved by computing them.
    need.refresh_from_db()
    assert (need.max_distance_km, need.start_date) == (Decimal("3"), dt.date(2027, 1, 4))

    after = _apply(client, need, start)
    assert [o.key for o in after.context["view"].options] == [f"am-{later.pk}"]
    assert "Votre besoin est modifié : commencer un mois plus tard" in after.content.decode()
    need.refresh_from_db()
    assert need.start_date == dt.date(2027, 2, 4)
    event = NeedEvent.objects.get(need=need)
    assert (event.label, event.note) == ("Recherche élargie", "date de début")

    wider = _apply(client, need, _choice(_results(client, need), "distance"))
    assert f"am-{far.pk}" in {o.key for o in wider.context["view"].options}


def test_an_atypical_early_shift_is_offered_hours_one_hour_later(client, saint_denis):
    childminder = free_childminder(saint_denis, working_hours=FROM_7)
    need = open_need(saint_denis, schedule=EARLY_SHIFT)
    response = _results(client, need)
    assert response.context["view"].options == []
    shift = _choice(response, "shift")
    assert (shift.value, shift.label_fr, shift.options_count) == (
        "60",
        "Arriver et repartir 1 h plus tard",
        1,
    )
    after = _apply(client, need, shift)
    assert [o.key for o in after.context["view"].options] == [f"am-{childminder.pk}"]
    need.refresh_from_db()
    assert need.schedule == week_from_ranges({d: [("07:00", "15:00")] for d in range(5)})


def test_other_modes_are_offered_and_applied(client, saint_denis):
    free_childminder(saint_denis)
    need = open_need(saint_denis, accepts_childminder=False)
    mode = _choice(_results(client, need), "mode")
    assert (mode.label_fr, mode.options_count) == ("Accepter aussi les assistantes maternelles", 1)
    _apply(client, need, mode)
    assert Need.objects.get(pk=need.pk).accepts_childminder is True


def test_few_options_still_show_the_way_forward(client, saint_denis):
    free_childminder(saint_denis)
    free_childminder(saint_denis, latitude=48.93 + 0.06, longitude=2.36)
    need = open_need(saint_denis, max_distance_km=Decimal("3"))
    response = _results(client, need)
    assert len(response.context["view"].options) == 1
    assert response.context["few_options"] is True
    assert "Pour avoir plus de choix" in response.content.decode()


def test_occasional_care_is_linked_with_the_commune(client, saint_denis):
    response = _results(client, open_need(saint_denis))
    links = dict(response.context["occasional_links"])
    url = links["Pour un entretien d'embauche"]
    assert url.startswith(reverse("occasional:request_create"))
    assert "commune=Saint-Denis" in url and "motif=interview" in url
    form = client.get(url).context["form"]
    assert form.initial["commune"] == "Saint-Denis" and form.initial["reason"] == "interview"


@pytest.mark.parametrize(
    ("kind", "value"),
    [("distance", "2"), ("distance", "500"), ("shift", "45"), ("start", "2026-01-01"), ("x", "1")],
)
def test_a_forged_relaxation_is_refused(client, saint_denis, kind, value):
    need = open_need(saint_denis, max_distance_km=Decimal("3"))
    client.force_login(need.parent)
    url = reverse("families:need_relax_apply", kwargs={"pk": need.pk})
    page = client.post(url, {"kind": kind, "value": value}, follow=True).content.decode()
    assert "Cette suggestion n&#x27;est plus valable" in page
    assert not NeedEvent.objects.filter(need=need).exists()


def test_another_parent_cannot_relax_a_need(client, saint_denis):
    need = open_need(saint_denis, max_distance_km=Decimal("3"))
    client.force_login(ParentFactory())
    url = reverse("families:need_relax_apply", kwargs={"pk": need.pk})
    assert client.post(url, {"kind": "distance", "value": "5"}).status_code == 404


def test_the_relais_of_the_commune_is_on_the_results_with_and_without_options(client, saint_denis):
    from maillage.relais.models import RelaisPetiteEnfance

    relais = RelaisPetiteEnfance.objects.create(code="R1", name="Relais de Saint-Denis")
    relais.communes.set([saint_denis])
    empty = _results(client, open_need(saint_denis)).content.decode()
    assert "Votre Relais Petite Enfance" in empty and "Relais de Saint-Denis" in empty
    for _ in range(3):
        free_childminder(saint_denis)
    engine_adapter.clear_indexes()  # created behind the services' back
    full = _results(client, open_need(saint_denis))
    assert full.context["few_options"] is False
    assert "Besoin de conseils ? Votre Relais Petite Enfance" in full.content.decode()


def test_the_page_never_says_complet_where_it_said_closed(client, saint_denis):
    from maillage.childcare.models import ChildInCare

    mornings = week_from_ranges({d: [("08:00", "12:00")] for d in range(5)})
    busy = free_childminder(saint_denis, agrement_capacity=2)
    ChildInCare.objects.bulk_create(
        [ChildInCare(childminder=busy, age_months=20, schedule=mornings) for _ in range(2)]
    )
    need = open_need(
        saint_denis, schedule=week_from_ranges({d: [("07:00", "12:00")] for d in range(5)})
    )
    reasons = _results(client, need).context["view"].reasons_fr
    closed = " ".join(r for r in reasons if "ouverte" in r or "fermé" in r)
    assert "le lundi matin" in closed
    assert all("le lundi matin" not in r for r in reasons if "complet" in r), reasons


def test_relaxations_are_computed_once_per_index_version(client, saint_denis, monkeypatch):
    free_childminder(saint_denis, latitude=48.93 + 0.06, longitude=2.36)  # ~6.7 km
    need = open_need(saint_denis, max_distance_km=Decimal("3"))
    calls = []
    real = engine_adapter.engine.suggest_relaxations

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine_adapter.engine, "suggest_relaxations", counted)
    first = _choice(_results(client, need), "distance")
    again = _choice(_results(client, need), "distance")
    assert again == first and len(calls) == 1
    # The supply changed: computed afresh.
    engine_adapter.provider_index_bump([saint_denis.departement_id])
    assert _choice(_results(client, need), "distance").options_count == 1
    assert len(calls) == 2
