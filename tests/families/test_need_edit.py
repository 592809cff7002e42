"""Modifier mon besoin: the wizard's steps pre-filled, a copy in the session, one save."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from maillage.core.schedule import week_from_ranges
from maillage.families.enums import ContactRequestStatus, NeedStatus
from maillage.families.models import NeedEvent
from tests.accounts.factories import ParentFactory
from tests.families.factories import ContactRequestFactory
from tests.families.helpers import NOW, WEEKDAYS_8_17, free_childminder, open_need

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def need(saint_denis):
    return open_need(saint_denis, child_first_name="Nour", max_distance_km=Decimal("3"))


def step_url(need, step):
    return reverse("families:need_edit_step", kwargs={"pk": need.pk, "step": step})


def confirm_url(need):
    return reverse("families:need_edit_confirm", kwargs={"pk": need.pk})


def prefilled(client, need, step):
    """The step's form as the wizard fills it (the session copy), as POST data."""
    response = client.get(step_url(need, step))
    assert response.status_code == 200
    data = response.context["form"].data
    return {k: data.getlist(k) for k in data}


def edit_step(client, need, step, **changes):
    data = {**prefilled(client, need, step), **changes, "action": "review"}
    response = client.post(step_url(need, step), data)
    assert response.status_code == 302, response.context["form"].errors
    assert response.url == confirm_url(need)
    return client.post(confirm_url(need))


def snapshot(need):
    need.refresh_from_db()
    return {
        "child_first_name": need.child_first_name,
        "child_birth_date": need.child_birth_date,
        "schedule": need.schedule,
        "commune": need.commune_id,
        "point": (need.latitude, need.longitude),
        "max_distance_km": need.max_distance_km,
        "start_date": need.start_date,
        "modes": (need.accepts_childminder, need.accepts_mam, need.accepts_nursery),
        "situations": sorted(s.value for s in need.situations),
    }


def test_steps_are_prefilled_with_the_need_values(client, need):
    client.force_login(need.parent)
    assert client.get(reverse("families:need_edit", kwargs={"pk": need.pk})).url == step_url(
        need, "enfant"
    )
    assert prefilled(client, need, "enfant")["child_birth_date"] == ["2026-03-01"]
    hours = prefilled(client, need, "horaires")
    assert hours["hours_d0_1_start"] == ["08:00"] and hours["hours_d4_1_end"] == ["17:00"]
    place = prefilled(client, need, "lieu")
    assert place["commune"] == [need.commune.code] and place["max_distance_km"] == ["3.0"]
    assert place["start_date"] == ["2027-01-04"]
    assert prefilled(client, need, "situation")["situations"] == ["employed"]
    page = client.get(step_url(need, "situation")).content.decode()
    assert "Étape 4 sur 4" in page and "Vérifier les modifications" in page
    assert "consent" not in page  # given when the need was opened, not asked again


@pytest.mark.parametrize(
    ("step", "changes", "field", "expected"),
    [
        ("enfant", {"child_birth_date": "2026-06-15"}, "child_birth_date", dt.date(2026, 6, 15)),
        (
            "horaires",
            {"hours_d0_1_start": "07:00", "hours_d0_1_end": "19:00"},
            "schedule",
            week_from_ranges(
                {0: [("07:00", "19:00")], **{d: [("08:00", "17:00")] for d in (1, 2, 3, 4)}}
            ),
        ),
        ("lieu", {"max_distance_km": "8"}, "max_distance_km", Decimal("8.0")),
        ("lieu", {"start_date": "2027-03-01"}, "start_date", dt.date(2027, 3, 1)),
        ("lieu", {"modes": ["accepts_nursery"]}, "modes", (False, False, True)),
        (
            "situation",
            {"situations": ["employed", "single_parent"]},
            "situations",
            ["employed", "single_parent"],
        ),
    ],
)
def test_editing_one_step_keeps_every_other_value(client, need, step, changes, field, expected):
    client.force_login(need.parent)
    before = snapshot(need)
    response = edit_step(client, need, step, **changes)
    assert response.url == reverse("families:need_detail", kwargs={"pk": need.pk})
    after = snapshot(need)
    assert after[field] == expected
    assert {k: v for k, v in after.items() if k != field} == {
        k: v for k, v in before.items() if k != field
    }
    assert f"families_need_edit_{need.pk}" not in client.session


