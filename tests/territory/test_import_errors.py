"""A malformed file is rejected with a French message naming it, and nothing is written."""

import pytest
from django.core.management import CommandError, call_command

from maillage.territory.models import Commune
from maillage.territory.services.errors import TerritoryImportError
from maillage.territory.services.importer import territory_import
from tests.territory import datafiles
from tests.territory.test_import import checksum

pytestmark = pytest.mark.django_db

HEADER = datafiles.COMMUNES_HEADER
ROWS = datafiles.COMMUNES_ROWS


def communes(*rows: str) -> str:
    return HEADER + "\n".join(rows) + "\n"


@pytest.fixture
def imported(tmp_path):
    """A referential already imported from good files; returns its checksum."""
    territory_import(data_dir=datafiles.write_referential(tmp_path / "good"))
    return checksum()


def assert_rejected(tmp_path, expected: str, **overrides) -> None:
    bad_dir = datafiles.write_referential(tmp_path / "bad", **overrides)
    with pytest.raises(CommandError) as error:
        call_command("import_territory", data_dir=str(bad_dir))
    assert expected in str(error.value)
    assert str(error.value).startswith("Import du référentiel territorial refusé")


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"communes": communes(ROWS[0], "93066,Saint-Denis,93,11,113000,93200,abc,2.35")},
            "communes.csv.gz, ligne 3 : latitude invalide 'abc'",
        ),
        (
            {"communes": communes(ROWS[0], ",Sans-Code,93,11,10,93200,48.9,2.3")},
            "communes.csv.gz, ligne 3 : code INSEE manquant",
        ),
        (
            {"communes": communes(ROWS[0], ROWS[1], ROWS[1])},
            "communes.csv.gz, ligne 4 : code INSEE en double '93066' (déjà vu ligne 3)",
        ),
        (
            {"communes": HEADER.replace(",latitude", "") + "75056,Paris,75,11,1,75001,2.3\n"},
            "communes.csv.gz, ligne 1 : colonne manquante : latitude",
        ),
        (
            {"communes": communes(ROWS[0], "93066,Saint-Denis,93,11,113000")},
            "communes.csv.gz, ligne 3 : 5 colonnes au lieu de 8 (ligne tronquée ?)",
        ),
        (
            {"communes": communes("93066,Saint-Denis,99,11,113000,93200,48.9,2.35")},
            "communes.csv.gz, ligne 2 : département inconnu '99'",
        ),
        (
            {
                "intercommunalites_2026": datafiles.INTERCOMMUNALITIES
                + "200057875,Est Ensemble,EPT,93066\n"
            },
            "intercommunalites_2026.csv.gz, ligne 10 : commune 93066 rattachée à deux "
            "intercommunalités",
        ),
        (
            {"intercommunalites_2026": "code_siren,nom,nature,code_insee\n1234,X,CC,93066\n"},
            "intercommunalites_2026.csv.gz, ligne 2 : SIREN invalide '1234'",
        ),
        (
            {
                "intercommunalites_2026": "code_siren,nom,nature,code_insee\n200057875,X,SIVU,93066\n"
            },
            "intercommunalites_2026.csv.gz, ligne 2 : nature d'intercommunalité inconnue 'SIVU'",
        ),
        (
            {"communes": communes("93066,Saint-Denis,93,11,-5,93200,48.9,2.35")},
            "communes.csv.gz, ligne 2 : population invalide '-5'",
        ),
        (
            {"communes": communes("93066,Saint-Denis,93,11,5,9320,48.9,2.35")},
            "communes.csv.gz, ligne 2 : code postal invalide '9320'",
        ),
        (
            {
                "insee_naissances_communes_2008_2024": datafiles.BIRTHS_HEADER
                + datafiles.BIRTHS_ROWS[0].replace(",300,", ",x,", 1)
                + "\n"
            },
            "insee_naissances_communes_2008_2024.csv.gz, ligne 2 : naissances 2008 invalide 'x'",
        ),
        (
            {"communes_contours_2026_simplifies": '{"type": "FeatureCollection", "features": ['},
            "communes_contours_2026_simplifies.geojson.gz, ligne 1 : JSON invalide",
        ),
        (
            {"regions": datafiles.REGIONS + "11,Doublon,75056,1,1,48.7,2.5\n"},
            "regions.csv.gz, ligne 4 : code région en double '11'",
        ),
    ],
    ids=[
        "bad-latitude",
        "missing-code",
        "duplicate-code",
        "missing-column",
        "short-line",
        "unknown-departement",
        "commune-in-two-epts",
        "bad-siren",
        "unknown-grouping-kind",
        "negative-population",
        "bad-postcode",
        "bad-births",
        "broken-json",
        "duplicate-region",
    ],
)
def test_malformed_file_is_rejected_and_referential_kept(tmp_path, imported, overrides, expected):
    assert_rejected(tmp_path, expected, **overrides)

    assert checksum() == imported
    assert Commune.objects.count() == 5
    assert Commune.objects.get(code="93066").name == "Saint-Denis"


def test_truncated_gzip_is_rejected_and_referential_kept(tmp_path, imported):
    bad_dir = datafiles.write_referential(tmp_path / "bad")
    path = bad_dir / "communes_contours_2026_simplifies.geojson.gz"
    path.write_bytes(path.read_bytes()[:-20])

    with pytest.raises(CommandError) as error:
        call_command("import_territory", data_dir=str(bad_dir))

    assert "communes_contours_2026_simplifies.geojson.gz : fichier tronqué ou corrompu (gzip)" in (
        str(error.value)
    )
    assert checksum() == imported


def test_missing_file_is_named(tmp_path):
    bad_dir = datafiles.write_referential(tmp_path / "bad")
    (bad_dir / "departements.csv.gz").unlink()

    with pytest.raises(TerritoryImportError, match=r"departements\.csv\.gz : fichier introuvable"):
        territory_import(data_dir=bad_dir)
    assert Commune.objects.count() == 0


def test_failure_while_writing_rolls_everything_back(tmp_path, imported, monkeypatch):
    from maillage.territory.services import importer

    good_dir = datafiles.write_referential(
        tmp_path / "changed", communes=communes(*[r.replace(",Paris,", ",Paname,") for r in ROWS])
    )
    real_sync = importer._sync

    def failing_sync(model, *args, **kwargs):
        if model.__name__ == "CafCoverageRate":
            raise RuntimeError("panne au milieu de l'écriture")
        return real_sync(model, *args, **kwargs)

    monkeypatch.setattr(importer, "_sync", failing_sync)
    with pytest.raises(RuntimeError):
        territory_import(data_dir=good_dir)

    assert checksum() == imported
    assert Commune.objects.get(code="75056").name == "Paris"
