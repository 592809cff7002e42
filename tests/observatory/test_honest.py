"""An honest observatory: « non disponible » where the platform knows no supply, France
figures only from territories with data, data coverage against the CAF's estimate, and the
estimate of job seekers' children per commune (docs/observatory_methods.md)."""

from __future__ import annotations

import gzip
import math

import numpy as np
import pytest
from django.urls import reverse

from maillage.observatory import indicators, tables
from maillage.observatory.services import indicators_recompute, snapshot_values
from maillage.observatory.services.data import unemployment_by_commune
from tests.observatory import factories as f
from tests.territory.factories import CommuneFactory, DepartementFactory, RegionFactory


def test_job_seekers_children_on_a_tiny_fixture():
    children = np.array([100, 50, 10, 40])
    unemployed = np.array([10, 0, 5, 3])
    population = np.array([100, 0, 50, 0])
    estimate = indicators.job_seekers_children(children, unemployed, population)
    # u = 10 %: a child has at least one of two parents unemployed with 1 − 0.9² = 19 %.
    assert estimate[0] == pytest.approx(19.0)
    assert math.isnan(estimate[1]) and math.isnan(estimate[3])
    assert estimate[2] == pytest.approx(1.9)


def test_the_census_file_is_read_with_paris_summed_from_its_arrondissements(tmp_path):
    path = tmp_path / "comparateur.csv.gz"
    header = "niveau,code_insee,pop_15_64_totale_2021,pop_15_64_chomage_2021\n"
    lines = [
        "COM,93066,77800,11101",
        "ARM,75101,11351,846",
        "ARM,75102,14000,1000",
        "COM,60694,0,0",  # created in 2024: no census figures in the source
    ]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(header + "\n".join(lines) + "\n")
    census = unemployment_by_commune(path)
    assert census["93066"] == (11101, 77800)
    assert census["75056"] == (1846, 25351)
    assert "60694" not in census


def _table(known):
    return indicators.CommuneTable(
        codes=["93001", "93002", "33001"],
        departements=["93", "93", "33"],
        regions=["11", "11", "75"],
        counts={
            "children_under_3": np.array([100, 100, 400]),
            "places_childminders": np.array([40, 0, 0]),
            "places_nurseries": np.array([20, 0, 0]),
            "caf_estimated_places": np.array([60.0, 60.0, 240.0]),
        },
        known=np.array(known),
    )


def test_france_figures_come_only_from_territories_with_data():
    result = indicators.compute(_table([True, True, False]))
    france = result["france"]["FR"]
    # 60 places for the 200 children of Seine-Saint-Denis only, not for all 600 children.
    assert france["coverage_rate"] == 30.0
    assert france["departements_with_data"] == 1 and france["communes_with_data"] == 2
    assert france["data_coverage_rate"] == 50.0
    gironde = result["departement"]["33"]
    assert gironde["coverage_rate"] is None and gironde["places_total"] is None
    assert gironde["data_coverage_rate"] is None
    assert result["commune"]["33001"]["places_childminders"] is None
    # A commune of a département with data and no provider has a real zero.
    assert result["commune"]["93002"]["coverage_rate"] == 0.0
    ranked = [c for c, v in indicators.ranking(result["departement"], "coverage_rate") if v]
    assert ranked == ["93"]


def test_without_a_mask_every_territory_counts_as_before():
    result = indicators.compute(_table([True, True, True]))
    assert result["france"]["FR"]["coverage_rate"] == 10.0


@pytest.fixture
def two_departements(db):
    sd = CommuneFactory(saint_denis=True, children_under_3=200)
    gironde = DepartementFactory(
        code="33", name="Gironde", region=RegionFactory(code="75", name="Nouvelle-Aquitaine")
    )
    bordeaux = CommuneFactory(code="33063", name="Bordeaux", departement=gironde)
    for _ in range(5):
        f.childminder(sd, capacity=4)
    indicators_recompute()
    return sd, bordeaux


def test_a_departement_without_data_shows_non_disponible_and_is_not_ranked(
    client, two_departements
):
    values = snapshot_values("departement", "33")
    assert values["coverage_rate"] is None and values["communes_with_data"] == 0
    page = client.get(reverse("observatory:departement", args=["33"])).content.decode()
    assert "Maillage : <strong>non disponible</strong>" in page
    assert "aucun assistant maternel ni aucune crèche de ce département" in page
    coverage_row = page.split("Taux de couverture (places pour 100 enfants)")[1].split("</tr>")[0]
    assert "non disponible" in coverage_row
    table = tables.departements_table({"93": "Seine-Saint-Denis", "33": "Gironde"})
    rows = {row[0]: row for row in table.rows}
    assert rows["93"][-1] == 1 and rows["33"][-1] == "non classé"
    assert rows["33"][5] == "non disponible" and rows["33"][3] == "non disponible"
    assert [row[0] for row in table.rows] == ["93", "33"]


def test_the_home_page_says_france_figures_come_from_departements_with_data(
    client, two_departements
):
    page = client.get(reverse("observatory:home")).content.decode()
    assert "ne sont calculés que sur les 1 départements (sur 2)" in page
    france = snapshot_values("france", "FR")
    assert france["coverage_rate"] == 10.0  # 20 places for the 200 children of 93 only


def test_the_coverage_indicator_compares_with_the_caf_estimate(client, two_departements):
    page = client.get(reverse("observatory:departement", args=["93"])).content.decode()
    assert 'id="couverture-donnees"' in page
    assert "de l'offre estimée par la Caf est inscrite sur Maillage" in page
    values = snapshot_values("departement", "93")
    assert values["places_total"] == 20
    if values["caf_estimated_places"]:
        expected = round(100 * 20 / values["caf_estimated_places"], 1)
        assert values["data_coverage_rate"] == pytest.approx(expected, abs=0.1)


def test_the_job_seekers_children_estimate_is_published_rounded(two_departements):
    values = snapshot_values("commune", "93066")
    assert values["unemployed_15_64"] == 11101 and values["population_15_64"] == 77800
    share = 11101 / 77800
    assert values["job_seekers_children"] == pytest.approx(200 * (1 - (1 - share) ** 2), abs=0.1)
    assert tables._rounded(values["job_seekers_children"]) == 50
    assert tables._rounded(7.4) == "moins de 10"
