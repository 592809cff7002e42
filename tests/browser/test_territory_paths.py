"""A territory administrator of Seine-Saint-Denis enables the Nouvelle-Aquitaine agrément
path in her département (desktop and 390 px phone, axe-core); a candidate there then sees it."""

from __future__ import annotations

import pytest

from maillage.accounts.enums import Role
from maillage.accounts.models import User
from maillage.jobs.reference import path_templates_load
from tests.browser.conftest import axe_violations
from tests.jobs.factories import CandidateProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Mot-de-passe-solide-2026"


def login(browser, live_server, email, width):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    return context, page


@pytest.mark.parametrize("width", [1280, 390])
def test_a_territory_admin_enables_a_path_a_candidate_then_sees_it(browser, live_server, width):
    path_templates_load()
    candidate = CandidateProfileFactory()
    candidate.user.set_password(PASSWORD)
    candidate.user.save()
    admin = User.objects.create_user(
        f"caf{width}@exemple.fr", PASSWORD, role=Role.TERRITORY_ADMIN, email_verified=True
    )
    admin.territory_departements.set([candidate.commune.departement])

    context, page = login(browser, live_server, candidate.user.email, width)
    page.goto("/emplois/parcours/")
    assert "Aucun parcours n'est encore proposé dans votre département" in page.inner_text("main")
    context.close()

    context, page = login(browser, live_server, admin.email, width)
    page.goto("/emplois/territoire/parcours/")
    section = page.locator("section", has_text="Parcours agrément Nouvelle-Aquitaine")
    assert section.locator(".fr-badge").text_content().strip() == "Non proposé"
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    # DSFR draws the checkbox under its label: a person clicks the label.
    section.locator("label[for$='-enabled']").click()
    assert section.get_by_label("Proposer ce parcours dans le département").is_checked()
    section.get_by_label("Informations locales").fill("Réunion à la PMI de Bobigny, 1er mardi")
    section.get_by_role("button", name="Enregistrer le choix du territoire").click()
    page.wait_for_load_state()
    section = page.locator("section", has_text="Parcours agrément Nouvelle-Aquitaine")
    assert section.locator(".fr-badge").text_content().strip() == "Proposé"
    context.close()

    context, page = login(browser, live_server, candidate.user.email, width)
    page.goto("/emplois/parcours/")
    main = page.inner_text("main")
    assert "Parcours agrément Nouvelle-Aquitaine" in main
    assert "Réunion à la PMI de Bobigny" in main
    assert "Cap vers l'enfance" not in main
    assert axe_violations(page) == []
    context.close()
