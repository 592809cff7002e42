"""« No result » without an account, in a real browser, on a desktop and on a 390 px phone,
every page checked with axe-core (no serious or critical violation): a visitor searches for
hours starting at 6 a.m. and finds nothing; the page shows the Relais Petite Enfance, occasional
care and the way to the alert; the link « Arriver et repartir 1 h plus tard », which says it
opens one option, shows the childminder; « Demander une mise en relation » leads to sign-up,
and after login the need form holds the shifted hours."""

from __future__ import annotations

import re

import pytest

from maillage.families.models_alerts import PlaceAlert, PlaceAlertStatus
from maillage.relais.models import RelaisPetiteEnfance
from tests.browser.signup import sign_up_and_log_in
from tests.browser.test_contact_journey import PASSWORD, _accessible, viewport_page
from tests.browser.test_no_result_journey import FROM_7
from tests.childcare.factories import ChildminderFactory
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _main(page):
    return page.locator("main").text_content() or ""


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_anonymous_no_result_then_a_relaxation_link_then_a_request(browser, live_server, viewport):
    saint_denis = CommuneFactory(saint_denis=True)
    relais = RelaisPetiteEnfance.objects.create(
        code="RPE-SD",
        name="Relais Petite Enfance de Saint-Denis",
        phone="01 99 00 00 01",
        opening_hours="Lundi 9 h – 17 h",
    )
    relais.communes.set([saint_denis])
    childminder = ChildminderFactory(
        commune=saint_denis,
        address="12 rue Secrète",
        latitude=saint_denis.latitude + 0.003,
        longitude=saint_denis.longitude + 0.003,
        working_hours=FROM_7,
    )
    context, page = viewport_page(browser, live_server, viewport)

    # An atypical-hours search: 6 a.m. to 2 p.m. every weekday; nothing fits.
    page.goto("/recherche/")
    page.get_by_label("Commune ou code postal").fill("Saint-Denis")
    page.get_by_label("Âge de l'enfant (en mois)").fill("10")
    page.get_by_label("Arrivée (mêmes horaires tous les jours)").select_option("06:00")
    page.get_by_label("Départ", exact=True).select_option("14:00")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_load_state()
    _accessible(page)
    text = _main(page)
    assert "Aucune place libre à ces horaires pour l'instant" in text
    assert "Relais Petite Enfance de Saint-Denis" in text and "01 99 00 00 01" in text
    assert page.get_by_role("link", name="Pour un entretien d'embauche").count() == 1
    assert "Prévenez-moi quand une place se libère" in text
    assert "12 rue Secrète" not in page.content()

    # One click on the relaxation: the same search, one hour later, lists what it announced.
    page.get_by_role("link", name="Arriver et repartir 1 h plus tard : 1 mode d'accueil").click()
    page.wait_for_load_state()
    _accessible(page)
    assert "1 mode(s) d'accueil avec une place libre" in _main(page)
    assert page.get_by_label("Arrivée (mêmes horaires tous les jours)").input_value() == "07:00"
    assert "Assistante maternelle" in (page.locator("#liste-resultats").text_content() or "")
    assert page.locator(f"#option-am-{childminder.pk}").count() == 1

    # « Demander une mise en relation »: sign-up keeps the search, hours shifted included.
    page.get_by_role("button", name=re.compile("^Demander une mise en relation avec")).click()
    page.wait_for_url("**/compte/inscription/**")
    _accessible(page)
    assert "Votre recherche est gardée" in (page.locator("body").text_content() or "")
    sign_up_and_log_in(
        page,
        email="maman.lina@exemple.fr",
        password=PASSWORD,
        first_name="Lina",
        last_name="Haddad",
    )
    page.wait_for_url("**/familles/besoins/nouveau/enfant/")
    page.get_by_role("button", name="Suivant").click()
    page.wait_for_url("**/nouveau/horaires/")
    _accessible(page)
    assert page.locator("#id_hours_d0_1_start").input_value() == "07:00"
    assert page.locator("#id_hours_d4_1_end").input_value() == "15:00"
    context.close()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_anonymous_no_result_then_prevenez_moi_through_sign_up(browser, live_server, viewport):
    """« Prévenez-moi quand une place se libère » without an account: the search is kept
    through sign-up, and the alert exists as soon as her need is saved."""
    CommuneFactory(saint_denis=True)
    context, page = viewport_page(browser, live_server, viewport)
    page.goto(
        "/recherche/?commune=Saint-Denis&age=10&jours=0&jours=1&jours=2&jours=3&jours=4"
        "&debut_heure=06:00&fin_heure=14:00&distance=5"
    )
    _accessible(page)
    assert "Aucune place libre à ces horaires pour l'instant" in _main(page)
    page.get_by_role("button", name="Prévenez-moi quand une place se libère").click()
    page.wait_for_url("**/compte/inscription/**")
    sign_up_and_log_in(
        page, email="papa.sami@exemple.fr", password=PASSWORD, first_name="Sami", last_name="Haddad"
    )
    page.wait_for_url("**/familles/besoins/nouveau/enfant/")
    for step in ("horaires", "lieu", "situation"):
        page.get_by_role("button", name="Suivant").click()
        page.wait_for_url(f"**/nouveau/{step}/")
    page.locator("#id_consent").check(force=True)
    page.get_by_role("button", name="Enregistrer et voir les résultats").click()
    page.wait_for_url("**/resultats/**")
    _accessible(page)
    body = page.locator("body").text_content() or ""
    assert "Alerte créée : un e-mail partira à papa.sami@exemple.fr" in body
    alert = PlaceAlert.objects.get(need__parent__email="papa.sami@exemple.fr")
    assert alert.status == PlaceAlertStatus.ACTIVE
    context.close()
