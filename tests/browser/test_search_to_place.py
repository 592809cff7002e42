"""« Search to place » in a real browser, on a desktop and on a 390 px phone, every page checked
with axe-core (no serious or critical violation): an anonymous search finds a childminder;
« Demander une mise en relation » leads to sign-up; after the emailed link and login the need
form is pre-filled with the search; the request is sent with the cost shown as in the Caf's
published example (3 000 € a month, one child, 40 h a week at the reference rate → 322 € a
month, 1,86 € per hour); then the two-way contact of `test_contact_journey` runs to the
confirmed place."""

from __future__ import annotations

import pytest

from maillage.accounts.enums import Role
from maillage.families.models import ContactRequest, Need
from tests.browser.signup import sign_up_and_log_in
from tests.browser.test_contact_journey import (
    PASSWORD,
    _accessible,
    _text,
    _user,
    accept_talk_visit_and_confirm,
    viewport_page,
)
from tests.childcare.factories import ChildminderFactory
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_anonymous_search_to_a_confirmed_place(browser, live_server, viewport):
    saint_denis = CommuneFactory(saint_denis=True)
    childminder = ChildminderFactory(
        user=_user("am.fatou@exemple.fr", Role.CHILDMINDER, "Fatou", "Koné", "07 12 34 56 78"),
        commune=saint_denis,
        address="12 rue Secrète",
        latitude=saint_denis.latitude + 0.003,
        longitude=saint_denis.longitude + 0.003,
        agrement_capacity=3,
    )
    context, page = viewport_page(browser, live_server, viewport)

    # Anonymous search: commune, age, the same hours every weekday, a start date.
    page.goto("/recherche/")
    _accessible(page)
    page.get_by_label("Commune ou code postal").fill("Saint-Denis")
    page.get_by_label("Âge de l'enfant (en mois)").fill("10")
    page.get_by_label("Arrivée (mêmes horaires tous les jours)").select_option("08:00")
    page.get_by_label("Départ", exact=True).select_option("16:00")
    page.get_by_label("À partir du (facultatif)").fill("2027-01-04")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_load_state()
    _accessible(page)
    results = page.locator("#liste-resultats").text_content()
    assert "Assistante maternelle F." in results and "Saint-Denis" in results
    assert "12 rue Secrète" not in page.content() and "Koné" not in page.content()
    assert page.locator("#results-map .leaflet-container, #results-map.leaflet-container").count()
    page.get_by_role(
        "button", name="Demander une mise en relation avec Assistante maternelle F."
    ).click()

    # Sign-up keeps the search; the emailed link, then login.
    page.wait_for_url("**/compte/inscription/**")
    _accessible(page)
    sign_up_and_log_in(
        page,
        email="maman.nour@exemple.fr",
        password=PASSWORD,
        first_name="Aïcha",
        last_name="Benali",
        role="parent",
    )

    # The need form is pre-filled with the search: she checks each step and consents.
    page.wait_for_url("**/familles/besoins/nouveau/enfant/")
    _accessible(page)
    assert page.locator("#id_child_birth_date").input_value()
    page.get_by_role("button", name="Suivant").click()
    page.wait_for_url("**/nouveau/horaires/")
    _accessible(page)
    assert page.locator("#id_hours_d0_1_start").input_value() == "08:00"
    assert page.locator("#id_hours_d4_1_end").input_value() == "16:00"
    page.get_by_role("button", name="Suivant").click()
    page.wait_for_url("**/nouveau/lieu/")
    _accessible(page)
    assert page.locator("#id_commune").input_value() == "93066"
    assert page.locator("#id_start_date").input_value() == "2027-01-04"
    page.get_by_role("button", name="Suivant").click()
    page.wait_for_url("**/nouveau/situation/")
    _accessible(page)
    page.locator("#id_consent").check(force=True)
    page.get_by_role("button", name="Enregistrer et voir les résultats").click()
    page.wait_for_url("**/resultats/**")
    _accessible(page)
    assert page.locator(f"#option-am-{childminder.pk}").is_checked()
    need = Need.objects.get(parent__email="maman.nour@exemple.fr")
    assert need.commune_id == "93066" and need.accepts_childminder

    # The cost shown matches the Caf's published example, then the request.
    page.get_by_label("Ressources mensuelles du foyer (€)").fill("3000")
    page.get_by_label("Nombre d'enfants à charge").fill("1")
    page.get_by_role("button", name="Estimer le coût").click()
    page.wait_for_load_state()
    _accessible(page)
    content = _text(page)
    assert "Environ 322 € par mois" in content
    assert "soit 1,86 € par heure d'accueil" in content
    page.locator(f"#option-am-{childminder.pk}").check(force=True)
    page.get_by_role("button", name="Demander une mise en relation").click()
    page.wait_for_load_state()
    _accessible(page)
    request = ContactRequest.objects.get(need=need)
    assert request.childminder == childminder
    context.close()

    accept_talk_visit_and_confirm(
        browser,
        live_server,
        viewport,
        childminder=childminder,
        parent_email="maman.nour@exemple.fr",
        parent_contact=("Aïcha Benali", "maman.nour@exemple.fr"),
        provider_contact=("Fatou Koné", "07 12 34 56 78"),
        request=request,
    )
