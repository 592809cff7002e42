"""Every childcare page is login-required and role-checked."""

import pytest
from django.urls import reverse

from tests.accounts.factories import ChildminderUserFactory, NurseryManagerFactory, ParentFactory

CHILDMINDER_PAGES = ["childcare:childminder_profile", "childcare:availability"]
MANAGER_PAGES = ["childcare:nursery_list", "childcare:commission"]
ALL_PAGES = [*CHILDMINDER_PAGES, *MANAGER_PAGES, "childcare:inbox"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ALL_PAGES)
def test_anonymous_visitors_go_to_the_login_page(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("name", ALL_PAGES)
def test_a_parent_is_refused(login, name):
    assert login(ParentFactory()).get(reverse(name)).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("name", MANAGER_PAGES)
def test_a_childminder_cannot_open_manager_pages(login, name):
    assert login(ChildminderUserFactory()).get(reverse(name)).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("name", CHILDMINDER_PAGES)
def test_a_manager_cannot_open_childminder_pages(login, name):
    assert login(NurseryManagerFactory()).get(reverse(name)).status_code == 403


def test_navigation_names_exist():
    for name in ALL_PAGES:
        assert reverse(name).startswith("/accueil/")
