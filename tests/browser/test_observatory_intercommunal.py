"""An analyst opens the EPT Est Ensemble from its département's page and reads its places
created and removed and its crèches' occupancy rate, on a desktop and a 390 px phone (axe)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.accounts.models import User
from maillage.observatory.services import indicators_recompute
from maillage.staffing.services import occupancy_record
from maillage.territory.models import Intercommunality
from tests.browser.conftest import axe_violations
from tests.childcare.factories import NurseryAgeGroupFactory, NurseryFactory
from tests.observatory.test_intercommunal import _publish
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Observatoire-2026"


@pytest.mark.parametrize("width", [1280, 390])
def test_an_analyst_reads_est_ensemble(browser, live_server, width):
    montreuil = CommuneFactory(montreuil=True, children_under_3=400)
    ept = Intercommunality.objects.create(
        code="200057875", name="Est Ensemble", kind="EPT", departement=montreuil.departement
    )
    montreuil.ept = ept
    montreuil.save()
    manager = User.objects.create_user("creche@exemple.fr", PASSWORD, role=Role.NURSERY_MANAGER)
    creche = NurseryFactory(commune=montreuil, managers=[manager])
    NurseryAgeGroupFactory(
        nursery=creche, places=20, places_taken=0, kind="mixed", max_age_months=36
    )
    _publish(creche, manager, 26)
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    occupancy_record(
        nursery=creche, by=manager, month=last_month, hours_offered=1000, hours_billed=820
    )
    indicators_recompute()
    analyst = User.objects.create_user(
        "analyste@exemple.fr", PASSWORD, role=Role.ANALYST, email_verified=True
    )
    analyst.territory_departements.add(montreuil.departement)

    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(analyst.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/tableau-de-bord/")
    page.goto(f"/observatoire/departement/{montreuil.departement_id}/")
    page.locator("#intercommunalites").get_by_role("link", name="Est Ensemble").click()
    page.wait_for_url(f"**/observatoire/intercommunalite/{ept.code}/")
    assert page.locator("h1").inner_text() == "Est Ensemble"
    created = page.locator("tr", has_text="Places créées (12 derniers mois)").first
    assert created.locator("td").first.inner_text() == "6"
    removed = page.locator("tr", has_text="Places supprimées (12 derniers mois)").first
    assert removed.locator("td").first.inner_text() == "0"
    occupancy = page.locator("tr", has_text="Taux d'occupation des crèches").first
    assert occupancy.locator("td").first.inner_text() == "82,0"
    assert page.locator("h1").count() == 1 and axe_violations(page) == []
    context.close()
