"""From results to a confirmed place: requests, limit, cancel, provider answer, parent's
confirmation, materialised place, timeline, and French emails without any child data."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from maillage.childcare.models import ChildInCare, NurseryAgeGroup
from maillage.families.enums import ContactRequestStatus as S
from maillage.families.enums import NeedStatus
from maillage.families.models import ContactRequest
from maillage.families.services import contact_request_transition
from tests.families.helpers import NOW, free_childminder, nursery_with_places, open_need

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _ask(client, need, *keys):
    client.force_login(need.parent)
    url = reverse("families:contact_request_new", kwargs={"pk": need.pk})
    return client.post(url, {"provider": list(keys)}, follow=True)


def test_parent_asks_two_providers_then_confirms_one(
    client, saint_denis, django_capture_on_commit_callbacks
):
    cm = free_childminder(saint_denis)
    nursery = nursery_with_places(saint_denis, places=10, taken=3)
    need = open_need(saint_denis, child_first_name="Nour")
    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(client, need, f"am-{cm.pk}", f"creche-{nursery.pk}")
    assert "2 demande(s) de mise en relation envoyée(s)" in response.content.decode()
    to_cm = ContactRequest.objects.get(childminder=cm)
    to_nursery = ContactRequest.objects.get(nursery=nursery)
    assert {to_cm.status, to_nursery.status} == {S.PENDING}
    # the childminder accepts (her inbox calls this service)
    with django_capture_on_commit_callbacks(execute=True):
        contact_request_transition(request=to_cm, to_status=S.ACCEPTED, by=cm.user)
    listing = client.get(reverse("families:request_list")).content.decode()
    assert "Acceptée" in listing and "Confirmer la place" in listing
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("families:request_confirm", kwargs={"pk": to_cm.pk}))
    to_cm.refresh_from_db()
    to_nursery.refresh_from_db()
    need.refresh_from_db()
    assert to_cm.status == S.CONFIRMED and to_cm.place_materialised_at is not None
    assert to_nursery.status == S.CANCELLED  # found elsewhere
    assert need.status == NeedStatus.MATCHED
    child = ChildInCare.objects.get(childminder=cm)
    assert child.schedule == need.schedule and child.age_months == 10
    detail = client.get(reverse("families:need_detail", kwargs={"pk": need.pk})).content.decode()
    assert "Place confirmée" in detail and "Place trouvée par ailleurs" in detail
    for text in ("Acceptée", "En attente de réponse"):
        assert text in detail
    # emails: each change, in French, never the child's first name, birth date or age
    assert len(mail.outbox) >= 5
    for message in mail.outbox:
        body = message.subject + message.body
        assert "Nour" not in body and "2026" not in body.split("Suivre")[0]
        assert "mois" not in body and "naissance" not in body
    subjects = [m.subject for m in mail.outbox]
    assert any("acceptée" in s for s in subjects) and any("place confirmée" in s for s in subjects)
    assert any(cm.user.email in m.to for m in mail.outbox)


def test_the_request_limit_is_configurable(client, saint_denis, settings):
    settings.MAILLAGE_MAX_CONTACT_REQUESTS = 2
    providers = [free_childminder(saint_denis) for _ in range(3)]
    need = open_need(saint_denis)
    response = _ask(client, need, *[f"am-{p.pk}" for p in providers])
    assert ContactRequest.objects.filter(need=need).count() == 2
    assert "Vous avez déjà 2 demandes en cours" in response.content.decode()


def test_parent_cancels_a_request_and_it_is_in_the_timeline(client, saint_denis):
    cm = free_childminder(saint_denis)
    need = open_need(saint_denis)
    _ask(client, need, f"am-{cm.pk}")
    contact = ContactRequest.objects.get()
    client.post(reverse("families:request_cancel", kwargs={"pk": contact.pk}))
    contact.refresh_from_db()
    assert contact.status == S.CANCELLED
    events = list(contact.events.values_list("from_status", "to_status", "actor"))
    assert events == [("", S.PENDING, need.parent.pk), (S.PENDING, S.CANCELLED, need.parent.pk)]


def test_another_parent_cannot_cancel(client, saint_denis):
    cm = free_childminder(saint_denis)
    need = open_need(saint_denis)
    _ask(client, need, f"am-{cm.pk}")
    contact = ContactRequest.objects.get()
    other = open_need(saint_denis)
    client.force_login(other.parent)
    assert (
        client.post(reverse("families:request_cancel", kwargs={"pk": contact.pk})).status_code
        == 404
    )


def test_confirming_a_crèche_place_increments_places_taken(client, saint_denis):
    nursery = nursery_with_places(saint_denis, places=10, taken=9)
    need = open_need(saint_denis)
    _ask(client, need, f"creche-{nursery.pk}")
    contact = ContactRequest.objects.get()
    contact_request_transition(request=contact, to_status=S.ACCEPTED, by=nursery.managers.get())
    client.post(reverse("families:request_confirm", kwargs={"pk": contact.pk}))
    assert NurseryAgeGroup.objects.get(nursery=nursery).places_taken == 10
    contact.refresh_from_db()
    assert contact.status == S.CONFIRMED


def test_a_place_taken_in_the_meantime_is_refused_with_a_clear_message(client, saint_denis):
    cm = free_childminder(saint_denis, agrement_capacity=1)
    need = open_need(saint_denis)
    _ask(client, need, f"am-{cm.pk}")
    contact = ContactRequest.objects.get()
    contact_request_transition(request=contact, to_status=S.ACCEPTED, by=cm.user)
    ChildInCare.objects.create(childminder=cm, age_months=14, schedule=need.schedule)
    response = client.post(
        reverse("families:request_confirm", kwargs={"pk": contact.pk}), follow=True
    )
    assert "Cette place n'est plus disponible" in response.content.decode().replace("&#x27;", "'")
    contact.refresh_from_db()
    need.refresh_from_db()
    assert contact.status == S.ACCEPTED and need.status == NeedStatus.OPEN
    assert ChildInCare.objects.filter(childminder=cm).count() == 1


def test_a_confirmed_place_not_yet_materialised_counts(saint_denis):
    from maillage.families.services import InvalidTransition

    cm = free_childminder(saint_denis, agrement_capacity=1)
    first, second = open_need(saint_denis), open_need(saint_denis)
    ContactRequest.objects.create(need=first, childminder=cm, status=S.CONFIRMED)
    contact = ContactRequest.objects.create(need=second, childminder=cm, status=S.ACCEPTED)
    with pytest.raises(InvalidTransition, match="plus de place libre"):
        contact_request_transition(request=contact, to_status=S.CONFIRMED, by=second.parent)


def test_date_proposed_then_confirmed_uses_the_proposed_date(client, saint_denis):
    nursery = nursery_with_places(saint_denis, places=5)
    need = open_need(saint_denis)
    _ask(client, need, f"creche-{nursery.pk}")
    contact = ContactRequest.objects.get()
    contact_request_transition(
        request=contact,
        to_status=S.DATE_PROPOSED,
        by=nursery.managers.get(),
        proposed_start_date=dt.date(2027, 3, 1),
    )
    listing = client.get(reverse("families:request_list")).content.decode()
    assert "Confirmer la place au 1 mars 2027" in listing
    client.post(reverse("families:request_confirm", kwargs={"pk": contact.pk}))
    contact.refresh_from_db()
    assert contact.status == S.CONFIRMED


def test_need_list_and_cancel(client, saint_denis):
    need = open_need(saint_denis)
    client.force_login(need.parent)
    assert f"Besoin n° {need.pk}" in client.get(reverse("families:need_list")).content.decode()
    client.post(reverse("families:need_cancel", kwargs={"pk": need.pk}))
    need.refresh_from_db()
    assert need.status == NeedStatus.CANCELLED


def test_a_refused_confirmation_sends_no_email(saint_denis, django_capture_on_commit_callbacks):
    from maillage.families.services import InvalidTransition

    cm = free_childminder(saint_denis, agrement_capacity=1)
    ChildInCare.objects.create(
        childminder=cm, age_months=14, schedule=open_need(saint_denis).schedule
    )
    need = open_need(saint_denis)
    contact = ContactRequest.objects.create(need=need, childminder=cm, status=S.ACCEPTED)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(InvalidTransition),
    ):
        contact_request_transition(request=contact, to_status=S.CONFIRMED, by=need.parent)
    assert callbacks == [] and mail.outbox == []
