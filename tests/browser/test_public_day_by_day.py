"""The day-by-day hours of the public search, in a real browser, on a desktop and on a 390 px
phone, with axe: the page arrives without the 28 selects (half its weight); opening « Horaires
différents selon les jours » loads them (htmx, under the strict CSP); a search with Tuesday
morning only finds the childminder who works then, and the picker comes back opened and filled.
Without JavaScript, the link in the same place writes the picker into the page."""

from __future__ import annotations

import pytest

from maillage.core.schedule import week_from_ranges
from tests.browser.test_contact_journey import VIEWPORTS, _accessible, viewport_page
from tests.childcare.factories import ChildminderFactory
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db(transaction=True)

TUESDAY_MORNING = week_from_ranges({1: [("08:00", "12:00")]})


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_day_by_day_hours_are_loaded_when_opened_and_used(browser, live_server, viewport):
    saint_denis = CommuneFactory(saint_denis=True)
    childminder = ChildminderFactory(
        commune=saint_denis,
        latitude=saint_denis.latitude + 0.003,
        longitude=saint_denis.longitude + 0.003,
        working_hours=TUESDAY_MORNING,
    )
    context, page = viewport_page(browser, live_server, viewport)
    page.goto("/recherche/")
    _accessible(page)
    assert page.locator('select[name="hours_d1_1_start"]').count() == 0

    page.get_by_label("Commune ou code postal").fill("Saint-Denis")
    page.get_by_label("Âge de l'enfant (en mois)").fill("10")
    page.get_by_text("Horaires différents selon les jours").click()
    tuesday_start = page.locator('select[name="hours_d1_1_start"]')
    tuesday_start.wait_for()
    assert page.locator('select[name^="hours_d"]').count() == 28
    _accessible(page)
    tuesday_start.select_option("08:30")
    page.locator('select[name="hours_d1_1_end"]').select_option("11:30")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_load_state()
    _accessible(page)
    assert "1 mode(s) d'accueil avec une place libre" in (page.locator("main").text_content() or "")
    assert page.locator(f"#option-am-{childminder.pk}").count() == 1
    assert page.locator("#jour-par-jour").get_attribute("open") is not None
    assert page.locator('select[name="hours_d1_1_start"]').input_value() == "08:30"

    # Without JavaScript: the link asks for the same page with the picker written in.
    no_script = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport=VIEWPORTS[viewport]
    )
    plain = no_script.new_page()
    plain.goto("/recherche/?commune=Saint-Denis&age=10")
    plain.get_by_text("Horaires différents selon les jours").click()
    plain.get_by_role("link", name="Afficher les horaires jour par jour").click()
    plain.wait_for_load_state()
    assert plain.locator('select[name^="hours_d"]').count() == 28
    no_script.close()
    context.close()
