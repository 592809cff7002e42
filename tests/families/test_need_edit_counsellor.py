"""Modifier le besoin d'une famille (counsellor) and the `need_update` service itself."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.families.enums import NeedStatus
from maillage.families.models import NeedEvent
from maillage.families.need_services import need_update
from maillage.families.services import InvalidTransition, TransitionNotPermitted
from tests.accounts.factories import CounsellorFactory, ParentFactory
from tests.families.factories import NeedFactory
from tests.families.helpers import NOW
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def family_need():
    """Recorded by a France Travail counsellor for a family without an account."""
    return NeedFactory(
        without_account=True,
        commune=CommuneFactory(saint_denis=True),
        counsellor_referral=True,
        job_seeker=True,
        employed=False,
    )


def step_url(need, step):
    return reverse("families:need_edit_step", kwargs={"pk": need.pk, "step": step})


def prefilled(client, need, step):
    data = client.get(step_url(need, step)).context["form"].data
    return {k: data.getlist(k) for k in data}


def test_counsellor_edits_the_family_contact_and_keeps_the_rest(client, family_need):
    counsellor = family_need.counsellor
    client.force_login(counsellor)
    page = client.get(step_url(family_need, "famille")).content.decode()
    assert "Modifier le besoin de la famille" in page and "Étape 1 sur 5" in page
    data = {**prefilled(client, family_need, "famille"), "family_phone": "0601020304"}
    client.post(step_url(family_need, "famille"), {**data, "action": "review"})
    situations = prefilled(client, family_need, "situation")["situations"]
    assert sorted(situations) == ["counsellor_referral", "job_seeker"]
    response = client.post(reverse("families:need_edit_confirm", kwargs={"pk": family_need.pk}))
    assert response.url == reverse("families:need_detail", kwargs={"pk": family_need.pk})
    family_need.refresh_from_db()
    assert family_need.family_phone == "0601020304"
    assert family_need.family_email == "famille.diallo@exemple.fr"
    assert family_need.counsellor_referral and family_need.job_seeker
    event = NeedEvent.objects.get(need=family_need)
    assert event.note == "coordonnées de la famille" and event.actor == counsellor


def test_family_contact_cannot_be_emptied(client, family_need):
    client.force_login(family_need.counsellor)
    data = {"family_email": "", "family_phone": "", "action": "review"}
    response = client.post(step_url(family_need, "famille"), data)
    assert response.status_code == 200
    assert "Indiquez au moins une adresse électronique ou un téléphone" in (
        response.content.decode()
    )


def test_a_territory_counsellor_who_does_not_follow_the_need_cannot_edit(client, family_need):
    other = CounsellorFactory()  # same département: she sees the need, she does not edit it
    client.force_login(other)
    detail = reverse("families:need_detail", kwargs={"pk": family_need.pk})
    assert client.get(detail).status_code == 200
    assert "/modifier/" not in client.get(detail).content.decode()
    assert client.get(step_url(family_need, "enfant")).status_code == 403


def test_a_counsellor_of_another_territory_gets_404(client, family_need):
    client.force_login(CounsellorFactory(departements=["75"]))
    assert client.get(step_url(family_need, "enfant")).status_code == 404


def test_service_refuses_a_need_no_longer_searching():
    need = NeedFactory(status=NeedStatus.MATCHED)
    with pytest.raises(InvalidTransition, match="seul un besoin en recherche"):
        need_update(need=need, by=need.parent, data={"max_distance_km": Decimal("9")})
    need.refresh_from_db()
    assert need.max_distance_km == Decimal("5")


def test_service_refuses_someone_else_and_unknown_fields():
    need = NeedFactory()
    with pytest.raises(TransitionNotPermitted):
        need_update(need=need, by=ParentFactory(), data={"max_distance_km": Decimal("9")})
    with pytest.raises(ValidationError):
        need_update(need=need, by=need.parent, data={"status": NeedStatus.CANCELLED})
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN and need.max_distance_km == Decimal("5")


def test_service_without_change_records_nothing():
    need = NeedFactory()
    assert need_update(need=need, by=need.parent, data={"max_distance_km": "5"}) == []
    assert not NeedEvent.objects.exists()


def test_service_updates_and_records_the_groups():
    need = NeedFactory()
    changed = need_update(
        need=need, by=need.parent, data={"max_distance_km": "7.5", "accepts_mam": False}
    )
    assert changed == ["distance maximale", "modes d'accueil acceptés"]
    assert need.max_distance_km == Decimal("7.5") and not need.accepts_mam
    assert NeedEvent.objects.get(need=need).label == "Besoin modifié"
