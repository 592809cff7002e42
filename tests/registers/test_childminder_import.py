import datetime as dt

import pytest
import time_machine

from maillage.childcare.enums import FieldSource, RegisterStatus
from maillage.childcare.models import Childminder, PlaceChange
from maillage.registers.formats import CHILDMINDER_COLUMNS
from maillage.registers.reading import file_rows
from maillage.registers.services import (
    RegisterImportRejected,
    childminder_register_import,
)
from tests.registers.conftest import cm_csv, cm_line

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


def run(write, admin, content, *, dry_run=False):
    rows = file_rows(write(content), CHILDMINDER_COLUMNS)
    return childminder_register_import(rows=rows, by=admin, departements=["93"], dry_run=dry_run)


def test_a_dry_run_counts_what_would_be_created_and_writes_nothing(write, territory_admin):
    content = cm_csv(cm_line("093-AM-0001"), cm_line("093-AM-0002", email="b@exemple.fr"))

    report = run(write, territory_admin, content, dry_run=True)

    assert (report.created, report.updated, report.rejected) == (2, 0, 0)
    assert [r.action for r in report.rows] == ["created", "created"]
    assert not Childminder.objects.exists()


def test_an_import_creates_inactive_childminders_placed_at_the_commune_centre(
    write, territory_admin, communes
):
    report = run(write, territory_admin, cm_csv(cm_line(email="Aminata@Exemple.fr")))

    assert report.created == 1
    cm = Childminder.objects.select_related("user").get()
    assert cm.agrement_number == "093-AM-0001"
    assert (cm.latitude, cm.longitude) == (communes["saint_denis"].latitude, 2.36)
    assert cm.user.email == "aminata@exemple.fr"
    assert not cm.user.is_active and not cm.user.has_usable_password()
    assert cm.register_status == RegisterStatus.LISTED
    assert cm.field_sources["agrement_capacity"] == FieldSource.REGISTER
    change = PlaceChange.objects.get()
    assert (change.delta, change.source, change.provider_id) == (4, "import", cm.pk)


def test_importing_the_same_file_twice_changes_nothing(write, territory_admin):
    content = cm_csv(cm_line("093-AM-0001"), cm_line("093-AM-0002", email="b@exemple.fr"))
    run(write, territory_admin, content)

    report = run(write, territory_admin, content)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert Childminder.objects.count() == 2
    assert PlaceChange.objects.count() == 2


def test_a_new_capacity_is_updated_and_dated_in_the_supply_history(write, territory_admin):
    run(write, territory_admin, cm_csv(cm_line(capacite="3")))

    report = run(write, territory_admin, cm_csv(cm_line(capacite="4")))

    assert report.updated == 1
    assert Childminder.objects.get().agrement_capacity == 4
    assert list(PlaceChange.objects.order_by("pk").values_list("delta", flat=True)) == [3, 1]


def test_an_import_never_overwrites_what_the_childminder_declared(write, territory_admin):
    run(write, territory_admin, cm_csv(cm_line(capacite="3")))
    cm = Childminder.objects.get()
    cm.agrement_capacity = 2
    cm.free_places = ["2026-04-01"]
    cm.field_sources = {**cm.field_sources, "agrement_capacity": FieldSource.PROVIDER}
    cm.save()

    report = run(write, territory_admin, cm_csv(cm_line(capacite="4")))

    cm.refresh_from_db()
    assert cm.agrement_capacity == 2
    assert cm.free_places == ["2026-04-01"]
    assert report.kept_fields == 1


def test_a_commune_given_by_name_and_postcode_is_found(write, territory_admin):
    line = cm_line(insee="", commune="MONTREUIL", postcode="93100")

    run(write, territory_admin, cm_csv(line))

    assert Childminder.objects.get().commune_id == "93048"


def test_every_faulty_line_is_named_and_nothing_is_written(write, territory_admin):
    content = cm_csv(
        cm_line("093-AM-0001"),
        cm_line("093-AM-0002", insee="99999"),
        cm_line("093-AM-0003", capacite="5"),
        cm_line("093-AM-0004", capacite="7", derogation="oui"),
        cm_line("093-AM-0001"),
        cm_line("093-AM-0005", insee="91228"),
        cm_line("093-AM-0006", fin="31/02/2029"),
    )

    with pytest.raises(RegisterImportRejected) as caught:
        run(write, territory_admin, content)

    messages = [str(e) for e in caught.value.report.errors]
    assert (
        messages[0] == "Ligne 3, colonne « code_insee » : commune inconnue : code INSEE « 99999 »."
    )
    assert messages[1].startswith("Ligne 4, colonne « capacite » : 5 enfants : au-delà de 4")
    assert "6 par dérogation" in messages[2]
    assert messages[3].startswith("Ligne 6, colonne « numero_agrement » : déjà présent ligne 2")
    assert "département 91, hors de votre territoire" in messages[4]
    assert messages[5].startswith("Ligne 8, colonne « fin_agrement » : date invalide")
    assert caught.value.report.rejected == 6
    assert not Childminder.objects.exists()


def test_a_derogation_allows_six_children(write, territory_admin):
    run(write, territory_admin, cm_csv(cm_line(capacite="6", derogation="oui")))

    assert Childminder.objects.get().agrement_capacity == 6


def test_a_childminder_absent_from_the_new_register_is_marked_as_left(write, territory_admin):
    run(write, territory_admin, cm_csv(cm_line("093-AM-0001"), cm_line("093-AM-0002")))

    report = run(write, territory_admin, cm_csv(cm_line("093-AM-0001")))

    assert report.left == 1
    left = Childminder.objects.get(agrement_number="093-AM-0002")
    assert left.register_status == RegisterStatus.LEFT
    assert left.register_left_at is not None


def test_an_expired_agrement_in_the_register_marks_her_as_left(write, territory_admin):
    run(write, territory_admin, cm_csv(cm_line()))

    report = run(write, territory_admin, cm_csv(cm_line(fin="2026-01-31")))

    assert report.left == 1
    assert Childminder.objects.get().register_status == RegisterStatus.LEFT


def test_a_windows_1252_file_with_a_comma_is_read(write, territory_admin):
    content = cm_csv(cm_line(nom="Lefèvre", prenom="Hélène")).decode().replace(";", ",")

    run(write, territory_admin, content.encode("cp1252"))

    assert Childminder.objects.get().user.last_name == "Lefèvre"


def test_two_childminders_with_the_same_email_are_refused(write, territory_admin):
    content = cm_csv(cm_line("A1", email="x@exemple.fr"), cm_line("A2", email="x@exemple.fr"))

    with pytest.raises(RegisterImportRejected) as caught:
        run(write, territory_admin, content)

    assert "déjà celle de la ligne 2" in str(caught.value.report.errors[0])
    assert not Childminder.objects.exists()


def test_the_validity_date_is_taken_from_the_file(write, territory_admin):
    run(write, territory_admin, cm_csv(cm_line(fin="31/05/2029")))

    assert Childminder.objects.get().agrement_valid_until == dt.date(2029, 5, 31)
