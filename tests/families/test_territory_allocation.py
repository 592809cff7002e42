"""The territory allocation runs on the task worker: start, progress, send by chunks, resume."""

from __future__ import annotations

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from maillage.families.allocation import (
    territory_allocation_send,
    territory_allocation_send_offers,
    territory_allocation_start,
)
from maillage.families.models import ContactRequest, TerritoryAllocation
from maillage.families.models_allocation import AllocationStatus
from tests.accounts.factories import CounsellorFactory
from tests.families.helpers import NOW, free_childminder, open_need

pytestmark = pytest.mark.django_db
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.django_db(transaction=True)
def test_the_request_only_records_the_run_and_the_page_shows_the_progress(client, saint_denis):
    counsellor = CounsellorFactory()
    free_childminder(saint_denis)
    open_need(saint_denis)
    client.force_login(counsellor)
    with override_settings(TASKS=DATABASE_TASKS):
        client.post(reverse("families:counsellor_allocation"), {"action": "run"})
    allocation = TerritoryAllocation.objects.get()
    assert allocation.status == AllocationStatus.RUNNING and allocation.needs_count == 1
    html = client.get(reverse("families:counsellor_allocation")).content.decode()
    status_url = reverse("families:counsellor_allocation_status", args=[allocation.pk])
    assert f'hx-get="{status_url}"' in html and "Calcul en cours" in html
    assert client.get(status_url).status_code == 200
    with pytest.raises(ValidationError, match="déjà en cours"):
        territory_allocation_start(counsellor=counsellor)
    TerritoryAllocation.objects.filter(pk=allocation.pk).update(status=AllocationStatus.READY)
    done = client.get(status_url)
    assert done.status_code == 204 and done["HX-Redirect"] == reverse(
        "families:counsellor_allocation"
    )


def test_an_interrupted_sending_resumes_after_the_last_chunk(saint_denis):
    counsellor = CounsellorFactory()
    cms = [free_childminder(saint_denis) for _ in range(3)]
    needs = [open_need(saint_denis) for _ in range(3)]
    allocation = TerritoryAllocation.objects.create(
        counsellor=counsellor,
        status=AllocationStatus.SENDING,
        proposals=[[n.pk, f"am-{cm.pk}", 0.5] for n, cm in zip(needs, cms, strict=True)],
        offers_total=3,
        offers_sent=1,  # the first one went out before the worker was killed
    )
    done = territory_allocation_send_offers(allocation_id=allocation.pk)
    assert (done.status, done.offers_sent, done.offers_failed) == (AllocationStatus.SENT, 3, 0)
    assert sorted(ContactRequest.objects.values_list("need_id", flat=True)) == sorted(
        n.pk for n in needs[1:]
    )


def test_proposals_cannot_be_sent_twice_or_by_another_counsellor(saint_denis):
    counsellor = CounsellorFactory()
    allocation = TerritoryAllocation.objects.create(
        counsellor=counsellor, status=AllocationStatus.SENT
    )
    with pytest.raises(ValidationError, match="ne peuvent plus être envoyées"):
        territory_allocation_send(allocation=allocation, by=counsellor)
    ready = TerritoryAllocation.objects.create(counsellor=counsellor, status=AllocationStatus.READY)
    with pytest.raises(ValidationError):
        territory_allocation_send(allocation=ready, by=CounsellorFactory())


def test_another_counsellor_cannot_open_the_allocation(client):
    allocation = TerritoryAllocation.objects.create(counsellor=CounsellorFactory())
    client.force_login(CounsellorFactory())
    url = reverse("families:counsellor_allocation_status", args=[allocation.pk])
    assert client.get(url).status_code == 404
    response = client.post(
        reverse("families:counsellor_allocation"), {"action": "send", "allocation": allocation.pk}
    )
    assert response.status_code == 404
