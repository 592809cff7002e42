"""A territory administrator loads her territory's registers in a real browser, on a desktop
and on a 390 px phone, every page checked with axe-core: she uploads the childminders' file,
reads the preview, finds a rejected line, uploads the corrected file and imports it; then the
MAMs' and the crèches' files."""

from __future__ import annotations

import pytest

from maillage.accounts.enums import Role
from maillage.accounts.models import User
from maillage.childcare.models import Childminder, Mam, Nursery
from tests.browser.conftest import axe_violations
from tests.registers.conftest import cm_csv, cm_line
from tests.territory.factories import CommuneFactory, DepartementFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Registre-Caf-2026"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
MAMS = (
    "nom;adresse;code_insee;commune;code_postal;latitude;longitude;membres\n"
    "MAM Les Petits Pas;7 allée des Tilleuls;;Montreuil;93100;;;093-AM-0001|093-AM-0002\n"
)
DAYS = ";".join(["07:30-18:30"] * 5 + ["", ""])
NURSERIES = (
    "siret;nom;type;code_insee;sections;lundi;mardi;mercredi;jeudi;vendredi;samedi;dimanche;"
    "avip;part_avip;psu;email_responsable\n"
    f"73282932000074;Multi-accueil Les Lucioles;multi;93066;bebes:2-18:10|moyens:18-30:15;{DAYS};"
    "oui;25 %;oui;direction@lucioles.fr\n"
)


def _accessible(page):
    assert page.locator("h1").count() == 1, page.url
    assert axe_violations(page) == [], page.url
    return page


def _text(page) -> str:
    return (page.locator("body").text_content() or "").replace("\u00a0", " ")


def _upload(page, kind_label: str, name: str, content: bytes):
    page.goto("/registres/")
    _accessible(page)
    page.locator("select[name=kind]").select_option(label=kind_label)
    page.locator("input[type=file][name=file]").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_role("button", name="Vérifier le fichier (aperçu)").click()
    page.wait_for_load_state()
    return _accessible(page)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_territory_admin_loads_her_registers(browser, live_server, viewport, settings, tmp_path):
    settings.MAILLAGE_IMPORT_DIR = tmp_path
    CommuneFactory(saint_denis=True)
    CommuneFactory(montreuil=True)
    admin = User.objects.create_user(
        "agent@caf.exemple.fr", PASSWORD, role=Role.TERRITORY_ADMIN, email_verified=True
    )
    admin.territory_departements.add(DepartementFactory())
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport=VIEWPORTS[viewport]
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(admin.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()

    # A rejected line: 9 children is beyond any agrément.
    wrong = cm_csv(cm_line("093-AM-0001", email="a@ex.fr"), cm_line("093-AM-0002", capacite="9"))
    _upload(page, "Assistantes maternelles (registre des agréments PMI)", "am.csv", wrong)
    text = _text(page)
    assert "Le fichier ne peut pas être importé : 1 erreur" in text
    assert "Ligne 3, colonne « capacite » : 9 enfants" in text
    assert page.get_by_role("button", name="Confirmer l'import").count() == 0
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le rapport d'erreurs (CSV)").click()
    assert "capacite" in download.value.path().read_text(encoding="utf-8")
    page.get_by_role("link", name="Déposer le fichier corrigé").click()

    fixed = cm_csv(cm_line("093-AM-0001", email="a@ex.fr"), cm_line("093-AM-0002", capacite="4"))
    _upload(page, "Assistantes maternelles (registre des agréments PMI)", "am.csv", fixed)
    assert "Aperçu : rien n'est encore enregistré" in _text(page)
    assert "2 créés" in _text(page)
    assert not Childminder.objects.exists()
    page.get_by_role("button", name="Confirmer l'import").click()
    page.wait_for_load_state()
    assert "Import terminé" in _text(page)
    _accessible(page)
    assert Childminder.objects.count() == 2

    _upload(page, "Maisons d'assistants maternels (MAM)", "mam.csv", MAMS.encode())
    page.get_by_role("button", name="Confirmer l'import").click()
    page.wait_for_load_state()
    assert Mam.objects.get().childminders.count() == 2

    _upload(page, "Crèches (EAJE)", "eaje.csv", NURSERIES.encode("cp1252"))
    assert "1 créé" in _text(page)
    page.get_by_role("button", name="Confirmer l'import").click()
    page.wait_for_load_state()
    _accessible(page)
    nursery = Nursery.objects.get()
    assert nursery.siret == "73282932000074" and nursery.age_groups.count() == 2
    context.close()
