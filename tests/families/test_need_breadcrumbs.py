"""A need's pages lead back to the list the viewer may open: the counsellor's followed needs,
or the parent's own (a crawl as the demo counsellor found a link to the parents' list, closed
to her)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.families.factories import NeedFactory
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db

PAGES = ("families:need_detail", "families:need_results", "families:need_priorities")


def breadcrumb_links(html: str) -> list[str]:
    trail = html.split('class="fr-breadcrumb__list"', 1)[1].split("</ol>", 1)[0]
    return re.findall(r'href="([^"]+)"', trail)


@pytest.mark.parametrize("page", PAGES)
def test_the_counsellor_goes_back_to_the_needs_she_follows(client, page):
    need = NeedFactory(
        without_account=True, commune=CommuneFactory(saint_denis=True), counsellor_referral=True
    )
    client.force_login(need.counsellor)
    html = client.get(reverse(page, kwargs={"pk": need.pk})).content.decode()
    links = breadcrumb_links(html)
    assert reverse("families:need_list") not in links
    for link in links:
        assert client.get(link).status_code == 200, link
    if page == "families:need_detail":
        assert reverse("families:counsellor_needs") in links
    else:
        assert reverse("families:need_detail", kwargs={"pk": need.pk}) in links
        assert "Le besoin" in html and "Mon besoin" not in html


@pytest.mark.parametrize("page", PAGES)
def test_the_parent_goes_back_to_her_own_needs(client, page):
    need = NeedFactory(commune=CommuneFactory(saint_denis=True))
    client.force_login(need.parent)
    html = client.get(reverse(page, kwargs={"pk": need.pk})).content.decode()
    links = breadcrumb_links(html)
    for link in links:
        assert client.get(link).status_code == 200, link
    if page == "families:need_detail":
        assert reverse("families:need_list") in links
    else:
        assert "Mon besoin" in html
