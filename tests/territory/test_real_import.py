"""The shipped files of data/territory import completely and match the published figures."""

from pathlib import Path

import pytest
from django.conf import settings

from maillage.territory.models import CafCoverageRate, Commune, Departement, Region
from maillage.territory.services.importer import territory_import

DATA_DIR = Path(settings.BASE_DIR) / "data" / "territory"


@pytest.mark.slow
@pytest.mark.django_db
def test_shipped_referential_imports_completely():
    report = territory_import(data_dir=DATA_DIR)

    assert Region.objects.count() == 18
    assert Departement.objects.count() == 101
    assert Commune.objects.count() == 34_875
    assert CafCoverageRate.objects.count() == 712
    assert not Commune.objects.filter(contour="").exists()
    # The four Cantal communes restored in 2026 have no births row (counted in 15141).
    assert sorted(Commune.objects.filter(births_by_year={}).values_list("code", flat=True)) == [
        "15031",
        "15035",
        "15047",
        "15171",
    ]
    assert any("15031" in warning for warning in report.warnings)
    # Paris, Lyon, Marseille have their own COM rows, equal to the sum of their arrondissements.
    assert not any("arrondissements" in warning for warning in report.warnings)
    paris = Commune.objects.get(code="75056")
    assert paris.births_by_year["2024"] == 21_484
    assert paris.children_under_3 == 23_785 + 21_775 + 21_484
    assert paris.postcodes.split()[0] == "75001"
    assert Commune.objects.search("st denis").first().code == "97411"
    assert Commune.objects.search("93200").first().code == "93066"
    assert Departement.objects.get(code="976").births_by_year.get("2008") is None

    second = territory_import(data_dir=DATA_DIR)
    assert sum(c.created + c.updated for c in second.counts.values()) == 0
