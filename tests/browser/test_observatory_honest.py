"""The honest observatory in a real browser: a département with no data reads « non
disponible », is grey on the map and unranked; the coverage indicator and the France scope
are shown; desktop and 390 px phone, axe-core."""

from __future__ import annotations

import json

import pytest

from maillage.observatory.services import indicators_recompute
from tests.browser.conftest import axe_violations
from tests.observatory import factories as f
from tests.territory.factories import CommuneFactory, DepartementFactory, RegionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def square(lon: float, lat: float, size: float = 0.05) -> str:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


@pytest.fixture
def territory():
    from django.core.cache import cache

    cache.clear()
    sd = CommuneFactory(saint_denis=True, children_under_3=200, contour=square(2.30, 48.90))
    sd.departement.contour = square(2.2, 48.8, 0.3)
    sd.departement.save()
    gironde = DepartementFactory(
        code="33",
        name="Gironde",
        region=RegionFactory(code="75", name="Nouvelle-Aquitaine"),
        contour=square(-0.9, 44.6, 0.5),
    )
    CommuneFactory(code="33063", name="Bordeaux", departement=gironde, contour=square(-0.6, 44.8))
    for _ in range(5):
        f.childminder(sd, capacity=4)
    indicators_recompute()
    yield
    cache.clear()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_departement_without_data_reads_non_disponible(browser, live_server, territory, width):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(60_000)

    page.goto("/observatoire/")
    scope = page.locator("#perimetre-france").inner_text()
    assert "1 départements (sur 2)" in scope
    ranking = page.locator("#classement tbody tr")
    assert ranking.count() == 2
    assert ranking.nth(0).locator("th").inner_text() == "93"
    gironde_row = ranking.nth(1).inner_text()
    assert "non disponible" in gironde_row and "non classé" in gironde_row
    page.wait_for_selector(".observatory-legend")
    assert "non disponible" in page.locator(".observatory-legend").inner_text()
    assert axe_violations(page) == []

    page.goto("/observatoire/departement/33/")
    assert "Gironde" in page.locator("h1").inner_text()
    coverage = page.locator("#couverture-donnees").inner_text()
    assert "Non disponible" in coverage
    assert "aucun assistant maternel ni aucune crèche" in coverage
    assert "Maillage : non disponible" in page.locator("main").inner_text()
    assert axe_violations(page) == []

    page.goto("/observatoire/departement/93/")
    coverage = page.locator("#couverture-donnees").inner_text()
    assert "de l'offre estimée par la Caf est inscrite sur Maillage" in coverage
    assert "20 places connues de la plateforme" in coverage
    assert axe_violations(page) == []
    context.close()
