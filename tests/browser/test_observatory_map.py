"""The observatory's maps in a real browser: choropleth, accessible tables, axe-core."""

from __future__ import annotations

import json

import pytest

from maillage.observatory.services import indicators_recompute
from tests.browser.conftest import axe_violations
from tests.territory.factories import CommuneFactory, DepartementFactory

pytestmark = pytest.mark.django_db(transaction=True)


def square(lon: float, lat: float, size: float = 0.05) -> str:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


@pytest.fixture
def territory():
    from django.core.cache import cache

    cache.clear()
    sd = CommuneFactory(saint_denis=True, children_under_3=100, contour=square(2.30, 48.90))
    CommuneFactory(montreuil=True, children_under_3=50, contour=square(2.40, 48.85))
    CommuneFactory(
        code="93008", name="Bobigny", departement=sd.departement, contour=square(2.42, 48.90)
    )
    sd.departement.contour = square(2.2, 48.8, 0.3)
    sd.departement.save()
    val = DepartementFactory(
        code="94", name="Val-de-Marne", region=sd.region, contour=square(2.3, 48.6, 0.25)
    )
    CommuneFactory(code="94028", name="Créteil", departement=val, contour=square(2.45, 48.78))
    indicators_recompute()
    yield
    cache.clear()


def test_france_map_then_a_departement(page, territory):
    page.goto("/observatoire/")
    page.wait_for_selector(".leaflet-interactive")
    assert page.locator("path.leaflet-interactive").count() == 2
    assert page.locator("#classement table caption").count() == 1
    assert page.locator("#classement th[scope=row]").count() == 2
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    # Click the Val-de-Marne polygon (the one drawn lower on the map).
    page.locator("#observatory-map").scroll_into_view_if_needed()
    paths = page.locator("path.leaflet-interactive")
    boxes = [paths.nth(i).bounding_box() for i in range(2)]
    lower = max(range(2), key=lambda i: boxes[i]["y"])
    box = boxes[lower]
    paths.nth(lower).click(position={"x": box["width"] / 2, "y": box["height"] * 0.7})
    page.wait_for_url("**/observatoire/departement/94/")
    assert "Val-de-Marne" in page.locator("h1").inner_text()


def test_departement_page_with_communes(page, territory):
    page.goto("/observatoire/departement/93/")
    page.wait_for_selector(".leaflet-interactive")
    assert page.locator("path.leaflet-interactive").count() == 3
    table = page.locator("#communes table")
    assert table.locator("caption").count() == 1
    assert table.locator("th[scope=row]").count() == 3
    assert page.locator("svg.observatory-chart").count() >= 1
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [1280, 390])
def test_france_map_opens_on_mainland_with_a_legend_and_an_overseas_selector(
    browser, live_server, territory, width
):
    from maillage.territory.models import Departement, Region

    region = Region.objects.create(code="04", name="La Réunion", contour=square(55.2, -21.4, 0.6))
    reunion = DepartementFactory(
        code="974", name="La Réunion", region=region, contour=square(55.2, -21.4, 0.6)
    )
    CommuneFactory(
        code="97411",
        name="Saint-Denis",
        departement=reunion,
        region=region,
        contour=square(55.4, -20.9),
    )
    indicators_recompute()
    assert Departement.objects.count() == 3
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.goto("/observatoire/")
    page.wait_for_selector(".observatory-legend")
    legend = page.locator(".observatory-legend").inner_text()
    assert "Places pour 100 enfants" in legend
    # Mainland first: the Réunion polygon is off screen until chosen.
    map_box = page.locator("#observatory-map").bounding_box()
    reunion_path = page.locator("path.leaflet-interactive").nth(2)

    def visible(path) -> bool:
        box = path.bounding_box()
        # Leaflet clips shapes outside the view down to a dot at its edge.
        return (
            box is not None
            and box["width"] > 5
            and box["x"] < map_box["x"] + map_box["width"]
            and box["x"] + box["width"] > map_box["x"]
            and box["y"] < map_box["y"] + map_box["height"]
            and box["y"] + box["height"] > map_box["y"]
        )

    paths = page.locator("path.leaflet-interactive")
    shown = [visible(paths.nth(i)) for i in range(paths.count())]
    assert shown.count(True) == 2, shown
    page.get_by_label("Afficher sur la carte").select_option("974")
    page.wait_for_timeout(600)
    shown = [visible(paths.nth(i)) for i in range(paths.count())]
    assert shown.count(True) == 1
    assert reunion_path.count() == 1
    assert axe_violations(page) == []
    context.close()
