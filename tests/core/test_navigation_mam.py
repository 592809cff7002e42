"""The MAM entry of the childminders' menu: members reach their MAM's offers, the others an
explanation of how to join or found one (no refusal, no extra query for the menu)."""

import pytest
from django.urls import reverse

from maillage.accounts.enums import Role
from maillage.core.navigation import menu_for
from tests.childcare.factories import ChildminderFactory
from tests.jobs.factories import MamFactory, UserFactory

pytestmark = pytest.mark.django_db

ENTRY = "Ma MAM"


def labels(user):
    return [link["label"] for link in menu_for(user)]


def test_every_childminder_has_the_mam_entry_and_the_menu_costs_no_query(
    django_assert_num_queries,
):
    member = ChildminderFactory(mam=MamFactory()).user
    alone = ChildminderFactory(mam=None).user
    with django_assert_num_queries(0):
        assert ENTRY in labels(member) and ENTRY in labels(alone)


def test_the_entry_leads_members_to_their_offers_and_the_others_to_an_explanation(client):
    alone = ChildminderFactory(mam=None).user
    client.force_login(alone)
    page = client.get(reverse("jobs:employer_offers"))
    assert page.status_code == 200
    assert "maison d" in page.content.decode().lower()


@pytest.mark.parametrize("role", [Role.PARENT, Role.NURSERY_MANAGER, Role.COUNSELLOR])
def test_no_mam_entry_for_other_roles(role):
    assert ENTRY not in labels(UserFactory(role=role))
