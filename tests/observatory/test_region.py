"""Région pages: figures, small-count protection, ranking, map, breadcrumbs, access."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from maillage.observatory.models import IndicatorSnapshot
from maillage.observatory.services import disclosure, indicators_recompute, snapshot_values
from maillage.observatory.services.disclosure import FAMILIES, HIDDEN, family_row
from maillage.observatory.suppression import TOTAL, determined_cells, table_equations
from tests.observatory import factories as f
from tests.territory.factories import CommuneFactory, DepartementFactory, RegionFactory

pytestmark = pytest.mark.django_db

SQUARE = {"type": "Polygon", "coordinates": [[[2.3, 48.9], [2.4, 48.9], [2.4, 49.0], [2.3, 48.9]]]}


@pytest.fixture
def ile_de_france():
    """Île-de-France (93 and 94, with providers) and Auvergne-Rhône-Alpes (69), recomputed."""
    sd = CommuneFactory(saint_denis=True, children_under_3=100)
    creteil_dep = DepartementFactory(code="94", name="Val-de-Marne", region=sd.region)
    creteil = CommuneFactory(
        code="94028", name="Créteil", departement=creteil_dep, children_under_3=60
    )
    ara = RegionFactory(code="84", name="Auvergne-Rhône-Alpes")
    rhone = DepartementFactory(code="69", name="Rhône", region=ara)
    lyon = CommuneFactory(code="69123", name="Lyon", departement=rhone, children_under_3=200)
    for dep in (sd.departement, creteil_dep, rhone):
        dep.contour = json.dumps(SQUARE)
        dep.save()
    for _ in range(3):
        f.childminder(sd, capacity=4)
    f.nursery(creteil, places=30, taken=25)
    f.nursery(lyon, places=40, taken=40)
    indicators_recompute()
    return sd.region


def _snap(level, code, **values):
    IndicatorSnapshot.objects.update_or_create(
        level=level, code=code, defaults={"computed_at": "2026-03-01T00:00Z", "values": values}
    )


@pytest.fixture
def small_needs():
    """93 has 3 needs without solution. The national table hides it with Rhône (20, the
    smallest complement) and publishes Val-de-Marne (30): Île-de-France (93 + 94 = 33) would
    give 93 away as 33 − 30, so the région subtotal must be hidden."""
    sd = CommuneFactory(saint_denis=True)
    dep94 = DepartementFactory(code="94", name="Val-de-Marne", region=sd.region)
    CommuneFactory(code="94028", name="Créteil", departement=dep94)
    dep69 = DepartementFactory(code="69", name="Rhône", region=RegionFactory(code="84"))
    CommuneFactory(code="69123", name="Lyon", departement=dep69)
    _snap("departement", "93", needs_unserved=3, needs_declared=20, coverage_rate=50)
    _snap("departement", "94", needs_unserved=30, needs_declared=45, coverage_rate=40)
    _snap("departement", "69", needs_unserved=20, needs_declared=60, coverage_rate=60)
    _snap(
        "region", "11", needs_unserved=33, needs_declared=65, unserved_share=50.8, coverage_rate=45
    )
    _snap("region", "84", needs_unserved=20, needs_declared=60, coverage_rate=60)
    _snap("france", "FR", needs_unserved=53, needs_declared=125, coverage_rate=50)
    return sd.region


def _row(html: str, label: str) -> str:
    start = html.index(label)
    return html[start : html.index("</tr>", start)]


def test_region_page_shows_the_sum_of_its_departements(client, ile_de_france):
    values = snapshot_values("region", "11")
    assert values["children_under_3"] == 160  # 100 (Saint-Denis) + 60 (Créteil), not Lyon
    assert values["places_total"] == 12 + 30
    response = client.get(reverse("observatory:region", args=["11"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1 and "Île-de-France" in html
    assert ">160<" in _row(html, "Enfants de moins de 3 ans (estimés)")
    assert ">42<" in _row(html, "Places d&#x27;accueil (total)")
    assert "Taux Caf non disponible à l'échelle de la région" in html
    assert "<caption>" in html and 'scope="col"' in html


def test_ranking_links_only_the_departements_of_the_region(client, ile_de_france):
    html = client.get(reverse("observatory:region", args=["11"])).content.decode()
    ranking = html[html.index('id="departements"') :]
    assert reverse("observatory:departement", args=["93"]) in ranking
    assert reverse("observatory:departement", args=["94"]) in ranking
    assert reverse("observatory:departement", args=["69"]) not in ranking
    # Val-de-Marne (30 places for 60 children) is ranked before... the least covered first.
    assert ranking.index("Seine-Saint-Denis") < ranking.index("Val-de-Marne")


def test_home_ranks_regions_with_links(client, ile_de_france):
    html = client.get(reverse("observatory:home")).content.decode()
    regions = html[html.index('id="regions"') :]
    assert reverse("observatory:region", args=["11"]) in regions
    assert reverse("observatory:region", args=["84"]) in regions


def test_unknown_region_is_a_french_404(client, ile_de_france):
    response = client.get(reverse("observatory:region", args=["99"]))
    assert response.status_code == 404
    assert "Page non trouvée" in response.content.decode()
    assert client.get(reverse("observatory:geo_departements") + "?region=99").status_code == 404


def test_map_of_a_region_contains_only_its_departements(client, ile_de_france):
    url = reverse("observatory:geo_departements")
    data = json.loads(client.get(url + "?region=11").content)
    assert sorted(feat["properties"]["code"] for feat in data["features"]) == ["93", "94"]
    everything = json.loads(client.get(url).content)
    assert len(everything["features"]) == 3
    html = client.get(reverse("observatory:region", args=["11"])).content.decode()
    assert f'data-geojson="{url}?region=11"' in html
    assert "vendor/leaflet/leaflet.js" in html and "unpkg" not in html


def test_breadcrumbs_go_france_region_departement_commune(client, ile_de_france):
    region_url = reverse("observatory:region", args=["11"])
    dep = client.get(reverse("observatory:departement", args=["93"])).content.decode()
    crumbs = dep[dep.index("vous êtes ici") :]
    crumbs = crumbs[: crumbs.index("</ol>")]
    assert crumbs.index(">France<") < crumbs.index(region_url) < crumbs.index("Seine-Saint-Denis")
    com = client.get(reverse("observatory:commune", args=["93066"])).content.decode()
    crumbs = com[com.index("vous êtes ici") :]
    crumbs = crumbs[: crumbs.index("</ol>")]
    dep_url = reverse("observatory:departement", args=["93"])
    assert crumbs.index(">France<") < crumbs.index(region_url) < crumbs.index(dep_url)
    assert crumbs.index(dep_url) < crumbs.index("Saint-Denis</a>")


def test_small_region_count_is_masked(client, small_needs):
    html = client.get(reverse("observatory:region", args=["11"])).content.decode()
    row = _row(html, "Besoins sans solution</th>")
    assert HIDDEN in row and ">33<" not in row
    # The share derived from it is hidden too; the département ranking hides 93's count.
    assert HIDDEN in _row(html, "Part des besoins sans solution")
    ranking = html[html.index('id="departements"') :]
    assert HIDDEN in ranking[ranking.index("Seine-Saint-Denis") :].split("</tr>")[0]


def test_region_subtotals_never_reveal_a_hidden_departement_count(small_needs):
    national = disclosure.national_cells(11)
    regions = disclosure.region_cells(11)
    rows = {code: snapshot_values("departement", code) for code in ("69", "93", "94")}
    group_of = {"69": "R84", "93": "R11", "94": "R11"}
    for family, (total_key, parts) in FAMILIES.items():
        table = {code: family_row(v, family) for code, v in rows.items()}
        values, eqs, _groups = table_equations(table, parts, group_of)
        published = {**{c: national[c] for c in rows}, TOTAL: national["FR"]}
        published |= {f"R{code}": cells for code, cells in regions.items()}
        hidden = [
            (row, col)
            for row, col in values
            if published[row].get(total_key if col == TOTAL else col) is None
        ]
        assert not determined_cells(values, eqs, hidden), family
    assert national["94"]["needs_unserved"] == 30 and national["93"]["needs_unserved"] is None
    assert regions["11"]["needs_unserved"] is None


@pytest.mark.parametrize(
    ("role", "followed", "raw"),
    [
        (None, [], False),
        ("parent", [], False),
        ("analyst", ["93"], False),  # follows only part of the région
        ("analyst", ["93", "94"], True),  # follows the whole région
        ("counsellor", ["93", "94"], True),
        ("admin", [], True),
    ],
)
def test_access_per_role_mirrors_the_departement_page(client, small_needs, role, followed, raw):
    if role:
        user = f.user(role=role)
        user.territory_departements.add(*followed)
        client.force_login(user)
    response = client.get(reverse("observatory:region", args=["11"]))
    assert response.status_code == 200  # public, like the département page
    row = _row(response.content.decode(), "Besoins sans solution</th>")
    assert (">33<" in row) is raw
    assert (HIDDEN in row) is not raw
    assert client.get(reverse("observatory:departement", args=["93"])).status_code == 200


def test_exports_of_regions_are_protected(client, small_needs):
    body = client.get(reverse("observatory:export") + "?table=regions&format=csv").content
    assert HIDDEN in body.decode("utf-8-sig")
    url = reverse("observatory:export") + "?table=departements&region=11&format=csv"
    text = client.get(url).content.decode("utf-8-sig")
    assert "Val-de-Marne" in text and "Rhône" not in text
