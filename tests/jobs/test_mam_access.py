"""MAM pages per role: members publish, a childminder without MAM is told what a MAM is and
how to get attached, every other role (but crèche managers) is refused."""

import pytest
import time_machine
from django.urls import reverse

from maillage.accounts.enums import Role
from maillage.jobs import perms
from tests.childcare.factories import ChildminderFactory
from tests.jobs.factories import MamFactory, NurseryFactory, UserFactory

pytestmark = pytest.mark.django_db

MAM_PAGES = ("jobs:employer_offers", "jobs:immersion_manage")
HELP = "Votre compte n'est rattaché à aucune MAM"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel("2026-03-02 09:00 +0100", tick=False):
        yield


def test_a_childminder_of_a_mam_reaches_the_mam_pages(client):
    mam = MamFactory(name="MAM Les Petits Loups")
    user = ChildminderFactory(mam=mam).user
    assert perms.belongs_to_mam(user) and not perms.is_childminder_without_mam(user)
    client.force_login(user)
    for name in MAM_PAGES:
        response = client.get(reverse(name))
        page = response.content.decode()
        assert response.status_code == 200 and HELP not in page
        assert "MAM — MAM Les Petits Loups" in page


def test_a_childminder_without_mam_gets_an_explanation_not_a_403(client, settings):
    settings.MAILLAGE_CONTACT_EMAIL = "contact@maillage.example"
    user = ChildminderFactory(mam=None).user
    assert perms.is_childminder_without_mam(user) and not perms.belongs_to_mam(user)
    client.force_login(user)
    for name in MAM_PAGES:
        response = client.get(reverse(name))
        page = response.content.decode()
        assert response.status_code == 200 and page.count("<h1") == 1
        assert HELP in page and "Qu'est-ce qu'une MAM ?" in page
        assert "mailto:contact@maillage.example" in page and 'name="rome_code"' not in page
    posted = client.post(reverse("jobs:employer_offers"), {"title": "Auxiliaire"})
    assert posted.status_code == 200 and HELP in posted.content.decode()
    candidates = client.get(reverse("jobs:offer_candidates", args=[1]))
    assert candidates.status_code == 200 and HELP in candidates.content.decode()


def test_a_crèche_manager_still_reaches_the_employer_pages(client):
    manager = UserFactory(role=Role.NURSERY_MANAGER)
    NurseryFactory(managers=[manager])
    client.force_login(manager)
    for name in MAM_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200 and HELP not in response.content.decode()


@pytest.mark.parametrize("role", [Role.PARENT, Role.CANDIDATE, Role.COUNSELLOR, Role.ANALYST])
def test_other_roles_are_refused_with_a_403(client, role):
    user = UserFactory(role=role)
    assert not perms.belongs_to_mam(user) and not perms.is_childminder_without_mam(user)
    client.force_login(user)
    for name in MAM_PAGES:
        assert client.get(reverse(name)).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for name in MAM_PAGES:
        assert client.get(reverse(name)).status_code == 302
