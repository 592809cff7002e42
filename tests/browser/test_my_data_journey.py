"""A parent exports then deletes her account in a real browser (desktop and 390 px phone, every
page checked with axe-core); afterwards her closed needs are anonymised in the database, her
open need cancelled, and she cannot sign in again. The API documentation page passes axe too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.accounts.models import User
from maillage.families.enums import NeedStatus
from maillage.families.models import Need
from tests.browser.conftest import axe_violations
from tests.families.factories import NeedFactory
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Creche-Lilas-2026"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _accessible(page):
    assert page.locator("h1").count() == 1, page.url
    assert axe_violations(page) == [], page.url
    return page


def _page(browser, live_server, viewport):
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        viewport=VIEWPORTS[viewport],
        accept_downloads=True,
    )
    page = context.new_page()
    page.set_default_timeout(40_000)
    page.set_default_navigation_timeout(60_000)
    return page


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_parent_exports_then_deletes_her_account(browser, live_server, viewport):
    commune = CommuneFactory(saint_denis=True)
    parent = User.objects.create_user(
        f"awa.{viewport}@exemple.fr",
        PASSWORD,
        role=Role.PARENT,
        email_verified=True,
        first_name="Awa",
        last_name="Diallo",
    )
    closed = NeedFactory(
        parent=parent,
        commune=commune,
        child_first_name="Nour",
        status=NeedStatus.CLOSED,
        closed_at=timezone.now(),
    )
    matched = NeedFactory(
        parent=parent, commune=commune, status=NeedStatus.MATCHED, closed_at=timezone.now()
    )
    open_need = NeedFactory(parent=parent, commune=commune)

    page = _page(browser, live_server, viewport)
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(parent.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()

    page.goto("/compte/profil/")
    page.get_by_role("link", name="Mes données").click()
    page.wait_for_load_state()
    _accessible(page)
    assert "Nour" in page.locator("body").text_content()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger mes données (JSON)").click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert data["sections"]["compte"][0]["email"] == parent.email
    assert {n["id"] for n in data["sections"]["besoins"]} == {closed.pk, matched.pk, open_need.pk}

    page.get_by_role("link", name="Supprimer mon compte").click()
    page.wait_for_load_state()
    _accessible(page)
    page.get_by_label("Votre mot de passe").fill("pas-le-bon")
    page.get_by_text("Je comprends que la suppression est définitive.").click()
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    page.wait_for_load_state()
    assert "Mot de passe incorrect." in page.locator("body").text_content()
    _accessible(page)

    page.get_by_label("Votre mot de passe").fill(PASSWORD)
    if not page.get_by_label("Je comprends que la suppression est définitive.").is_checked():
        page.get_by_text("Je comprends que la suppression est définitive.").click()
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    page.wait_for_url("**/mes-donnees/compte-supprime/")
    _accessible(page)

    # The database: closed needs anonymised, kept for statistics; the open one cancelled.
    for need in Need.objects.filter(pk__in=[closed.pk, matched.pk]):
        assert need.parent_id is None and need.anonymised_at is not None
        assert need.child_first_name == "" and need.child_birth_date.day == 1
    assert Need.objects.get(pk=closed.pk).status == NeedStatus.CLOSED
    assert Need.objects.get(pk=open_need.pk).status == NeedStatus.CANCELLED
    assert not User.objects.filter(email=parent.email).exists()

    # She cannot sign in again.
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(parent.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    assert "/compte/connexion/" in page.url
    page.context.close()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_api_documentation_page_is_french_and_accessible(browser, live_server, viewport):
    page = _page(browser, live_server, viewport)
    page.goto("/api/docs/")
    _accessible(page)
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "Authentification" in page.locator("body").text_content()
    page.context.close()
