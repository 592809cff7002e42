"""The cost on the results page: a range without resources, an amount with them (kept for
the visit, stored in the account only if the parent asks), the childminder's own prices."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from maillage.childcare.models import ChildminderRate
from maillage.core.schedule import week_from_ranges
from maillage.families.models import FamilyBudget
from tests.families.helpers import NOW, free_childminder, nursery_with_places, open_need
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db
# Monday to Friday 8:00–16:00: 40 h a week, 173,3 h a month.
FULL_TIME = week_from_ranges({d: [("08:00", "16:00")] for d in range(5)})


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def need():
    saint_denis = CommuneFactory(saint_denis=True)
    free_childminder(saint_denis)
    nursery_with_places(saint_denis, name="Crèche des Lilas")
    return open_need(saint_denis, schedule=FULL_TIME)


def _page(client, need) -> str:
    return client.get(reverse("families:need_results", args=[need.pk])).content.decode()


def _give(client, need, **extra):
    client.force_login(need.parent)
    data = {
        "monthly_resources": "3000",
        "children": "1",
        "next": f"/familles/besoins/{need.pk}/resultats/",
    }
    return client.post(reverse("families:cost_household"), {**data, **extra})


def test_without_resources_each_option_shows_a_range(client, need):
    client.force_login(need.parent)
    page = _page(client, need)
    assert page.count("selon vos ressources") == 2
    assert "Indiquer mes ressources" in page


def test_with_resources_the_amounts_are_exact_and_not_stored_unless_asked(client, need):
    response = _give(client, need)
    assert response.status_code == 302 and response.url.endswith("#cout")
    page = _page(client, need)
    # 3 000 € × 0,0619 % = 1,86 € an hour × 173,3 h = 322 € (crèche); the childminder at the
    # national reference cost costs the same after the CMG.
    assert page.count("Environ 322\u00a0€ par mois") == 2
    assert "1,86\u00a0€ de l&#x27;heure" in page or "1,86\u00a0€ de l'heure" in page
    assert not FamilyBudget.objects.exists()


def test_a_parent_may_ask_to_keep_her_figures_then_erase_them(client, need):
    _give(client, need, remember="on", children="2")
    stored = FamilyBudget.objects.get(user=need.parent)
    assert (stored.monthly_resources, stored.children) == (Decimal("3000"), 2)
    client.post(reverse("families:cost_household"), {"action": "forget", "next": "/"})
    assert not FamilyBudget.objects.exists()
    assert "selon vos ressources" in _page(client, need)


def test_bad_resources_are_refused_in_french_and_nothing_changes(client, need):
    client.force_login(need.parent)
    response = _give(client, need, monthly_resources="beaucoup")
    assert response.status_code == 302
    page = client.get(response.url.split("#")[0]).content.decode()
    assert "Indiquez un montant en euros" in page
    assert "selon vos ressources" in page


def test_the_childminder_s_own_prices_are_used(client, need):
    from maillage.childcare.models import Childminder

    cm = Childminder.objects.get()
    client.force_login(cm.user)
    response = client.post(
        reverse("childcare:childminder_rates"),
        {"hourly_wage": "5,10", "maintenance_per_day": "4,00", "meal_per_day": "0"},
    )
    assert response.status_code == 302
    assert ChildminderRate.objects.get(childminder=cm).hourly_wage == Decimal("5.10")
    client.logout()
    _give(client, need)
    page = _page(client, need)
    # 5,10 € an hour + 4 € a day for 8-hour days = 5,60 € an hour.
    assert "Coût de la garde : 5,60\u00a0€ de l&#x27;heure" in page or (
        "Coût de la garde : 5,60\u00a0€ de l'heure" in page
    )


def test_the_rates_page_refuses_a_negative_amount(client, need):
    from maillage.childcare.models import Childminder

    client.force_login(Childminder.objects.get().user)
    response = client.post(
        reverse("childcare:childminder_rates"),
        {"hourly_wage": "-1", "maintenance_per_day": "0", "meal_per_day": "0"},
    )
    assert response.status_code == 400
    assert "Le montant ne peut pas être négatif." in response.content.decode()
