"""A crèche declares itself with a checked SIRET, waits for its territory's validation, then
its manager invites colleagues."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import escape

from maillage.accounts.enums import Role
from maillage.accounts.models import User
from maillage.childcare.enums import StructureStatus
from maillage.childcare.models import Nursery
from maillage.childcare.siret import SIRET_CHECKSUM_MESSAGE
from maillage.onboarding import services
from tests.accounts.factories import NurseryManagerFactory, ParentFactory
from tests.childcare.factories import NurseryFactory
from tests.onboarding.conftest import link_token
from tests.onboarding.factories import TerritoryAdminFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Lilas-Rouge-2026!"  # noqa: S105
SIRET = "73282932000074"


def _post(**overrides):
    data = {
        "first_name": "Claire",
        "last_name": "Martin",
        "email": "claire@lucioles.fr",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "name": "Les Lucioles",
        "kind": "micro",
        "siret": "732 829 320 00074",
        "address": "4 rue de la République",
        "commune": "Saint-Denis 93200",
        "places_babies": "4",
        "places_middle": "6",
        "open_d0_1_start": "07:30",
        "open_d0_1_end": "18:30",
    }
    return {**data, **overrides}


def test_a_wrong_siret_gets_a_french_error(client, saint_denis):
    response = client.post(reverse("onboarding:structure_signup"), _post(siret="73282932000075"))
    assert response.status_code == 400
    assert escape(SIRET_CHECKSUM_MESSAGE) in response.content.decode()
    assert not Nursery.objects.exists() and not User.objects.exists()


def test_the_structure_waits_for_validation_and_is_never_offered_before(
    client, saint_denis, caf_93, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("onboarding:structure_signup"), _post())
    assert response.status_code == 302
    nursery = Nursery.objects.get()
    assert (nursery.status, nursery.siret, nursery.kind) == ("pending", SIRET, "micro")
    assert sorted(g.places for g in nursery.age_groups.all()) == [4, 6]
    manager = nursery.managers.get()
    assert manager.role == Role.NURSERY_MANAGER and not manager.is_active
    assert not Nursery.objects.offered().exists()
    recipients = {m.to[0] for m in mail.outbox}
    assert recipients == {"claire@lucioles.fr", caf_93.email}


def test_an_existing_address_gets_the_same_page_and_an_email_but_no_account(
    client, saint_denis, django_capture_on_commit_callbacks
):
    ParentFactory(email="claire@lucioles.fr")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("onboarding:structure_signup"), _post())
    assert response.status_code == 302
    assert response.url == reverse("onboarding:structure_signup_done")
    assert not Nursery.objects.exists()
    assert "déjà un compte" in mail.outbox[0].body


def test_a_second_structure_with_the_same_siret_is_refused(client, saint_denis):
    NurseryFactory(commune=saint_denis, siret=SIRET)
    response = client.post(reverse("onboarding:structure_signup"), _post())
    assert response.status_code == 400
    assert "déjà inscrite avec ce SIRET" in response.content.decode()


def test_validation_by_her_territory_only_then_offered(
    saint_denis, paris, caf_93, django_capture_on_commit_callbacks
):
    nursery = NurseryFactory(commune=saint_denis, pending=True, managers=[NurseryManagerFactory()])
    with pytest.raises(PermissionDenied):
        services.structure_validate(
            structure=nursery, by=TerritoryAdminFactory(departements=[paris.departement])
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.structure_validate(structure=nursery, by=caf_93)
    nursery.refresh_from_db()
    assert nursery.status == StructureStatus.VALIDATED and nursery.reviewed_by == caf_93
    assert nursery.is_offered and "validée" in mail.outbox[0].subject


def test_a_refusal_needs_a_reason_sent_to_the_structure(
    client, saint_denis, caf_93, django_capture_on_commit_callbacks
):
    nursery = NurseryFactory(commune=saint_denis, pending=True, managers=[NurseryManagerFactory()])
    with pytest.raises(ValidationError):
        services.structure_refuse(structure=nursery, by=caf_93, reason=" ")
    client.force_login(caf_93)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("onboarding:structure_review", args=["creche", nursery.pk, "refuser"]),
            {"reason": "Pas d'autorisation PMI"},
        )
    nursery.refresh_from_db()
    assert nursery.status == StructureStatus.REFUSED
    assert "Pas d'autorisation PMI" in mail.outbox[0].body


def test_a_manager_invites_a_colleague_who_creates_her_account(
    client, saint_denis, django_capture_on_commit_callbacks
):
    manager = NurseryManagerFactory()
    nursery = NurseryFactory(commune=saint_denis, managers=[manager])
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("onboarding:colleagues", args=["creche", nursery.pk]),
            {"email": "Lea@Lucioles.fr"},
        )
    assert response.status_code == 302
    client.logout()
    url = reverse("onboarding:claim", kwargs={"token": link_token(mail.outbox[0])})
    response = client.post(
        url,
        {"first_name": "Léa", "last_name": "Roux", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    colleague = User.objects.get(email="lea@lucioles.fr")
    assert colleague.is_active and colleague.role == Role.NURSERY_MANAGER
    assert set(nursery.managers.all()) == {manager, colleague}
    assert "Ce lien ne fonctionne plus" in client.get(url).content.decode()


def test_a_colleague_signed_in_with_another_address_cannot_use_the_link(
    saint_denis, django_capture_on_commit_callbacks
):
    manager = NurseryManagerFactory()
    nursery = NurseryFactory(commune=saint_denis, managers=[manager])
    invitation = services.colleague_invite(structure=nursery, by=manager, email="lea@lucioles.fr")
    with pytest.raises(ValidationError):
        services.colleague_join(invitation=invitation, signed_in=NurseryManagerFactory())
    assert nursery.managers.count() == 1


def test_only_managers_of_the_structure_invite_colleagues(client, saint_denis):
    nursery = NurseryFactory(commune=saint_denis, managers=[NurseryManagerFactory()])
    other = NurseryManagerFactory()
    with pytest.raises(PermissionDenied):
        services.colleague_invite(structure=nursery, by=other, email="x@exemple.fr")
    client.force_login(other)
    assert (
        client.get(reverse("onboarding:colleagues", args=["creche", nursery.pk])).status_code == 404
    )


def test_a_pending_creche_cannot_run_a_commission(saint_denis):
    from maillage.childcare.services.commission import commission_run

    manager = NurseryManagerFactory()
    nursery = NurseryFactory(commune=saint_denis, pending=True, managers=[manager])
    with pytest.raises(ValidationError):
        commission_run(manager=manager, nurseries=[nursery], mode="stable")
