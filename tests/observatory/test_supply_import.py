"""CSV import of supply figures: line-by-line report, all or nothing, idempotent."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from maillage.observatory.models import SupplyFigure
from maillage.observatory.services.supply_import import supply_import
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db

GOOD = (
    "code_insee;annee;places_assistants_maternels;places_creches;assistants_maternels;"
    "am_55_59;am_60_et_plus;am_40_49\n"
    "93066;2024;820;1210;240;60;40;140\n"
    "93048;2024;700;900;;;;\n"
)


@pytest.fixture(autouse=True)
def communes():
    CommuneFactory(saint_denis=True)
    CommuneFactory(montreuil=True)


def test_valid_file_is_imported_then_idempotent():
    report = supply_import(text=GOOD, source_label="Test")
    assert report.ok and (report.created, report.updated) == (2, 0)
    fig = SupplyFigure.objects.get(commune_id="93066", year=2024)
    assert fig.places_childminders == 820
    assert fig.childminders_by_age_band == {"55_59": 60, "60_et_plus": 40, "40_49": 140}
    again = supply_import(text=GOOD, source_label="Test")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = supply_import(text=GOOD.replace("700;900", "710;900"), source_label="Test")
    assert changed.updated == 1
    assert SupplyFigure.objects.count() == 2


def test_one_bad_line_rejects_the_whole_file_with_a_french_report():
    bad = GOOD + "99999;2024;1;1;;;;\n93066;deux;1;1;;;;\n93048;2024;x;1;;;;\n"
    report = supply_import(text=bad)
    assert not report.ok
    text = "\n".join(report.lines())
    assert "Ligne 4 : commune « 99999 » inconnue." in text
    assert "Ligne 5 : « annee » doit être un entier positif" in text
    assert "Ligne 6 : « places_assistants_maternels »" in text
    assert "Ligne 6 : commune 93048 déjà présente pour 2024." in text
    assert SupplyFigure.objects.count() == 0


def test_bands_must_add_up_and_duplicates_are_refused():
    text = GOOD.replace("240;60;40;140", "241;60;40;140") + "93066;2024;1;1;;;;\n"
    report = supply_import(text=text)
    joined = "\n".join(report.errors)
    assert "somme des tranches d'âge (240) diffère du nombre d'assistants maternels (241)" in joined
    assert "Ligne 4 : commune 93066 déjà présente pour 2024." in joined


def test_missing_columns_and_dry_run_command(tmp_path, capsys):
    assert supply_import(text="code_insee,annee\n93066,2024\n").errors == [
        "Colonnes manquantes : places_assistants_maternels, places_creches."
    ]
    path = tmp_path / "offre.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_supply", str(path), "--dry-run")
    assert "Simulation (rien n'est enregistré) : 2 créée(s)" in capsys.readouterr().out
    assert SupplyFigure.objects.count() == 0
    path.write_text(GOOD + "00000;2024;1;1;;;;\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_supply", str(path))
