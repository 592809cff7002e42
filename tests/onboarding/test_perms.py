"""Every onboarding permission, for every role."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from maillage.onboarding.perms import (
    can_invite_colleague,
    can_invite_provider,
    can_list_territory_providers,
    can_review_structure,
)
from tests.accounts.factories import (
    AdminFactory,
    AnalystFactory,
    ChildminderUserFactory,
    CounsellorFactory,
    NurseryManagerFactory,
    ParentFactory,
)
from tests.childcare.factories import ChildminderFactory, NurseryFactory
from tests.onboarding.factories import TerritoryAdminFactory

pytestmark = pytest.mark.django_db

ROLES = {
    "anonyme": lambda: AnonymousUser(),
    "parent": ParentFactory,
    "assistante maternelle": ChildminderUserFactory,
    "responsable de crèche": NurseryManagerFactory,
    "conseillère du 93": CounsellorFactory,
    "chargée d'études du 93": AnalystFactory,
    "administratrice de territoire du 93": TerritoryAdminFactory,
    "administratrice de territoire de Paris": lambda: TerritoryAdminFactory(departements=["75"]),
    "administratrice de la plateforme": AdminFactory,
}
MANAGES_93 = {"administratrice de territoire du 93", "administratrice de la plateforme"}


@pytest.mark.parametrize("role", ROLES)
def test_supply_permissions_per_role(role, saint_denis):
    user = ROLES[role]()
    childminder = ChildminderFactory(commune=saint_denis, unclaimed_from_register=True)
    pending = NurseryFactory(commune=saint_denis, pending=True)
    expected = role in MANAGES_93
    assert can_invite_provider(user, childminder) is expected
    assert can_invite_provider(user, pending) is expected
    assert can_review_structure(user, pending) is expected
    assert can_list_territory_providers(user) is (
        expected or role == "administratrice de territoire de Paris"
    )
    assert can_invite_colleague(user, pending) is False


def test_a_validated_structure_is_no_longer_reviewable(saint_denis, caf_93):
    assert not can_review_structure(caf_93, NurseryFactory(commune=saint_denis))


def test_colleague_invitation_belongs_to_the_structure_s_managers(saint_denis):
    manager = NurseryManagerFactory()
    nursery = NurseryFactory(commune=saint_denis, managers=[manager])
    assert can_invite_colleague(manager, nursery)
    assert not can_invite_colleague(manager, NurseryFactory(commune=saint_denis, refused=True))


@pytest.mark.parametrize(
    "name", ["onboarding:territory_providers", "onboarding:pending_structures"]
)
def test_territory_pages_refuse_other_roles(client, name):
    client.force_login(CounsellorFactory())
    assert client.get(reverse(name)).status_code == 403
    client.logout()
    assert client.get(reverse(name)).status_code == 302


def test_the_territory_list_shows_only_her_departement_with_statuses(
    client, saint_denis, paris, caf_93
):
    mine = ChildminderFactory(
        commune=saint_denis, unclaimed_from_register=True, user__last_name="Benali"
    )
    # a name Faker never draws (it does draw « Dupont », e.g. for the CAF agent in the header)
    ChildminderFactory(
        commune=paris, unclaimed_from_register=True, user__last_name="Dupont-Ailleurs"
    )
    client.force_login(caf_93)
    page = client.get(reverse("onboarding:territory_providers"), {"status": "not_invited"})
    html = page.content.decode()
    assert page.status_code == 200 and "Benali" in html and "Dupont-Ailleurs" not in html
    assert "Non invité" in html and "Prestataires de mon territoire" in html
    assert "Non invité : 1" in html and "Réclamé : 0" in html
    assert mine.agrement_number in html
    claimed = client.get(reverse("onboarding:territory_providers"), {"status": "claimed"})
    assert "Benali" not in claimed.content.decode()
