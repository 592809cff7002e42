"""A France Travail partner updates the status of a key action of sheet 2.1 of the Seine-Saint-
Denis SDSF, on a desktop and a 390 px phone, each page checked with axe."""

from __future__ import annotations

import pytest

from maillage.accounts.enums import Role
from maillage.accounts.models import User
from maillage.observatory.models import KeyAction
from maillage.observatory.reference import sdsf_reference_load
from tests.browser.conftest import axe_violations
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Suivi-Schema-2026"


@pytest.mark.parametrize("width", [1280, 390])
def test_a_france_travail_partner_updates_a_key_action_of_sheet_2_1(browser, live_server, width):
    dep = CommuneFactory(saint_denis=True).departement
    sdsf_reference_load()
    partner = User.objects.create_user(
        f"conseillere-{width}@exemple.fr",
        PASSWORD,
        role=Role.COUNSELLOR,
        organisation="france_travail",
        email_verified=True,
    )
    partner.territory_departements.set([dep])
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(partner.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/tableau-de-bord/")
    page.goto("/observatoire/suivi/")
    page.wait_for_url("**/observatoire/suivi/93/")
    assert page.locator("h1").count() == 1 and axe_violations(page) == []
    page.get_by_role("link", name="Articulation entre le CDSF").click()
    assert axe_violations(page) == []
    page.get_by_label("État d'avancement").select_option("done")
    page.get_by_label("Où en est l'action").fill("Feuille de route filière adoptée en comité.")
    page.get_by_label("Note datée du jour (facultatif)").fill("Présentée au comité plénier.")
    page.get_by_role("button", name="Enregistrer l'avancement").click()
    page.get_by_text("L'action est mise à jour.").wait_for()
    assert page.locator("#etat-action").text_content() == "Réalisée"
    assert axe_violations(page) == []
    action = KeyAction.objects.get(sheet__number="2.1", title__startswith="Articulation")
    assert action.status == "done" and action.notes.get().author == partner
    context.close()
