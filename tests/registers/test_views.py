import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maillage.childcare.enums import RegisterStatus
from maillage.childcare.models import Childminder
from maillage.registers.models import RegisterImport
from tests.accounts.factories import CounsellorFactory
from tests.registers.conftest import cm_csv, cm_line
from tests.registers.factories import TerritoryAdminFactory

pytestmark = pytest.mark.django_db


def upload(client, content, kind="childminders", departement="93"):
    return client.post(
        reverse("registers:home"),
        {
            "kind": kind,
            "departement": departement,
            "file": SimpleUploadedFile("registre.csv", content, "text/csv"),
        },
    )


def test_an_admin_checks_then_imports_a_register(client, territory_admin, settings, tmp_path):
    settings.MAILLAGE_IMPORT_DIR = tmp_path
    client.force_login(territory_admin)

    response = upload(client, cm_csv(cm_line("A1"), cm_line("A2")))
    record = RegisterImport.objects.get()
    assert response.url == reverse("registers:preview", args=[record.pk])
    page = client.get(response.url).content.decode()
    assert "Aperçu : rien n'est encore enregistré" in page and "2 créés" in page
    assert not Childminder.objects.exists()

    response = client.post(reverse("registers:confirm", args=[record.pk]), follow=True)

    assert "Import terminé" in response.content.decode()
    assert Childminder.objects.count() == 2
    record.refresh_from_db()
    assert record.status == "imported"
    assert client.post(reverse("registers:confirm", args=[record.pk])).status_code == 302
    assert Childminder.objects.count() == 2


def test_a_rejected_file_shows_its_errors_and_the_report_downloads(
    client, territory_admin, settings, tmp_path
):
    settings.MAILLAGE_IMPORT_DIR = tmp_path
    client.force_login(territory_admin)

    response = upload(
        client,
        cm_csv(cm_line("A1"), cm_line("A2", capacite="8")),
    )
    page = client.get(response.url).content.decode()

    assert "Ligne 3, colonne « capacite »" in page
    assert "Confirmer l&#x27;import" not in page
    record = RegisterImport.objects.get()
    csv_report = client.get(reverse("registers:error_report", args=[record.pk]))
    assert csv_report["Content-Type"].startswith("text/csv")
    assert "3;capacite;8 enfants" in csv_report.content.decode()
    assert client.post(reverse("registers:confirm", args=[record.pk])).status_code == 302
    assert not Childminder.objects.exists()


def test_a_departement_outside_her_territory_cannot_be_chosen(client, territory_admin, communes):
    client.force_login(territory_admin)

    response = upload(client, cm_csv(cm_line(insee="91228")), departement="91")

    assert response.status_code == 400
    assert not RegisterImport.objects.exists()


def test_other_roles_and_other_territories_are_kept_out(
    client, territory_admin, settings, tmp_path
):
    settings.MAILLAGE_IMPORT_DIR = tmp_path
    client.force_login(territory_admin)
    upload(client, cm_csv(cm_line()))
    record = RegisterImport.objects.get()

    client.force_login(CounsellorFactory())
    assert client.get(reverse("registers:home")).status_code == 403
    client.force_login(TerritoryAdminFactory(departements=["91"]))
    assert client.get(reverse("registers:preview", args=[record.pk])).status_code == 404


@pytest.mark.parametrize("kind", ["childminders", "nurseries", "mams"])
@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_every_template_downloads_and_imports_as_a_dry_run(
    client, kind, ext, territory_admin, tmp_path
):
    from maillage.registers.formats import FORMATS
    from maillage.registers.reading import file_rows

    response = client.get(reverse("registers:template", args=[kind, ext]))

    assert response.status_code == 200
    path = tmp_path / f"modele.{ext}"
    path.write_bytes(response.content)
    rows = list(file_rows(path, FORMATS[kind].columns)())
    assert len(rows) >= 1 and rows[0][0] == 2


def test_an_admin_confirms_a_departure_and_the_provider_leaves_the_results(
    client, territory_admin, settings, tmp_path
):
    settings.MAILLAGE_IMPORT_DIR = tmp_path
    from maillage.registers.services import childminder_register_import

    rows = [
        {
            "numero_agrement": n,
            "nom": "N",
            "prenom": "P",
            "code_insee": "93066",
            "capacite": "3",
            "fin_agrement": "2031-01-01",
        }
        for n in ("A1", "A2")
    ]
    childminder_register_import(rows=rows, by=territory_admin, departements=["93"])
    childminder_register_import(rows=rows[:1], by=territory_admin, departements=["93"])
    left = Childminder.objects.get(agrement_number="A2")
    client.force_login(territory_admin)
    page = client.get(reverse("registers:departures")).content.decode()
    assert "A2" in page

    client.post(
        reverse("registers:departure_decide", args=["childminder", left.pk]),
        {"decision": "confirm"},
    )

    left.refresh_from_db()
    assert left.register_status == RegisterStatus.REMOVED
    assert left not in Childminder.objects.visible(left.agrement_valid_until)
    other = TerritoryAdminFactory(departements=["91"])
    client.force_login(other)
    kept = Childminder.objects.get(agrement_number="A1")
    assert (
        client.post(
            reverse("registers:departure_decide", args=["childminder", kept.pk]),
            {"decision": "confirm"},
        ).status_code
        == 404
    )


def test_a_large_file_is_checked_and_imported_by_the_task_worker(
    client, territory_admin, settings, tmp_path
):
    settings.MAILLAGE_IMPORT_DIR = tmp_path
    settings.MAILLAGE_IMPORT_INLINE_MAX_BYTES = 10  # every file goes to the worker
    client.force_login(territory_admin)

    upload(client, cm_csv(cm_line("A1")))
    record = RegisterImport.objects.get()
    assert record.status == "previewed"  # the test worker runs tasks at once
    client.post(reverse("registers:confirm", args=[record.pk]))

    record.refresh_from_db()
    assert record.status == "imported"
    assert Childminder.objects.get().agrement_number == "A1"
    assert not list(tmp_path.iterdir())  # the stored file is removed once imported
