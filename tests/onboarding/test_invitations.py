"""An imported provider is invited, opens the link, claims her account and confirms her
places in one step; the link is single-use and expires; a reminder leaves once after 14 days."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from maillage.childcare.models import Childminder
from maillage.onboarding import services
from maillage.onboarding.models import Invitation
from maillage.onboarding.tokens import hash_token
from tests.accounts.factories import NurseryManagerFactory
from tests.childcare.factories import ChildminderFactory, NurseryFactory
from tests.onboarding.conftest import link_token
from tests.onboarding.factories import TerritoryAdminFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
PASSWORD = "Lilas-Rouge-2026!"  # noqa: S105


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def imported(saint_denis):
    return ChildminderFactory(
        commune=saint_denis, unclaimed_from_register=True, user__email="nadia@exemple.fr"
    )


def _invite(provider, by, capture):
    with capture(execute=True):
        return services.provider_invite(provider=provider, by=by)


def test_the_invitation_email_carries_a_link_whose_token_is_only_stored_hashed(
    imported, caf_93, django_capture_on_commit_callbacks
):
    invitation = _invite(imported, caf_93, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nadia@exemple.fr"]
    assert "moins d'une minute" in mail.outbox[0].body
    token = link_token(mail.outbox[0])
    assert invitation.token_hash == hash_token(token) and token not in invitation.token_hash
    assert invitation.expires_at == NOW + dt.timedelta(days=30)


def test_she_claims_her_account_and_confirms_her_places_in_one_step(
    client, imported, caf_93, django_capture_on_commit_callbacks
):
    _invite(imported, caf_93, django_capture_on_commit_callbacks)
    url = reverse("onboarding:claim", kwargs={"token": link_token(mail.outbox[0])})
    page = client.get(url)
    assert page.status_code == 200
    assert "pas encore proposée aux familles" in page.content.decode()
    assert Invitation.objects.get().opened_at == NOW
    response = client.post(
        url,
        {
            "password1": PASSWORD,
            "password2": PASSWORD,
            "place_1_status": "free",
            "place_1_from": "2026-12-01",
            "place_2_status": "none",
            "place_3_status": "none",
        },
    )
    assert response.status_code == 302 and response.url == reverse("childcare:availability")
    cm = Childminder.objects.select_related("user").get()
    assert cm.claimed_at == NOW and cm.availability_updated_at == NOW
    assert cm.available_from == dt.date(2026, 12, 1)
    assert cm.user.is_active and cm.user.check_password(PASSWORD)
    assert Invitation.objects.get().claimed_at == NOW
    assert client.get(reverse("childcare:availability")).status_code == 200
    # Single use: the same link now shows the one "no longer valid" page.
    client.logout()
    again = client.get(url)
    assert "Ce lien ne fonctionne plus" in again.content.decode()


def test_a_weak_password_keeps_the_invitation_usable(
    client, imported, caf_93, django_capture_on_commit_callbacks
):
    _invite(imported, caf_93, django_capture_on_commit_callbacks)
    url = reverse("onboarding:claim", kwargs={"token": link_token(mail.outbox[0])})
    response = client.post(url, {"password1": "123", "password2": "123", "confirm_unchanged": "1"})
    assert response.status_code == 400
    assert Childminder.objects.get().claimed_at is None
    assert Invitation.objects.get().claimed_at is None


def test_unknown_expired_and_replaced_links_all_show_the_same_page(
    client, imported, caf_93, django_capture_on_commit_callbacks
):
    _invite(imported, caf_93, django_capture_on_commit_callbacks)
    old = link_token(mail.outbox[0])
    _invite(imported, caf_93, django_capture_on_commit_callbacks)
    new = link_token(mail.outbox[1])
    unknown = client.get(reverse("onboarding:claim", kwargs={"token": "nimportequoi"}))
    replaced = client.get(reverse("onboarding:claim", kwargs={"token": old}))
    assert unknown.content == replaced.content
    with time_machine.travel(NOW + dt.timedelta(days=31), tick=False):
        expired = client.get(reverse("onboarding:claim", kwargs={"token": new}))
    assert expired.content == unknown.content
    assert "Ce lien ne fonctionne plus" in unknown.content.decode()


def test_one_reminder_after_fourteen_days_with_a_new_link(
    client, imported, caf_93, django_capture_on_commit_callbacks
):
    _invite(imported, caf_93, django_capture_on_commit_callbacks)
    first = link_token(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        assert services.invitation_reminders_send(now=NOW + dt.timedelta(days=13)) == 0
        assert services.invitation_reminders_send(now=NOW + dt.timedelta(days=14)) == 1
        assert services.invitation_reminders_send(now=NOW + dt.timedelta(days=20)) == 0
    assert len(mail.outbox) == 2 and "Rappel" in mail.outbox[1].subject
    assert Invitation.objects.get().reminded_at == NOW + dt.timedelta(days=14)
    with pytest.raises(services.InvalidInvitation):
        services.invitation_for_token(first)
    assert services.invitation_for_token(link_token(mail.outbox[1])).childminder == imported


def test_a_claimed_provider_is_not_reminded(imported, caf_93, django_capture_on_commit_callbacks):
    invitation = _invite(imported, caf_93, django_capture_on_commit_callbacks)
    services.provider_claim_childminder(
        invitation=invitation, password=PASSWORD, confirm_unchanged=True
    )
    assert services.invitation_reminders_send(now=NOW + dt.timedelta(days=15)) == 0


def test_daily_jobs_enqueue_the_reminders(imported, caf_93, django_capture_on_commit_callbacks):
    _invite(imported, caf_93, django_capture_on_commit_callbacks)
    with time_machine.travel(NOW + dt.timedelta(days=15), tick=False):
        call_command("send_invitation_reminders", "--enqueue")
    assert Invitation.objects.get().reminded_at is not None


def test_a_territory_admin_invites_only_her_own_departement(imported, paris):
    agent_paris = TerritoryAdminFactory(departements=[paris.departement])
    with pytest.raises(PermissionDenied):
        services.provider_invite(provider=imported, by=agent_paris)


def test_a_claimed_provider_cannot_be_invited(saint_denis, caf_93):
    with pytest.raises(ValidationError):
        services.provider_invite(provider=ChildminderFactory(commune=saint_denis), by=caf_93)


def test_bulk_invitation_reaches_only_the_uninvited_of_her_territory(
    client, saint_denis, paris, caf_93, django_capture_on_commit_callbacks
):
    cms = [ChildminderFactory(commune=saint_denis, unclaimed_from_register=True) for _ in range(3)]
    ChildminderFactory(commune=paris, unclaimed_from_register=True)
    ChildminderFactory(commune=saint_denis)  # claimed: nothing to send
    _invite(cms[0], caf_93, django_capture_on_commit_callbacks)
    client.force_login(caf_93)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("onboarding:invite_uninvited"), {"type": "childminder"})
    assert response.status_code == 302
    assert {m.to[0] for m in mail.outbox[1:]} == {cms[1].user.email, cms[2].user.email}
    assert Invitation.objects.count() == 3


def test_an_imported_nursery_manager_claims_the_creche(
    client, saint_denis, caf_93, django_capture_on_commit_callbacks
):
    manager = NurseryManagerFactory(
        is_active=False, email_verified=False, password=None, email="direction@lilas.fr"
    )
    manager.set_unusable_password()
    manager.save()
    nursery = NurseryFactory(commune=saint_denis, unclaimed_from_register=True, managers=[manager])
    _invite(nursery, caf_93, django_capture_on_commit_callbacks)
    assert mail.outbox[0].to == ["direction@lilas.fr"]
    url = reverse("onboarding:claim", kwargs={"token": link_token(mail.outbox[0])})
    response = client.post(url, {"password1": PASSWORD, "password2": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    nursery.refresh_from_db()
    manager.refresh_from_db()
    assert nursery.claimed_at == NOW and nursery.is_offered and manager.is_active
