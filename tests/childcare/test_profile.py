"""The childminder profile page: creation, French errors on the field, values kept."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from maillage.childcare.models import Childminder
from maillage.core.schedule import week_from_ranges
from tests.accounts.factories import ChildminderUserFactory
from tests.childcare.factories import ChildInCareFactory, ChildminderFactory, weekdays
from tests.territory.factories import CommuneFactory

URL = reverse("childcare:childminder_profile")
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _post(**overrides):
    data = {
        "commune": "Saint-Denis 93200",
        "address": "12 rue des Lilas",
        "agrement_number": "AG-93-1",
        "agrement_capacity": "3",
        "agrement_min_age_months": "0",
        "agrement_max_age_months": "72",
        "agrement_valid_until": "2029-05-31",
        "own_children_under_3": "0",
        "own_children_under_11": "1",
        "available_from": "2026-04-01",
        "languages": "français, wolof",
        "accepts_atypical_hours": "on",
        # Early mornings on weekdays, split Saturday, and a Friday night shift.
        **{f"hours_d{d}_1_start": "06:00" for d in range(4)},
        **{f"hours_d{d}_1_end": "19:30" for d in range(4)},
        "hours_d4_1_start": "20:00",
        "hours_d4_1_end": "02:00",
        "hours_d5_1_start": "08:00",
        "hours_d5_1_end": "12:00",
        "hours_d5_2_start": "16:00",
        "hours_d5_2_end": "20:00",
        "children-TOTAL_FORMS": "1",
        "children-INITIAL_FORMS": "0",
        "children-MIN_NUM_FORMS": "0",
        "children-MAX_NUM_FORMS": "10",
        "children-0-age_months": "14",
        "children-0-days": ["0", "1", "2"],
        "children-0-start": "08:00",
        "children-0-end": "17:00",
        "children-0-leaves_on": "2026-08-31",
    }
    data.update(overrides)
    return data


@pytest.fixture
def saint_denis():
    return CommuneFactory(saint_denis=True)


def test_first_visit_creates_the_profile(login, saint_denis):
    user = ChildminderUserFactory()
    client = login(user)
    assert client.get(URL).status_code == 200
    response = client.post(URL, _post())
    assert response.status_code == 302, response.content.decode()[:3000]
    cm = Childminder.objects.get(user=user)
    assert cm.commune == saint_denis
    assert (cm.latitude, cm.longitude) == (48.93, 2.36)  # commune centre, not the address
    assert cm.working_hours == week_from_ranges(
        {
            **{d: [("06:00", "19:30")] for d in range(4)},
            4: [("20:00", "24:00")],
            5: [("00:00", "02:00"), ("08:00", "12:00"), ("16:00", "20:00")],
        }
    )
    child = cm.children_in_care.get()
    assert (child.age_months, child.leaves_on) == (14, dt.date(2026, 8, 31))
    assert child.schedule == weekdays("08:00", "17:00", range(3))


def test_capacity_above_the_legal_limit_is_refused_on_the_field(login, saint_denis):
    client = login(ChildminderUserFactory())
    response = client.post(URL, _post(agrement_capacity="5", languages="français, tamoul"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "au plus 4 enfants" in page
    assert 'id="agrement_capacity-desc-error"' in page or "fr-input-group--error" in page
    assert "français, tamoul" in page  # what she typed is kept
    assert 'value="Saint-Denis 93200"' in page
    assert not Childminder.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"available_from": "2026-03-01"}, "La date ne peut pas être passée"),
        ({"agrement_valid_until": "2026-01-31"}, "agrément doit être en cours de validité"),
        ({"commune": "Ville-Inconnue-Sur-Mer"}, "Commune introuvable"),
        ({"children-0-leaves_on": "2025-12-31"}, "La date ne peut pas être passée"),
        ({"agrement_capacity": "4", "own_children_under_11": "3"}, "6 mineurs"),
        ({"hours_d0_1_end": ""}, "Indiquez aussi l&#x27;heure de fin"),
    ],
)
def test_bad_input_gets_a_french_message(login, saint_denis, overrides, message):
    client = login(ChildminderUserFactory())
    response = client.post(URL, _post(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_schedule_without_hours_is_refused(login, saint_denis):
    empty = {k: "" for k in _post() if k.startswith("hours_")}
    response = login(ChildminderUserFactory()).post(URL, _post(**empty))
    assert response.status_code == 400
    assert "Indiquez au moins une plage horaire" in response.content.decode()


def test_children_beyond_capacity_at_one_slot_are_refused(login, saint_denis):
    data = _post(agrement_capacity="1", **{"children-TOTAL_FORMS": "2"})
    data.update(
        {
            "children-1-age_months": "30",
            "children-1-days": ["0"],
            "children-1-start": "16:00",
            "children-1-end": "18:00",
        }
    )
    response = login(ChildminderUserFactory()).post(URL, data)
    assert response.status_code == 400
    assert "2 enfants sont présents en même temps" in response.content.decode()


def test_existing_profile_is_prefilled_and_updated(login, saint_denis):
    cm = ChildminderFactory(commune=saint_denis, languages="français")
    ChildInCareFactory(childminder=cm, morning=True)
    client = login(cm.user)
    page = client.get(URL).content.decode()
    assert 'value="Saint-Denis 93200"' in page and 'value="français"' in page
    data = _post(**{"children-INITIAL_FORMS": "1", "children-0-DELETE": "on"})
    assert client.post(URL, data).status_code == 302
    cm.refresh_from_db()
    assert cm.languages == "français, wolof"
    assert not cm.children_in_care.exists()
