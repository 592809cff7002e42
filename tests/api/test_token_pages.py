"""« Jetons d'API »: who may create and revoke tokens, and the secret shown once."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from maillage.accounts.enums import Role
from maillage.api.models import ApiToken, hash_token
from tests.accounts.factories import (
    AdminFactory,
    AnalystFactory,
    CandidateFactory,
    ChildminderUserFactory,
    CounsellorFactory,
    NurseryManagerFactory,
    ParentFactory,
    UserFactory,
)
from tests.api.tokens import bearer, make_token
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def _territory_admin(codes=("93",)):
    user = UserFactory(role=Role.TERRITORY_ADMIN)
    from tests.accounts.factories import _departement

    user.territory_departements.set([_departement(c) for c in codes])
    return user


@pytest.mark.parametrize(
    "factory",
    [
        ParentFactory,
        ChildminderUserFactory,
        NurseryManagerFactory,
        CandidateFactory,
        CounsellorFactory,
        AnalystFactory,
    ],
)
def test_other_roles_get_403(client, factory):
    client.force_login(factory())
    assert client.get(reverse("api:token_list")).status_code == 403


def test_territory_admin_creates_a_token_shown_once_and_usable(client):
    CommuneFactory(saint_denis=True)
    admin = _territory_admin()
    client.force_login(admin)
    dep = admin.territory_departements.get()
    response = client.post(
        reverse("api:token_list"),
        {"name": "SI Caf 93", "organisation": "caf", "departements": [dep.pk], "can_write": "on"},
    )
    assert response.status_code == 200
    raw = re.search(r'<code id="nouveau-jeton">(mllg_[^<]+)</code>', response.content.decode())[1]
    token = ApiToken.objects.get()
    assert token.token_hash == hash_token(raw) and raw not in token.token_hash
    assert token.can_write and token.created_by == admin
    assert client.get("/api/territoire/besoins/", **bearer(raw)).status_code == 200
    # Never shown again.
    assert raw not in client.get(reverse("api:token_list")).content.decode()


def test_territory_admin_cannot_scope_a_token_outside_her_departements(client):
    from tests.accounts.factories import _departement

    other = _departement("75")
    client.force_login(_territory_admin())
    response = client.post(reverse("api:token_list"), {"name": "x", "departements": [other.pk]})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()


def test_revoke_then_the_token_is_refused(client):
    CommuneFactory(saint_denis=True)
    raw, token = make_token(departements=["93"])
    client.force_login(AdminFactory())
    response = client.post(reverse("api:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert client.get("/api/territoire/besoins/", **bearer(raw)).status_code == 401


def test_territory_admin_cannot_revoke_another_territorys_token(client):
    CommuneFactory(code="75056", name="Paris", departement__code="75")
    _, token = make_token(departements=["75"])
    client.force_login(_territory_admin())
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
