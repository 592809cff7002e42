"""The PMI inspection plan: planned and carried-out visits, kept by the territory's staff, and
the indicator "réalisation du plan de contrôle"."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from maillage.accounts.enums import Role
from maillage.observatory.models import InspectionVisit
from maillage.observatory.services import indicators_recompute, snapshot_values
from tests.accounts.factories import AnalystFactory, NurseryManagerFactory, UserFactory
from tests.childcare.factories import NurseryFactory
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def agent():
    dep = CommuneFactory(saint_denis=True).departement
    user = UserFactory(role=Role.TERRITORY_ADMIN)
    user.territory_departements.set([dep])
    return user


def test_a_territory_agent_plans_and_records_visits_and_the_rate_follows(client, agent):
    commune = CommuneFactory(saint_denis=True)
    first, second = NurseryFactory(commune=commune), NurseryFactory(commune=commune)
    client.force_login(agent)
    url = reverse("observatory:inspection_plan", args=["93"])
    for nursery in (first, second):
        client.post(url, {"what": "plan", "nursery": nursery.pk, "planned_on": "2026-02-20"})
    visit = InspectionVisit.objects.get(nursery=first)
    client.post(url, {"what": "done", "visit": visit.pk, "done_on": "2026-02-25"})
    assert "2 visites prévues, 1 réalisée (50,0 %)" in client.get(url).content.decode()
    indicators_recompute()
    values = snapshot_values("departement", "93")
    assert (values["inspections_planned"], values["inspections_done"]) == (2, 1)
    assert values["inspection_plan_rate"] == 50.0


def test_a_visit_in_the_future_cannot_be_carried_out(client, agent):
    visit = InspectionVisit.objects.create(
        nursery=NurseryFactory(), planned_on=dt.date(2026, 3, 20)
    )
    client.force_login(agent)
    url = reverse("observatory:inspection_plan", args=["93"])
    response = client.post(
        url, {"what": "done", "visit": visit.pk, "done_on": "2026-03-20"}, follow=True
    )
    assert "ne peut pas être réalisée dans le futur" in response.content.decode()
    visit.refresh_from_db()
    assert visit.done_on is None


@pytest.mark.parametrize("make", [NurseryManagerFactory, lambda: UserFactory(role=Role.PARENT)])
def test_the_plan_is_closed_to_other_roles(client, agent, make):
    client.force_login(make())
    assert client.get(reverse("observatory:inspection_plan", args=["93"])).status_code == 403


def test_an_analyst_of_the_departement_keeps_the_plan_too(client, agent):
    analyst = AnalystFactory()
    analyst.territory_departements.set(agent.territory_departements.all())
    client.force_login(analyst)
    assert client.get(reverse("observatory:inspection_plan", args=["93"])).status_code == 200
