"""Results page: ranked options with the engine's French explanation, privacy of
childminders, filters, relaxations when nothing fits, bounded SQL queries."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.childcare.models import ChildInCare
from maillage.core.schedule import week_from_ranges
from maillage.families import engine_adapter
from tests.accounts.factories import ChildminderUserFactory, ParentFactory
from tests.families.helpers import (
    NOW,
    WEEKDAYS_8_17,
    free_childminder,
    nursery_with_places,
    open_need,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _results(client, need, **params):
    client.force_login(need.parent)
    return client.get(reverse("families:need_results", kwargs={"pk": need.pk}), params)


def test_options_are_ranked_with_a_french_explanation(client, saint_denis):
    near = free_childminder(saint_denis, user=ChildminderUserFactory(first_name="Sylvie"))
    far = free_childminder(saint_denis, latitude=48.95, longitude=2.37)
    need = open_need(saint_denis)
    response = _results(client, need)
    options = response.context["view"].options
    assert [o.key for o in options] == [f"am-{near.pk}", f"am-{far.pk}"]
    assert "couvre vos 45 h par semaine" in options[0].explanation_fr
    assert options[0].explanation_fr.startswith("À environ 0,5 km")
    page = response.content.decode()
    assert "Assistante maternelle S." in page and "Saint-Denis, à environ 0,5 km" in page
    assert "Demander une mise en relation" in page


def test_a_childminder_shows_initial_commune_and_rounded_distance_only(client, saint_denis):
    cm = free_childminder(
        saint_denis,
        # a first name Faker never draws (the parent in the header could be a « Sylvie »)
        user=ChildminderUserFactory(first_name="Zélinda", last_name="Martin-Dupuis"),
        address="12 rue Secrète",
    )
    response = _results(client, open_need(saint_denis))
    page = response.content.decode()
    assert "Zélinda" not in page and "Martin-Dupuis" not in page and "rue Secrète" not in page
    points = response.context["map_points"]
    assert points[0]["lat"] == round(saint_denis.latitude, 5)  # commune centroid, not her home
    assert str(cm.latitude) not in page


def test_a_full_childminder_is_not_offered_but_a_crèche_is(client, saint_denis):
    cm = free_childminder(saint_denis, agrement_capacity=2)
    ChildInCare.objects.bulk_create(
        [ChildInCare(childminder=cm, age_months=20, schedule=WEEKDAYS_8_17) for _ in range(2)]
    )
    nursery = nursery_with_places(saint_denis, places=12, taken=11)
    options = _results(client, open_need(saint_denis)).context["view"].options
    assert [o.key for o in options] == [f"creche-{nursery.pk}"]


def test_part_time_children_use_one_place_not_two(client, saint_denis):
    cm = free_childminder(saint_denis, agrement_capacity=1)
    morning = week_from_ranges({d: [("08:00", "12:00")] for d in range(5)})
    ChildInCare.objects.create(childminder=cm, age_months=20, schedule=morning)
    afternoon = week_from_ranges({d: [("13:00", "18:00")] for d in range(5)})
    need = open_need(saint_denis, schedule=afternoon)
    assert [o.key for o in _results(client, need).context["view"].options] == [f"am-{cm.pk}"]
    other = open_need(saint_denis, schedule=WEEKDAYS_8_17)
    assert _results(client, other).context["view"].options == []


def test_filters_by_mode_and_distance(client, saint_denis):
    cm = free_childminder(saint_denis)
    nursery = nursery_with_places(saint_denis, latitude=48.955, longitude=2.36)
    need = open_need(saint_denis)
    keys = {o.key for o in _results(client, need).context["view"].options}
    assert keys == {f"am-{cm.pk}", f"creche-{nursery.pk}"}
    only = _results(client, need, mode="accepts_nursery").context["view"].options
    assert [o.key for o in only] == [f"creche-{nursery.pk}"]
    near = _results(client, need, distance="1").context["view"].options
    assert [o.key for o in near] == [f"am-{cm.pk}"]


def test_nothing_around_says_so(client, saint_denis):
    response = _results(client, open_need(saint_denis))
    reasons = " ".join(response.context["view"].reasons_fr)
    assert "aucune assistante maternelle, MAM ni crèche à moins de 5 km" in reasons
    assert "Aucun mode d'accueil ne correspond pour l'instant" in response.content.decode()


def test_another_parent_cannot_see_the_results(client, saint_denis):
    need = open_need(saint_denis)
    client.force_login(ParentFactory())
    assert client.get(reverse("families:need_results", kwargs={"pk": need.pk})).status_code == 404


def test_availability_change_is_seen_after_a_bump(client, saint_denis):
    need = open_need(saint_denis)
    assert _results(client, need).context["view"].options == []
    cm = free_childminder(saint_denis)
    engine_adapter.bump_index({"93"})
    assert [o.key for o in _results(client, need).context["view"].options] == [f"am-{cm.pk}"]


def test_results_page_runs_a_bounded_number_of_queries(client, saint_denis):
    for i in range(15):
        cm = free_childminder(saint_denis)
        ChildInCare.objects.create(childminder=cm, age_months=10 + i, schedule=WEEKDAYS_8_17)
        nursery_with_places(saint_denis)
    need = open_need(saint_denis)
    _results(client, need)  # signs in and builds the index
    url = reverse("families:need_results", kwargs={"pk": need.pk})
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert len(response.context["view"].options) == 20
    # session, user, need, index stamps, départements around, active requests; the cost
    # estimates: the parent's stored figures, the childminders' prices, the crèches' PSU;
    # the commune's Relais Petite Enfance
    assert len(_sql(ctx)) <= 10, _sql(ctx)
    engine_adapter.clear_indexes()
    with CaptureQueriesContext(connection) as cold:
        client.get(url)
    assert len(_sql(cold)) <= 20  # index rebuilt with prefetches, not one query per provider


def _sql(ctx):
    return [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]


def test_explanations_name_childminders_by_public_label_and_round_their_distance(
    client, saint_denis
):
    free_childminder(saint_denis, user=ChildminderUserFactory(first_name="Sylvie"))
    free_childminder(saint_denis, user=ChildminderUserFactory(first_name="Mariam"))
    need = open_need(saint_denis)
    options = _results(client, need).context["view"].options
    assert len(options) == 2
    for option in options:
        assert "am-" not in option.explanation_fr
        assert option.explanation_fr.startswith("À environ ")
    assert "que Assistante maternelle " in options[1].explanation_fr
