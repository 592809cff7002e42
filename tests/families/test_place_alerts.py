"""« Prévenez-moi quand une place se libère »: subscription on the results page, one e-mail
when a provider's update opens a fitting place (through her service, not a signal), the
daily check, no duplicates, and the unsubscribe link."""

from __future__ import annotations

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from maillage.childcare.services.childminder import childminder_availability_update
from maillage.families.alerts import place_alert_subscribe, place_alerts_check
from maillage.families.enums import NeedStatus
from maillage.families.models import PlaceAlert
from maillage.families.models_alerts import PlaceAlertStatus
from tests.accounts.factories import ParentFactory
from tests.families.helpers import NOW, TODAY, free_childminder, open_need

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _subscribe(client, need):
    client.force_login(need.parent)
    url = reverse("families:place_alert_new", kwargs={"pk": need.pk})
    return client.post(url, follow=True)


def test_a_parent_subscribes_from_the_no_result_page_once(client, saint_denis):
    need = open_need(saint_denis)
    client.force_login(need.parent)
    page = client.get(reverse("families:need_results", kwargs={"pk": need.pk}))
    assert "Prévenez-moi quand une place se libère" in page.content.decode()
    response = _subscribe(client, need)
    assert f"un e-mail partira à {need.parent.email}" in response.content.decode()
    assert "Alerte active" in response.content.decode()
    _subscribe(client, need)
    assert PlaceAlert.objects.filter(need=need, status=PlaceAlertStatus.ACTIVE).count() == 1


def test_a_freed_place_sends_one_email_with_an_unsubscribe_link(
    client, saint_denis, django_capture_on_commit_callbacks
):
    childminder = free_childminder(saint_denis, available_from=None)
    need = open_need(saint_denis)
    alert = place_alert_subscribe(need=need, by=need.parent)
    assert alert.known_providers == []
    with django_capture_on_commit_callbacks(execute=True):
        childminder_availability_update(childminder=childminder, place_dates=[TODAY])
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [need.parent.email]
    assert email.subject == "Une place correspond à votre recherche à Saint-Denis"
    unsubscribe = reverse("families:place_alert_unsubscribe", args=[alert.token])
    assert unsubscribe in email.body and unsubscribe in email.extra_headers["List-Unsubscribe"]
    assert "Un mode d'accueil correspond désormais" in email.body
    alert.refresh_from_db()
    assert alert.status == PlaceAlertStatus.SENT and alert.notified_at is not None
    # Later updates and the daily job send nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        childminder_availability_update(childminder=childminder, confirm_unchanged=True)
        call_command("send_place_alerts")
    assert len(mail.outbox) == 1


def test_the_daily_job_sends_only_for_a_new_provider(
    saint_denis, django_capture_on_commit_callbacks
):
    known = free_childminder(saint_denis)
    need = open_need(saint_denis)
    alert = place_alert_subscribe(need=need, by=need.parent)
    assert alert.known_providers == [f"am-{known.pk}"]
    with django_capture_on_commit_callbacks(execute=True):
        assert place_alerts_check() == 0
    assert mail.outbox == []
    from maillage.families import engine_adapter

    free_childminder(saint_denis)
    engine_adapter.clear_indexes()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_place_alerts")
        assert place_alerts_check() == 0  # already spent: no duplicate
    assert len(mail.outbox) == 1


def test_alerts_of_closed_needs_are_closed_without_email(saint_denis):
    need = open_need(saint_denis)
    alert = place_alert_subscribe(need=need, by=need.parent)
    need.status = NeedStatus.CANCELLED
    need.save(update_fields=["status"])
    free_childminder(saint_denis)
    assert place_alerts_check() == 0
    alert.refresh_from_db()
    assert alert.status == PlaceAlertStatus.CLOSED


def test_the_unsubscribe_link_needs_a_click_and_no_login(client, saint_denis):
    need = open_need(saint_denis)
    alert = place_alert_subscribe(need=need, by=need.parent)
    url = reverse("families:place_alert_unsubscribe", args=[alert.token])
    assert "Ne plus recevoir cette alerte" in client.get(url).content.decode()
    alert.refresh_from_db()
    assert alert.status == PlaceAlertStatus.ACTIVE  # a GET changes nothing
    assert "C'est fait" in client.post(url).content.decode()
    alert.refresh_from_db()
    assert alert.status == PlaceAlertStatus.UNSUBSCRIBED
    free_childminder(saint_denis)
    assert place_alerts_check() == 0
    assert (
        client.get(reverse("families:place_alert_unsubscribe", args=["x" * 32])).status_code == 404
    )


def test_another_parent_cannot_subscribe_to_a_need(client, saint_denis):
    need = open_need(saint_denis)
    client.force_login(ParentFactory())
    assert (
        client.post(reverse("families:place_alert_new", kwargs={"pk": need.pk})).status_code == 404
    )


def test_the_daily_jobs_include_the_alert_check():
    from maillage.core.management.commands.daily_jobs import DAILY_JOBS

    assert ("send_place_alerts", ()) in DAILY_JOBS
