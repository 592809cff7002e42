"""Staff list import: validated before writing, French errors by line and column, idempotent."""

import pytest
from django.urls import reverse

from maillage.staffing.imports import TEMPLATE, StaffImportError, staff_import
from maillage.staffing.models import StaffMember
from tests.accounts.factories import NurseryManagerFactory
from tests.childcare.factories import NurseryFactory

pytestmark = pytest.mark.django_db


def test_the_template_imports_and_a_second_run_changes_nothing():
    nursery = NurseryFactory()
    first = staff_import(nursery=nursery, by=None, raw=TEMPLATE.encode())
    assert (first.created, first.updated) == (3, 0)
    cap = StaffMember.objects.get(label="CAP 2")
    assert cap.working_days == "1101100" and str(cap.end_date) == "2026-06-30"
    again = staff_import(nursery=nursery, by=None, raw=TEMPLATE.encode())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_windows_1252_and_commas_and_french_dates_are_read():
    nursery = NurseryFactory()
    raw = 'repere,diplome,heures_hebdo,jours,contrat,debut,fin\nPuér 1,puériculteur,"17,5",lun mer,cdi,01/09/2025,\n'
    staff_import(nursery=nursery, by=None, raw=raw.encode("cp1252"))
    member = StaffMember.objects.get()
    assert (member.label, member.qualification, member.working_days) == (
        "Puér 1",
        "infirmier_puericulteur",
        "1010000",
    )


def test_every_faulty_line_is_named_and_nothing_is_written():
    nursery = NurseryFactory()
    raw = (
        b"repere;diplome;heures_hebdo;jours;contrat;debut;fin\n"
        b"A;ap;35;lun mar;cdi;2024-01-01;\n"
        b"A;plombier;80;lundi;cdi;32/01/2024;2023-01-01\n"
    )
    with pytest.raises(StaffImportError) as error:
        staff_import(nursery=nursery, by=None, raw=raw)
    messages = error.value.errors
    assert "Ligne 3, colonne « repere » : repère « A » déjà utilisé ligne 2." in messages
    assert any(m.startswith("Ligne 3, colonne « diplome »") for m in messages)
    assert any(m.startswith("Ligne 3, colonne « heures_hebdo »") for m in messages)
    assert any(m.startswith("Ligne 3, colonne « debut »") for m in messages)
    assert not StaffMember.objects.exists()


def test_missing_columns_and_oversized_files_are_refused_in_french():
    nursery = NurseryFactory()
    with pytest.raises(StaffImportError, match="colonne\\(s\\) manquante\\(s\\) : jours"):
        staff_import(
            nursery=nursery, by=None, raw=b"repere;diplome;heures_hebdo;contrat;debut;fin\n"
        )
    with pytest.raises(StaffImportError, match="2 Mo"):
        staff_import(nursery=nursery, by=None, raw=b"x" * (2 * 1024 * 1024 + 1))


def test_upload_previews_then_imports(client):
    manager = NurseryManagerFactory()
    nursery = NurseryFactory(managers=[manager])
    client.force_login(manager)
    url = reverse("staffing:import", args=[nursery.pk])
    from django.core.files.uploadedfile import SimpleUploadedFile

    preview = client.post(
        url, {"file": SimpleUploadedFile("p.csv", TEMPLATE.encode()), "action": "preview"}
    )
    assert "3 ajout(s)" in preview.content.decode() and not StaffMember.objects.exists()
    done = client.post(
        url, {"file": SimpleUploadedFile("p.csv", TEMPLATE.encode()), "action": "import"}
    )
    assert done.status_code == 302 and StaffMember.objects.filter(nursery=nursery).count() == 3
    template = client.get(reverse("staffing:template"))
    assert template.content.decode().startswith("repere;diplome")
