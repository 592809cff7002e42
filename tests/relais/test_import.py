"""The Relais Petite Enfance directory: CSV import (French line/column errors, all or
nothing, idempotent), the command, and the demo data."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from maillage.relais.demo import demo_relais_csv
from maillage.relais.imports import RelaisImportError, relais_import
from maillage.relais.models import RelaisPetiteEnfance
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db

HEADER = "identifiant;nom;communes;adresse;telephone;email;horaires;site_web\n"
GOOD = (
    HEADER
    + "RPE-SD;Relais Petite Enfance de Saint-Denis;93066;2 place du Caquet, 93200 Saint-Denis;"
    "01 49 33 00 00;rpe@ville-saint-denis.fr;Lundi 9 h – 17 h / Mercredi 9 h – 12 h;"
    "ville-saint-denis.fr/rpe\n" + "RPE-EST;Relais de l'Est;93048 93006;;+33 1 48 70 00 00;;;\n"
)


@pytest.fixture
def communes():
    return [
        CommuneFactory(saint_denis=True),
        CommuneFactory(montreuil=True),
        CommuneFactory(code="93006", name="Bagnolet"),
    ]


def test_the_import_creates_the_relais_with_their_communes(communes):
    report = relais_import(raw=GOOD.encode())
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    sd = RelaisPetiteEnfance.objects.get(code="RPE-SD")
    assert sd.phone == "01 49 33 00 00"
    assert sd.website == "https://ville-saint-denis.fr/rpe"
    assert sd.opening_hours == "Lundi 9 h – 17 h\nMercredi 9 h – 12 h"
    east = RelaisPetiteEnfance.objects.get(code="RPE-EST")
    assert east.phone == "01 48 70 00 00"
    assert [r.code for r in RelaisPetiteEnfance.objects.covering(communes[2])] == ["RPE-EST"]
    assert [r.code for r in RelaisPetiteEnfance.objects.covering("93066")] == ["RPE-SD"]


def test_a_second_run_changes_nothing_and_a_changed_line_updates(communes):
    relais_import(raw=GOOD.encode())
    again = relais_import(raw=GOOD.encode())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    moved = GOOD.replace("93048 93006", "93048")
    report = relais_import(raw=moved.encode("cp1252", errors="replace"))
    assert (report.updated, report.unchanged) == (1, 1)
    east = RelaisPetiteEnfance.objects.get(code="RPE-EST")
    assert [c.code for c in east.communes.all()] == ["93048"]
    assert RelaisPetiteEnfance.objects.count() == 2


def test_errors_name_the_line_and_column_in_french_and_nothing_is_written(communes):
    bad = (
        HEADER
        + "RPE-1;Relais un;93066;;01 23;pas-un-courriel;;\n"
        + "RPE-1;Relais deux;93999 9X;;;;;\n"
        + ";;;;;;;\n"
        + "RPE-3;;93066;;;;;pas une adresse\n"
    )
    with pytest.raises(RelaisImportError) as caught:
        relais_import(raw=bad.encode())
    assert caught.value.errors == [
        "Ligne 2, colonne « telephone » : « 01 23 » n'est pas un numéro français à 10 chiffres.",
        "Ligne 2, colonne « email » : « pas-un-courriel » n'est pas une adresse électronique "
        "valide.",
        "Ligne 3, colonne « identifiant » : identifiant « RPE-1 » déjà utilisé ligne 2.",
        "Ligne 3, colonne « communes » : code(s) INSEE mal formé(s) : 9X (5 caractères).",
        "Ligne 3, colonne « communes » : code(s) INSEE inconnu(s) : 93999.",
        "Ligne 5, colonne « nom » : nom du relais manquant ou trop long (200 caractères au plus).",
        "Ligne 5, colonne « site_web » : « pas une adresse » n'est pas une adresse de site valide.",
    ]
    assert not RelaisPetiteEnfance.objects.exists()


def test_an_unknown_commune_and_a_missing_column_are_refused(communes):
    with pytest.raises(RelaisImportError) as caught:
        relais_import(raw=(HEADER + "RPE-X;Relais X;93999;;;;;\n").encode())
    assert caught.value.errors == [
        "Ligne 2, colonne « communes » : code(s) INSEE inconnu(s) : 93999."
    ]
    with pytest.raises(RelaisImportError) as caught:
        relais_import(raw=b"identifiant,nom\nA,B\n")
    assert caught.value.errors == ["Ligne 1 : colonne(s) manquante(s) : communes."]


def test_the_command_has_a_dry_run_and_reports_in_french(communes, tmp_path, capsys):
    path = tmp_path / "rpe.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_rpe", str(path), "--dry-run")
    assert "2 relais seraient créé(s)" in capsys.readouterr().out
    assert not RelaisPetiteEnfance.objects.exists()
    call_command("import_rpe", str(path))
    assert RelaisPetiteEnfance.objects.count() == 2
    path.write_text(HEADER + "RPE-X;Relais X;93999;;;;;\n")
    with pytest.raises(CommandError, match="rien n'a été écrit"):
        call_command("import_rpe", str(path))


def test_demo_relais_cover_every_commune_of_the_departement(capsys):
    big = CommuneFactory(saint_denis=True, population=113_000, latitude=48.93, longitude=2.36)
    other = CommuneFactory(montreuil=True, population=111_000, latitude=48.86, longitude=2.44)
    small = CommuneFactory(
        code="93027", name="La Courneuve", population=9_000, latitude=48.92, longitude=2.39
    )
    assert demo_relais_csv("93").startswith(HEADER.rstrip("\n"))
    call_command("seed_rpe_demo", "--departement", "93")
    assert "2 relais sont créé(s)" in capsys.readouterr().out
    for commune in (big, other, small):
        assert RelaisPetiteEnfance.objects.covering(commune).count() == 1
    assert RelaisPetiteEnfance.objects.covering(small).get().name == (
        "Relais Petite Enfance de Saint-Denis"
    )
    call_command("seed_rpe_demo", "--departement", "93", "--if-empty")
    assert RelaisPetiteEnfance.objects.count() == 2
