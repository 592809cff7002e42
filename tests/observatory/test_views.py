"""Observatory pages, exports and action tracking."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from maillage.observatory.models import SdsfAction
from maillage.observatory.services import indicators_recompute
from tests.observatory import factories as f
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db

SQUARE = json.dumps(
    {"type": "Polygon", "coordinates": [[[2.3, 48.9], [2.4, 48.9], [2.4, 49.0], [2.3, 48.9]]]}
)


@pytest.fixture
def territory():
    sd = CommuneFactory(saint_denis=True, children_under_3=100, contour=SQUARE)
    mt = CommuneFactory(montreuil=True, children_under_3=50)
    sd.departement.contour = json.dumps(
        {"type": "Feature", "geometry": json.loads(SQUARE), "properties": {}}
    )
    sd.departement.save()
    for _ in range(3):
        f.childminder(sd, capacity=4, birth_year=1964)
    f.nursery(mt, places=30, taken=30)
    indicators_recompute()
    return sd, mt


def test_public_pages_render(client, territory):
    for url in (
        reverse("observatory:home"),
        reverse("observatory:departement", args=["93"]),
        reverse("observatory:commune", args=["93066"]),
        reverse("observatory:cliff"),
        reverse("observatory:cliff_departement", args=["93"]) + "?retirement_age=60",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content.decode().count("<h1") == 1
    page = client.get(reverse("observatory:departement", args=["93"])).content.decode()
    assert "Seine-Saint-Denis" in page and "non disponible" not in page.split("Communes")[0][:0]


def test_geojson_merges_values(client, territory):
    data = client.get(reverse("observatory:geo_departements")).json()
    assert data["features"][0]["properties"]["code"] == "93"
    assert data["features"][0]["properties"]["coverage_rate"] == round(100 * 42 / 150, 1)
    communes = client.get(reverse("observatory:geo_communes", args=["93"])).json()
    assert [ft["properties"]["code"] for ft in communes["features"]] == ["93066"]


def test_exports_open_with_the_right_values(client, territory):
    url = reverse("observatory:export")
    response = client.get(url, {"table": "communes", "departement": "93", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    by_code = {r[0]: r for r in rows[1:] if r[0]}
    assert by_code["93066"][3] == 12 and by_code["93066"][5] == 12.0
    response = client.get(url, {"table": "departements", "format": "csv"})
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[1][0] == "93"
    assert client.get(url, {"format": "pdf"}).status_code == 400


def test_opendata_export_hides_small_counts(client, territory):
    response = client.get(
        reverse("observatory:opendata_export"),
        {"table": "age_bands", "scope": "93", "format": "csv"},
    )
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    sd = next(line for line in lines if line and line[0] == "93066")
    # 3 childminders aged 60+: below 11, hidden; and its row total too.
    assert sd[-2] == "s" and sd[-1] == "s"


def test_actions_require_an_analyst_and_are_editable(client, territory):
    url = reverse("observatory:action_create", args=["93"])
    client.force_login(f.user(role="parent"))
    assert client.get(url).status_code == 403
    analyst = f.user(role="analyst")
    analyst.territory_departements.add("93")
    client.force_login(analyst)
    response = client.post(
        url,
        {
            "number": "2.1",
            "title": "Articuler les stratégies territoriales",
            "pilot": "Caf",
            "partners": "DRIEETS, CD, France Travail",
            "priorities": "• Coopérer\n• Diagnostiquer",
            "status": "in_progress",
            "indicator_keys": ["coverage_rate", "vacant_posts"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    action = SdsfAction.objects.get()
    assert action.axis == 2 and action.priority_list == ["Coopérer", "Diagnostiquer"]
    client.post(
        reverse("observatory:action_note", args=["93", action.pk]),
        {"note-date": "2026-05-27", "note-text": "Point en groupe de travail"},
    )
    summary = client.get(reverse("observatory:action_axis_summary", args=["93", 2]))
    page = summary.content.decode()
    assert "Point en groupe de travail" in page and "Taux de couverture" in page


def test_anonymous_pages_are_kept_until_the_next_recompute(client, territory, settings):
    settings.MAILLAGE_PAGE_CACHE = True
    url = reverse("observatory:departement", args=["93"])
    first = client.get(url)
    assert first.context is not None
    kept = client.get(url)
    assert kept.context is None and kept.content == first.content
    sd, _ = territory
    f.childminder(sd, capacity=4, birth_year=1990)
    indicators_recompute()
    fresh = client.get(url)
    assert fresh.context is not None and fresh.content != first.content
