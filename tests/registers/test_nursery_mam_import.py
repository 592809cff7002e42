from decimal import Decimal

import pytest

from maillage.childcare.enums import FieldSource, RegisterStatus
from maillage.childcare.models import Childminder, Mam, Nursery, PlaceChange
from maillage.registers.services import (
    RegisterImportRejected,
    childminder_register_import,
    mam_register_import,
    nursery_register_import,
)
from tests.childcare.factories import NurseryFactory

pytestmark = pytest.mark.django_db
WEEK = {"lundi": "07:30-18:30", "mardi": "07:30-18:30", "vendredi": "7h45-18h"}


def eaje(siret="73282932000074", **extra):
    row = {
        "siret": siret,
        "nom": "Multi-accueil Les Lucioles",
        "type": "multi",
        "code_insee": "93066",
        "sections": "bebes:2-18:10|moyens:18-30:15",
        "avip": "oui",
        "part_avip": "25 %",
        "part_minima_sociaux": "10",
        "psu": "oui",
        "email_responsable": "direction@lucioles.fr",
        **WEEK,
    }
    return row | extra


def test_a_creche_is_created_with_sections_hours_shares_and_an_invited_manager(
    territory_admin,
):
    report = nursery_register_import(rows=[eaje()], by=territory_admin, departements=["93"])

    assert report.created == 1
    nursery = Nursery.objects.get()
    assert nursery.siret == "73282932000074"
    assert sorted(nursery.age_groups.values_list("places", flat=True)) == [10, 15]
    assert (nursery.avip_share, nursery.social_minima_share) == (Decimal("0.25"), Decimal("0.1"))
    # Monday 07:30 is slot 15; Friday 7h45 opens at 08:00 (rounded inwards).
    assert nursery.opening_hours[15] == "1" and nursery.opening_hours[14] == "0"
    assert nursery.opening_hours[4 * 48 + 15] == "0" and nursery.opening_hours[4 * 48 + 16] == "1"
    manager = nursery.managers.get()
    assert manager.email == "direction@lucioles.fr" and not manager.is_active
    assert PlaceChange.objects.get().delta == 25


def test_a_wrong_siret_and_too_many_micro_creche_places_are_refused(territory_admin):
    rows = [
        eaje(siret="73282932000075"),
        eaje(siret="44306184100047", type="micro", sections="mixte:3-48:14"),
    ]

    with pytest.raises(RegisterImportRejected) as caught:
        nursery_register_import(rows=rows, by=territory_admin, departements=["93"])

    messages = [str(e) for e in caught.value.report.errors]
    assert messages[0].startswith("Ligne 2, colonne « siret » : Ce numéro SIRET n'existe pas")
    assert "une micro-crèche en accueille au plus 12" in messages[1]
    assert not Nursery.objects.exists()


def test_sections_the_manager_edited_are_kept_and_a_reimport_is_idempotent(territory_admin):
    nursery_register_import(rows=[eaje()], by=territory_admin, departements=["93"])
    again = nursery_register_import(rows=[eaje()], by=territory_admin, departements=["93"])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    nursery = Nursery.objects.get()
    nursery.field_sources = {**nursery.field_sources, "age_groups": FieldSource.PROVIDER}
    nursery.save()

    report = nursery_register_import(
        rows=[eaje(sections="mixte:2-36:30")], by=territory_admin, departements=["93"]
    )

    assert report.kept_fields == 1
    assert sorted(nursery.age_groups.values_list("places", flat=True)) == [10, 15]


def test_a_closed_creche_is_marked_and_waits_for_confirmation(territory_admin):
    nursery_register_import(
        rows=[eaje(), eaje(siret="44306184100047", nom="Les Lutins")],
        by=territory_admin,
        departements=["93"],
    )
    other = NurseryFactory()  # signed up by herself: never in the register

    report = nursery_register_import(rows=[eaje()], by=territory_admin, departements=["93"])

    assert report.left == 1
    assert Nursery.objects.get(siret="44306184100047").register_status == RegisterStatus.LEFT
    other.refresh_from_db()
    assert other.register_status == ""


def test_a_mam_gathers_the_childminders_of_its_members_agrements(territory_admin):
    childminder_register_import(
        rows=[
            {
                "numero_agrement": n,
                "nom": "X",
                "prenom": "Y",
                "email": f"{n}@ex.fr",
                "code_insee": "93048",
                "capacite": "4",
                "fin_agrement": "2030-01-01",
            }
            for n in ("A1", "A2", "A3")
        ],
        by=territory_admin,
        departements=["93"],
    )
    row = {
        "nom": "MAM Les Petits Pas",
        "commune": "Montreuil",
        "code_postal": "93100",
        "membres": "A1 | A2",
    }

    report = mam_register_import(rows=[row], by=territory_admin, departements=["93"])
    again = mam_register_import(rows=[row], by=territory_admin, departements=["93"])

    assert report.created == 1 and again.unchanged == 1
    mam = Mam.objects.get()
    assert set(mam.childminders.values_list("agrement_number", flat=True)) == {"A1", "A2"}
    assert mam.register_status == RegisterStatus.LISTED
    moved = mam_register_import(
        rows=[row | {"membres": "A2|A3"}], by=territory_admin, departements=["93"]
    )
    assert moved.updated == 1
    assert Childminder.objects.get(agrement_number="A1").mam is None


def test_a_mam_with_an_unknown_member_is_refused(territory_admin):
    row = {"nom": "MAM Le Nid", "code_insee": "93066", "membres": "INCONNU-1"}

    with pytest.raises(RegisterImportRejected) as caught:
        mam_register_import(rows=[row], by=territory_admin, departements=["93"])

    assert "agrément(s) inconnu(s)" in str(caught.value.report.errors[0])
    assert not Mam.objects.exists()


def test_coordinates_given_in_the_file_are_kept(territory_admin):
    nursery_register_import(
        rows=[eaje(latitude="48,9351", longitude="2.3571")],
        by=territory_admin,
        departements=["93"],
    )

    nursery = Nursery.objects.get()
    assert (nursery.latitude, nursery.longitude) == (48.9351, 2.3571)
