"""« No result » in a real browser, on a desktop and on a 390 px phone, every page checked
with axe-core (no serious or critical violation): a parent whose need starts at 6 a.m. finds
nothing; the page shows the Relais Petite Enfance of her commune, occasional care and the
alert, which she subscribes to; she clicks « Arriver et repartir 1 h plus tard », which the
page says opens one option; the childminder appears and she sends a contact request."""

from __future__ import annotations

import pytest

from maillage.accounts.enums import Role
from maillage.accounts.models import User
from maillage.core.schedule import week_from_ranges
from maillage.families.models import ContactRequest, NeedEvent, PlaceAlert
from maillage.relais.models import RelaisPetiteEnfance
from tests.browser.conftest import axe_violations
from tests.childcare.factories import ChildminderFactory
from tests.families.helpers import open_need
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Creche-Lilas-2026"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
EARLY_SHIFT = week_from_ranges({d: [("06:00", "14:00")] for d in range(5)})
FROM_7 = week_from_ranges({d: [("07:00", "19:00")] for d in range(5)})


@pytest.fixture(autouse=True)
def _fresh_index():
    from maillage.families.engine_adapter import clear_indexes

    clear_indexes()
    yield
    clear_indexes()


def _accessible(page):
    assert page.locator("h1").count() == 1, page.url
    assert axe_violations(page) == [], page.url
    return page


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_no_result_then_a_relaxation_then_a_request(browser, live_server, viewport):
    saint_denis = CommuneFactory(saint_denis=True)
    relais = RelaisPetiteEnfance.objects.create(
        code="RPE-SD",
        name="Relais Petite Enfance de Saint-Denis",
        phone="01 99 00 00 01",
        email="rpe-saint-denis@example.org",
        opening_hours="Lundi 9 h – 17 h",
    )
    relais.communes.set([saint_denis])
    childminder = ChildminderFactory(
        commune=saint_denis,
        latitude=saint_denis.latitude + 0.003,
        longitude=saint_denis.longitude + 0.003,
        working_hours=FROM_7,
    )
    parent = User.objects.create_user(
        "maman.ines@exemple.fr", PASSWORD, role=Role.PARENT, email_verified=True
    )
    need = open_need(saint_denis, parent=parent, schedule=EARLY_SHIFT)

    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport=VIEWPORTS[viewport]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(parent.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()

    page.goto(f"/familles/besoins/{need.pk}/resultats/")
    _accessible(page)
    text = page.locator("main").text_content() or ""
    assert "Aucun mode d'accueil ne correspond pour l'instant" in text
    assert "Relais Petite Enfance de Saint-Denis" in text and "01 99 00 00 01" in text
    assert page.get_by_role("link", name="Pour un entretien d'embauche").count() == 1

    page.get_by_role("button", name="Prévenez-moi quand une place se libère").click()
    page.wait_for_load_state()
    _accessible(page)
    assert "Alerte active" in (page.locator("main").text_content() or "")
    assert PlaceAlert.objects.filter(need=need, status="active").exists()

    page.get_by_role("button", name="Arriver et repartir 1 h plus tard : 1 option").click()
    page.wait_for_load_state()
    _accessible(page)
    assert "Votre besoin est modifié" in (page.locator("body").text_content() or "")
    assert NeedEvent.objects.filter(need=need, label="Recherche élargie").exists()
    page.locator(f"#option-am-{childminder.pk}").check(force=True)
    page.get_by_role("button", name="Demander une mise en relation").click()
    page.wait_for_load_state()
    _accessible(page)
    context.close()

    request = ContactRequest.objects.get(need=need)
    assert request.childminder_id == childminder.pk
    need.refresh_from_db()
    assert need.schedule == week_from_ranges({d: [("07:00", "15:00")] for d in range(5)})
