import hashlib
import json

import pytest
from django.core.management import call_command

from maillage.territory.models import (
    CafCoverageRate,
    Commune,
    Departement,
    Intercommunality,
    Region,
)
from maillage.territory.services.importer import territory_import
from tests.territory import datafiles

pytestmark = pytest.mark.django_db


def checksum() -> str:
    digest = hashlib.sha256()
    for model in (Region, Departement, Commune, CafCoverageRate):
        fields = [f.attname for f in model._meta.concrete_fields if f.attname != "id"]
        for row in model.objects.order_by(*fields[:2]).values_list(*fields):
            digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.fixture
def data_dir(tmp_path):
    return datafiles.write_referential(tmp_path / "territory")


def test_first_import_creates_the_whole_referential(data_dir):
    report = territory_import(data_dir=data_dir)

    assert {name: c.created for name, c in report.counts.items()} == {
        "régions": 2,
        "départements": 3,
        "intercommunalités": 4,
        "communes": 5,
        "taux de couverture CAF": 3,
    }
    saint_denis = Commune.objects.get(code="93066")
    assert (saint_denis.epci.name, saint_denis.ept.name) == (
        "Métropole du Grand Paris",
        "Plaine Commune",
    )
    est_ensemble = Intercommunality.objects.get(name="Est Ensemble")
    assert est_ensemble.is_ept and est_ensemble.departement_id == "93"
    assert est_ensemble.population == 111000 + 55000
    assert sorted(est_ensemble.ept_communes.values_list("code", flat=True)) == ["93008", "93048"]
    assert Commune.objects.get(code="69123").ept is None
    assert saint_denis.search_name == "saint denis"
    assert saint_denis.departement_id == "93" and saint_denis.region_id == "11"
    assert saint_denis.postcodes == "93200 93210"
    assert saint_denis.latitude == pytest.approx(48.9356)
    assert len(saint_denis.births_by_year) == 17
    assert saint_denis.births_by_year["2008"] == 100
    # children_under_3 = births 2022 + 2023 + 2024 (bases + 14, 15, 16).
    assert saint_denis.children_under_3 == 114 + 115 + 116
    assert json.loads(saint_denis.contour)["type"] == "Polygon"
    assert " " not in saint_denis.contour  # compact GeoJSON


def test_cities_known_only_by_arrondissements_sum_them(data_dir):
    report = territory_import(data_dir=data_dir)

    lyon = Commune.objects.get(code="69123")
    # Three ARM rows with bases 10, 20, 0: 30 + 3 * year_index.
    assert lyon.births_by_year["2008"] == 30
    assert lyon.births_by_year["2024"] == 30 + 3 * 16
    # Paris has its own COM row, kept; it equals the sum of its arrondissements.
    assert Commune.objects.get(code="75056").births_by_year["2024"] == 300 + 2 * 16
    assert not any("75056" in warning for warning in report.warnings)


def test_city_row_differing_from_its_arrondissements_is_reported(tmp_path):
    rows = [
        r.replace("ARM,75102,Paris 2e Arrondissement,200,", "ARM,75102,Paris 2e,199,")
        for r in datafiles.BIRTHS_ROWS
    ]
    data_dir = datafiles.write_referential(
        tmp_path, insee_naissances_communes_2008_2024=datafiles.BIRTHS_HEADER + "\n".join(rows)
    )

    report = territory_import(data_dir=data_dir)

    assert "naissances de 75056 : la somme des arrondissements diffère" in report.warnings
    assert Commune.objects.get(code="75056").births_by_year["2008"] == 300


def test_commune_without_births_row_keeps_zero_and_is_reported(data_dir):
    report = territory_import(data_dir=data_dir)

    bobigny = Commune.objects.get(code="93008")
    assert bobigny.births_by_year == {}
    assert bobigny.children_under_3 == 0
    assert any("93008" in warning for warning in report.warnings)


def test_departement_births_and_caf_rates_are_imported(data_dir):
    territory_import(data_dir=data_dir)

    assert Departement.objects.get(code="75").births_by_year["2024"] == 20016
    assert Departement.objects.get(code="69").births_by_year == {}
    saint_barth = CafCoverageRate.objects.get(departement_code="977", year=2023)
    assert saint_barth.txcouv_global == pytest.approx(6.2)
    assert saint_barth.txcouv_assistante_maternelle is None
    assert Region.objects.get(code="84").contour.startswith('{"type":"Polygon"')


def test_second_run_changes_nothing(data_dir):
    territory_import(data_dir=data_dir)
    before = checksum()

    report = territory_import(data_dir=data_dir)

    assert sum(c.created for c in report.counts.values()) == 0
    assert sum(c.updated for c in report.counts.values()) == 0
    assert report.counts["communes"].unchanged == 5
    assert not report.changed
    assert checksum() == before


def test_changed_value_updates_only_that_row(data_dir, tmp_path):
    territory_import(data_dir=data_dir)
    rows = [
        r.replace("Montreuil,93,11,111000", "Montreuil,93,11,112500")
        for r in datafiles.COMMUNES_ROWS
    ]
    datafiles.write_gz(
        data_dir / "communes.csv.gz", datafiles.COMMUNES_HEADER + "\n".join(rows) + "\n"
    )

    report = territory_import(data_dir=data_dir)

    assert report.counts["communes"].updated == 1
    assert report.counts["communes"].unchanged == 4
    assert Commune.objects.get(code="93048").population == 112_500


def test_vanished_commune_is_reported_and_kept_unless_pruned(data_dir):
    territory_import(data_dir=data_dir)
    rows = [r for r in datafiles.COMMUNES_ROWS if not r.startswith("93008")]
    datafiles.write_gz(
        data_dir / "communes.csv.gz", datafiles.COMMUNES_HEADER + "\n".join(rows) + "\n"
    )

    report = territory_import(data_dir=data_dir)
    assert report.counts["communes"].missing == ["93008"]
    assert Commune.objects.filter(code="93008").exists()

    report = territory_import(data_dir=data_dir, prune=True)
    assert report.counts["communes"].deleted == 1
    assert not Commune.objects.filter(code="93008").exists()


def test_dry_run_writes_nothing(data_dir):
    report = territory_import(data_dir=data_dir, dry_run=True)

    assert report.counts["communes"].created == 5
    assert Commune.objects.count() == 0


def test_command_prints_french_counts_and_is_idempotent(data_dir, capsys):
    call_command("import_territory", data_dir=str(data_dir))
    first = capsys.readouterr().out
    call_command("import_territory", data_dir=str(data_dir))
    second = capsys.readouterr().out

    assert "communes : 5 créé(s), 0 mis à jour, 0 inchangé(s)" in first
    assert "communes : 0 créé(s), 0 mis à jour, 5 inchangé(s)" in second
    assert "Import terminé" in second


def test_command_dry_run_says_nothing_was_written(data_dir, capsys):
    call_command("import_territory", data_dir=str(data_dir), dry_run=True)

    assert "Simulation terminée" in capsys.readouterr().out
    assert Commune.objects.count() == 0


def test_large_batch_path_gives_the_same_rows(data_dir, monkeypatch):
    """On PostgreSQL large batches go through COPY: same rows, still idempotent."""
    from maillage.territory.services import importer

    territory_import(data_dir=data_dir)
    expected = checksum()
    for model in (CafCoverageRate, Commune):
        model.objects.all().delete()
    monkeypatch.setattr(importer, "COPY_THRESHOLD", 1)

    territory_import(data_dir=data_dir)

    assert checksum() == expected
    assert not territory_import(data_dir=data_dir).changed
