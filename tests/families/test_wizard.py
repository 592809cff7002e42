"""The guided need form: steps, French errors on the field, nothing typed is lost."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from maillage.families.enums import NeedStatus
from maillage.families.models import Need
from tests.accounts.factories import CounsellorFactory, ParentFactory
from tests.families.helpers import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _step(kind="parent", step="enfant"):
    name = "families:need_new_step" if kind == "parent" else "families:counsellor_need_new_step"
    return reverse(name, kwargs={"step": step})


SCHEDULE = {
    # Monday to Friday 8:00-17:00, Saturday 6:00-9:00 (atypical), a night Tuesday 21:00-02:00
    **{f"hours_d{d}_1_start": "08:00" for d in range(5)},
    **{f"hours_d{d}_1_end": "17:00" for d in range(5)},
    "hours_d5_1_start": "06:00",
    "hours_d5_1_end": "09:00",
    "hours_d1_2_start": "21:00",
    "hours_d1_2_end": "02:00",
}


def _place(where, **over):
    data = {
        "address": "",
        "commune": where.code,
        "max_distance_km": "3",
        "start_date": "2027-01-04",
        "modes": ["accepts_childminder", "accepts_nursery"],
    }
    return {**data, **over}


def test_parent_goes_through_the_steps_and_lands_on_results(client, saint_denis):
    parent = ParentFactory()
    client.force_login(parent)
    response = client.get(reverse("families:need_new"))
    assert response.url == _step(step="enfant")
    page = client.get(_step(step="enfant")).content.decode()
    assert "fr-stepper" in page and "Étape 1 sur 4" in page
    assert client.post(_step(step="enfant"), {"child_birth_date": "2026-05-02"}).status_code == 302
    assert client.post(_step(step="horaires"), SCHEDULE).status_code == 302
    assert client.post(_step(step="lieu"), _place(saint_denis)).status_code == 302
    response = client.post(
        _step(step="situation"), {"situations": ["job_seeker", "single_parent"], "consent": "on"}
    )
    need = Need.objects.get(parent=parent)
    assert response.url == reverse("families:need_results", kwargs={"pk": need.pk})
    assert need.status == NeedStatus.OPEN and need.consent_given_at == NOW
    assert (need.latitude, need.longitude) == (saint_denis.latitude, saint_denis.longitude)
    assert need.job_seeker and need.single_parent and not need.employed
    assert (need.accepts_childminder, need.accepts_mam, need.accepts_nursery) == (True, False, True)
    slots = need.schedule
    assert slots[5 * 48 + 12] == "1"  # Saturday 6:00
    assert slots[1 * 48 + 42] == "1" and slots[2 * 48 + 3] == "1"  # Tuesday night to 2:00
    assert slots[2 * 48 + 4] == "0"
    assert float(need.max_distance_km) == 3.0
    assert "families_need_draft_parent" not in client.session


@pytest.mark.parametrize(
    ("step", "data", "field", "message"),
    [
        ("enfant", {"child_birth_date": ""}, "child_birth_date", "Indiquez la date de naissance"),
        ("enfant", {"child_birth_date": "2029-01-01"}, "child_birth_date", "plus de 9 mois"),
        ("horaires", {}, None, "Indiquez au moins une plage horaire"),
        ("horaires", {"hours_d0_1_start": "08:00"}, "hours_d0_1_end", "l'heure de fin"),
    ],
)
def test_bad_child_and_schedule_input_gets_a_french_message(
    client, saint_denis, step, data, field, message
):
    client.force_login(ParentFactory())
    if step == "horaires":
        client.post(_step(step="enfant"), {"child_birth_date": "2026-05-02"})
    response = client.post(_step(step=step), data)
    assert response.status_code == 200
    form = response.context["form"]
    errors = form.errors.get(field, []) if field else form.non_field_errors()
    assert any(message in e for e in errors), form.errors
    assert message in response.content.decode().replace("&#x27;", "'")


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"start_date": "2026-10-01"}, "start_date", "ne peut pas être dans le passé"),
        ({"max_distance_km": "0"}, "max_distance_km", "au moins 0,5 km"),
        ({"commune": "99999"}, "commune", "Commune inconnue"),
        ({"modes": []}, "modes", "au moins un mode"),
    ],
)
def test_bad_place_input_keeps_what_was_typed(client, saint_denis, over, field, message):
    client.force_login(ParentFactory())
    client.post(
        _step(step="enfant"), {"child_birth_date": "2026-05-02", "child_first_name": "Lina"}
    )
    client.post(_step(step="horaires"), SCHEDULE)
    response = client.post(_step(step="lieu"), _place(saint_denis, **over))
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors[field])
    page = response.content.decode()
    if field != "max_distance_km":
        assert 'value="3"' in page  # the distance typed is still there
    # the earlier steps are kept: going back shows them again
    back = client.get(_step(step="enfant")).content.decode()
    assert 'value="Lina"' in back and 'value="2026-05-02"' in back
    hours = client.get(_step(step="horaires"))
    assert hours.context["form"]["hours_d5_1_start"].value() == "06:00"
    assert not Need.objects.exists()


def test_consent_is_required(client, saint_denis):
    client.force_login(ParentFactory())
    client.post(_step(step="enfant"), {"child_birth_date": "2026-05-02"})
    client.post(_step(step="horaires"), SCHEDULE)
    client.post(_step(step="lieu"), _place(saint_denis))
    response = client.post(_step(step="situation"), {"situations": ["employed"]})
    assert "Votre accord est nécessaire" in response.context["form"].errors["consent"][0]
    assert not Need.objects.exists()


def test_a_later_step_cannot_be_reached_first(client, saint_denis):
    client.force_login(ParentFactory())
    response = client.get(_step(step="lieu"))
    assert response.url == _step(step="enfant")


def test_back_button_keeps_the_current_step(client, saint_denis):
    client.force_login(ParentFactory())
    client.post(_step(step="enfant"), {"child_birth_date": "2026-05-02"})
    client.post(_step(step="horaires"), SCHEDULE)
    response = client.post(_step(step="lieu"), {**_place(saint_denis), "action": "back"})
    assert response.url == _step(step="horaires")
    assert client.get(_step(step="lieu")).context["form"]["commune"].value() == saint_denis.code


def test_counsellor_records_a_need_with_the_family_consent(client, saint_denis):
    counsellor = CounsellorFactory(france_travail=True)
    client.force_login(counsellor)
    step = _step("counsellor", "famille")
    response = client.post(step, {"family_email": "", "family_phone": ""})
    assert "au moins une adresse" in response.context["form"].errors["family_email"][0]
    client.post(step, {"family_email": "famille.kone@exemple.fr"})
    client.post(_step("counsellor", "enfant"), {"child_birth_date": "2026-05-02"})
    client.post(_step("counsellor", "horaires"), SCHEDULE)
    client.post(_step("counsellor", "lieu"), _place(saint_denis))
    refused = client.post(_step("counsellor", "situation"), {"situations": ["job_seeker"]})
    assert "accord de la famille" in refused.context["form"].errors["consent"][0]
    client.post(
        _step("counsellor", "situation"),
        {"situations": ["job_seeker", "counsellor_referral"], "consent": "on"},
    )
    need = Need.objects.get()
    assert need.parent is None and need.family_email == "famille.kone@exemple.fr"
    assert need.counsellor == counsellor and need.consent_recorded_by == counsellor
    assert need.consent_given_at == NOW and need.counsellor_referral
    detail = client.get(reverse("families:need_detail", kwargs={"pk": need.pk}))
    assert "Accord de la famille recueilli le" in detail.content.decode()


def test_a_parent_cannot_use_the_counsellor_form(client):
    client.force_login(ParentFactory())
    assert client.get(_step("counsellor", "famille")).status_code == 403