def test_bad_input_shows_french_errors_and_loses_nothing(client, need):
    client.force_login(need.parent)
    data = {**prefilled(client, need, "enfant"), "child_birth_date": "2026-06-15"}
    assert client.post(step_url(need, "enfant"), data).status_code == 302
    place = {**prefilled(client, need, "lieu"), "max_distance_km": "80", "start_date": "hier"}
    response = client.post(step_url(need, "lieu"), place)
    assert response.status_code == 200
    page = response.content.decode()
    assert "La distance ne peut pas dépasser 50 km." in page
    assert "Saisissez une date valide" in page
    need.refresh_from_db()
    assert need.child_birth_date == dt.date(2026, 3, 1)  # nothing saved before the last step
    assert need.max_distance_km == Decimal("3.0")
    # The parent leaves and comes back: the copy still has her first change.
    client.get(reverse("families:need_detail", kwargs={"pk": need.pk}))
    assert prefilled(client, need, "enfant")["child_birth_date"] == ["2026-06-15"]
    assert prefilled(client, need, "lieu")["max_distance_km"] == ["3.0"]
    client.post(confirm_url(need))
    need.refresh_from_db()
    assert need.child_birth_date == dt.date(2026, 6, 15) and need.max_distance_km == Decimal("3")


def test_another_parent_gets_404(client, need):
    client.force_login(ParentFactory())
    assert client.get(step_url(need, "enfant")).status_code == 404
    assert client.post(confirm_url(need)).status_code == 404


@pytest.mark.parametrize("status", [NeedStatus.MATCHED, NeedStatus.CANCELLED, NeedStatus.CLOSED])
def test_a_need_no_longer_searching_cannot_be_edited(client, saint_denis, status):
    need = open_need(saint_denis, status=status)
    client.force_login(need.parent)
    detail = reverse("families:need_detail", kwargs={"pk": need.pk})
    assert "Modifier" not in client.get(detail).content.decode()
    response = client.get(step_url(need, "enfant"), follow=True)
    assert response.redirect_chain[-1][0] == detail
    assert "il ne peut plus être modifié" in response.content.decode()
    assert client.post(confirm_url(need)).url == detail
    assert not NeedEvent.objects.exists()


def test_detail_has_a_modify_button_and_the_timeline_shows_the_change(client, need):
    client.force_login(need.parent)
    detail = reverse("families:need_detail", kwargs={"pk": need.pk})
    assert (
        reverse("families:need_edit", kwargs={"pk": need.pk}) in client.get(detail).content.decode()
    )
    response = edit_step(client, need, "lieu", max_distance_km="8", start_date="2027-02-01")
    page = client.get(response.url).content.decode()
    assert "Besoin modifié" in page
    assert "distance maximale, date de début" in page
    event = NeedEvent.objects.get(need=need)
    assert event.actor == need.parent and event.at == NOW
    assert "Nour" not in event.note


def test_confirmation_page_lists_changes_and_states_the_rule(client, need):
    client.force_login(need.parent)
    data = {**prefilled(client, need, "horaires"), "hours_d5_1_start": "09:00"}
    data.update(hours_d5_1_end="12:00", action="review")
    client.post(step_url(need, "horaires"), data)
    page = client.get(confirm_url(need)).content.decode()
    assert "Horaires" in page
    assert "Les demandes de mise en relation déjà envoyées restent en cours" in page
    assert need.schedule == WEEKDAYS_8_17  # not saved yet


def test_results_use_the_new_max_distance_at_once(client, need, saint_denis):
    far = free_childminder(saint_denis, latitude=48.93 + 0.06, longitude=2.36)  # ~6.7 km
    client.force_login(need.parent)
    results = reverse("families:need_results", kwargs={"pk": need.pk})
    assert client.get(results).context["view"].options == []
    edit_step(client, need, "lieu", max_distance_km="10")
    response = client.get(results)
    assert [o.key for o in response.context["view"].options] == [f"am-{far.pk}"]
    assert response.context["max_km"] == 10.0


def test_pending_requests_stay_and_providers_are_told_without_child_data(
    client, need, mailoutbox, django_capture_on_commit_callbacks
):
    pending = ContactRequestFactory(need=need)
    client.force_login(need.parent)
    with django_capture_on_commit_callbacks(execute=True):
        edit_step(client, need, "horaires", hours_d0_1_start="07:00")
    pending.refresh_from_db()
    assert pending.status == ContactRequestStatus.PENDING
    assert [m.to for m in mailoutbox] == [[pending.childminder.user.email]]
    body = mailoutbox[0].body
    assert "a modifié son besoin : horaires" in body
    assert "Nour" not in body and "2026" not in body
