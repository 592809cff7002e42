"""A MAM declares itself too: its childminders are not offered until the territory validates
it, and its members invite their colleagues."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.accounts.models import User
from maillage.childcare.enums import StructureStatus
from maillage.childcare.models import Childminder, Mam
from maillage.onboarding import services
from tests.accounts.factories import ChildminderUserFactory
from tests.childcare.factories import ChildminderFactory
from tests.onboarding.conftest import link_token

pytestmark = pytest.mark.django_db
PASSWORD = "Lilas-Rouge-2026!"  # noqa: S105


def _mam_post(**overrides):
    data = {
        "first_name": "Awa",
        "last_name": "Diallo",
        "email": "awa@mam-soleil.fr",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "name": "MAM Les P'tits Soleils",
        "kind": "mam",
        "siret": "73282932000074",
        "address": "12 rue Gabriel Péri",
        "commune": "Saint-Denis 93200",
    }
    return {**data, **overrides}


def test_a_mam_signs_up_without_sections_or_hours(client, saint_denis, caf_93):
    response = client.post(reverse("onboarding:structure_signup"), _mam_post())
    assert response.status_code == 302
    mam = Mam.objects.get()
    assert (mam.status, mam.siret) == (StructureStatus.PENDING, "73282932000074")
    assert mam.managers.get().role == Role.CHILDMINDER


def test_the_childminders_of_a_pending_mam_are_not_offered_until_validated(saint_denis, caf_93):
    user = ChildminderUserFactory()
    cm = ChildminderFactory(commune=saint_denis, user=user)
    mam = services.structure_signup(
        structure={**_mam_post(), "commune": saint_denis, "kind": "mam"}, signed_in=user
    )
    cm.refresh_from_db()
    assert cm.mam == mam
    visible = Childminder.objects.visible
    today = timezone.localdate()
    assert not visible(today).filter(pk=cm.pk).exists()
    services.structure_validate(structure=mam, by=caf_93)
    assert visible(today).filter(pk=cm.pk).exists()


def test_a_mam_member_invites_a_colleague_who_joins_as_a_childminder(
    client, saint_denis, django_capture_on_commit_callbacks
):
    founder = ChildminderUserFactory()
    mam = services.structure_signup(
        structure={**_mam_post(), "commune": saint_denis, "kind": "mam"}, signed_in=founder
    )
    client.force_login(founder)
    assert (
        "Inviter mes collègues de la MAM"
        in client.get(reverse("childcare:childminder_profile")).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("onboarding:colleagues", args=["mam", mam.pk]), {"email": "ines@mam.fr"}
        )
    client.logout()
    url = reverse("onboarding:claim", kwargs={"token": link_token(mail.outbox[-1])})
    response = client.post(
        url,
        {"first_name": "Inès", "last_name": "Roy", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302 and response.url == reverse("childcare:childminder_profile")
    ines = User.objects.get(email="ines@mam.fr")
    assert ines.role == Role.CHILDMINDER and set(mam.managers.all()) == {founder, ines}
