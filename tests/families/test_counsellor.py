"""Counsellors: needs of their territories only, filters, territory allocation and its
proposals, needs without a solution with their reasons."""

from __future__ import annotations

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from maillage.families.enums import ContactRequestStatus as S
from maillage.families.enums import NeedStatus
from maillage.families.models import ContactRequest, TerritoryAllocation
from maillage.families.models_allocation import AllocationStatus
from tests.accounts.factories import CounsellorFactory
from tests.families.helpers import NOW, free_childminder, open_need
from tests.territory.factories import CommuneFactory, DepartementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def paris():
    dep = DepartementFactory(code="75", name="Paris")
    return CommuneFactory(
        code="75056", name="Paris", departement=dep, latitude=48.86, longitude=2.35
    )


def test_a_counsellor_of_93_cannot_see_a_need_of_75(client, saint_denis, paris):
    counsellor = CounsellorFactory(france_travail=True)  # 93
    mine, theirs = open_need(saint_denis), open_need(paris)
    client.force_login(counsellor)
    listing = client.get(reverse("families:counsellor_needs"))
    assert [n.pk for n in listing.context["page"]] == [mine.pk]
    for name in ("families:need_detail", "families:need_results"):
        assert client.get(reverse(name, kwargs={"pk": theirs.pk})).status_code == 404
        assert client.get(reverse(name, kwargs={"pk": mine.pk})).status_code == 200


def test_needs_are_filtered_by_status_and_commune_and_paginated(client, saint_denis):
    montreuil = CommuneFactory(montreuil=True)
    open_need(saint_denis)
    closed = open_need(montreuil, status=NeedStatus.CLOSED)
    for _ in range(26):
        open_need(montreuil)
    client.force_login(CounsellorFactory())
    url = reverse("families:counsellor_needs")
    page = client.get(url, {"status": "closed"}).context["page"]
    assert [n.pk for n in page] == [closed.pk]
    page = client.get(url, {"commune": "Saint-Denis"}).context["page"]
    assert page.paginator.count == 1
    first = client.get(url).context["page"]
    assert first.paginator.count == 28 and len(first) == 25
    assert len(client.get(url, {"page": 2}).context["page"]) == 3


def test_allocation_proposes_and_sends_contact_requests(
    client, saint_denis, paris, django_capture_on_commit_callbacks
):
    counsellor = CounsellorFactory()
    cm = free_childminder(saint_denis, agrement_capacity=1)
    urgent = open_need(saint_denis, job_seeker=True, employed=False)
    other = open_need(saint_denis)
    open_need(paris)  # out of scope
    client.force_login(counsellor)
    url = reverse("families:counsellor_allocation")
    assert client.get(url).context["open_count"] == 2
    # The test task backend runs the engine at once; in production the worker does.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "run"})
    response = client.get(url)
    allocation = TerritoryAllocation.objects.get()
    assert allocation.status == AllocationStatus.READY
    proposals = response.context["proposals"]
    assert [(p["need"].pk, p["provider"].key) for p in proposals] == [(urgent.pk, f"am-{cm.pk}")]
    assert allocation.summary["unassigned"] == 1 and other.pk not in [
        p[0] for p in allocation.proposals
    ]
    assert not ContactRequest.objects.exists()  # nothing sent before confirmation
    assert "les propositions sont prêtes" in mail.outbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "send", "allocation": allocation.pk})
    allocation.refresh_from_db()
    assert (allocation.status, allocation.offers_sent) == (AllocationStatus.SENT, 1)
    contact = ContactRequest.objects.get()
    assert (contact.need, contact.childminder, contact.status) == (urgent, cm, S.PENDING)
    assert contact.proposed_by_allocation
    assert contact.events.get().actor == counsellor


def test_needs_without_solution_show_the_reasons(client, saint_denis):
    free_childminder(saint_denis, agrement_capacity=1)
    solvable = open_need(saint_denis)
    weekend = open_need(
        saint_denis,
        schedule="0" * 240 + "1" * 20 + "0" * 76,  # Saturday only
    )
    client.force_login(CounsellorFactory())
    response = client.get(reverse("families:counsellor_unsolved"))
    rows = {row["need"].pk: row["view"] for row in response.context["rows"]}
    assert rows[solvable.pk].options
    assert not rows[weekend.pk].options
    assert any("ouverte le samedi" in r for r in rows[weekend.pk].reasons_fr), rows[
        weekend.pk
    ].reasons_fr
    assert "ouverte le samedi" in response.content.decode()
