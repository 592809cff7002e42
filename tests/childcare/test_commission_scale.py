"""A commission at real scale: one crèche at a time, 25 families a page, filters, the action
bar at the top, and the offers sent in the background with their progress."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.childcare.enums import CommissionStatus, ProposalDecision
from maillage.childcare.models import Commission, CommissionProposal
from maillage.childcare.services.commission import (
    commission_offers_send,
    commission_run,
    commission_validate,
)
from maillage.families.models import ContactRequest
from tests.childcare.commission_setup import small_territory
from tests.families.helpers import NOW, open_need

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def big():
    """The small territory plus 56 more families: 60 candidates, 2 free places."""
    t = small_territory()
    for minutes in range(56):
        with time_machine.travel(NOW - dt.timedelta(days=9, minutes=minutes)):
            open_need(t.nursery.commune, job_seeker=minutes % 3 == 0)
    commission = commission_run(manager=t.manager, nurseries=[t.nursery], mode="stable")
    return t, commission


def test_the_page_shows_25_families_with_pages_and_filters(client, big):
    t, commission = big
    client.force_login(t.manager)
    url = reverse("childcare:commission_detail", args=[commission.pk])
    html = client.get(url).content.decode()
    assert html.count('id="proposition-') == 25
    assert "Page 1 sur 3" in html and "Placées par le moteur (2)" in html
    # The validation button comes before the first family: always in reach.
    assert html.index("Valider la décision") < html.index('id="proposition-')
    last = client.get(url, {"creche": t.nursery.pk, "page": 3}).content.decode()
    assert last.count('id="proposition-') == 10
    placed = client.get(url, {"creche": t.nursery.pk, "filtre": "placees"}).content.decode()
    assert placed.count('id="proposition-') == 2 and "Page 1 sur" not in placed
    assert client.get(url, {"page": "abc", "filtre": "n'importe"}).status_code == 200


def test_an_htmx_change_keeps_the_page_and_filter(client, big):
    t, commission = big
    client.force_login(t.manager)
    p = commission.proposals.order_by("rank")[30]
    url = reverse("childcare:commission_adjust", args=[commission.pk, p.pk])
    body = client.post(
        url,
        {"decision": "refused", "note": "", "filtre": "tous", "page": "2"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "Page 2 sur 3" in body and f'id="proposition-{p.pk}"' in body
    assert "1 refusée" in body  # the counts bar is swapped out of band


def test_many_offers_go_out_in_the_background_then_a_mail_says_so(
    big, settings, django_capture_on_commit_callbacks
):
    t, commission = big
    settings.MAILLAGE_COMMISSION_INLINE_OFFERS = 1
    with django_capture_on_commit_callbacks(execute=True):
        commission = commission_validate(commission=commission, by=t.manager)
    commission.refresh_from_db()
    # The test task backend runs the task at once: the sending is done and counted.
    assert commission.status == CommissionStatus.VALIDATED
    assert (commission.offers_total, commission.offers_sent, commission.offers_skipped) == (2, 2, 0)
    assert ContactRequest.objects.filter(nursery=t.nursery).count() == 2
    assert any("les propositions sont envoyées" in m.subject for m in mail.outbox)


def test_an_interrupted_sending_resumes_where_it_stopped(big):
    t, commission = big
    first, second = commission.proposals.filter(decision=ProposalDecision.PROPOSED).order_by("pk")
    Commission.objects.filter(pk=commission.pk).update(
        status=CommissionStatus.SENDING, validated_by=t.manager, offers_total=2, offers_sent=1
    )
    CommissionProposal.objects.filter(pk__in=[first.pk, second.pk]).update(
        decision=ProposalDecision.ACCEPTED
    )
    CommissionProposal.objects.filter(pk=first.pk).update(processed_at=NOW)  # done before the crash
    done = commission_offers_send(commission_id=commission.pk, notify=False)
    assert done.status == CommissionStatus.VALIDATED and done.offers_sent == 2
    assert list(ContactRequest.objects.values_list("need_id", flat=True)) == [second.need_id]


def test_a_second_validation_is_refused_in_french(big):
    t, commission = big
    Commission.objects.filter(pk=commission.pk).update(status=CommissionStatus.SENDING)
    with pytest.raises(ValidationError, match="en cours d'envoi"):
        commission_validate(commission=commission, by=t.manager)


def test_the_sending_page_shows_the_progress(client, big):
    t, commission = big
    Commission.objects.filter(pk=commission.pk).update(
        status=CommissionStatus.SENDING, offers_total=40, offers_sent=12, offers_skipped=1
    )
    client.force_login(t.manager)
    html = client.get(reverse("childcare:commission_detail", args=[commission.pk])).content.decode()
    assert "13 sur 40 familles acceptées traitées" in html
    status = client.get(reverse("childcare:commission_status", args=[commission.pk]))
    assert status.status_code == 200 and "13 sur 40" in status.content.decode()
