"""Crèches at real scale in a real browser, on a desktop and on a 390 px phone, each page
checked with axe (no serious or critical violation): a manager publishes her places, enters her
staff, records an absence and sends the pre-filled substitute request of the day that closes
places; a commission of 2,000 families computes in the background, pages through, and its
validated offers go out through the task worker."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.accounts.models import User
from maillage.childcare.enums import CommissionStatus
from maillage.childcare.models import Commission, NurseryAgeGroup
from maillage.core.schedule import week_from_ranges
from maillage.families.enums import ContactRequestStatus
from maillage.families.models import ContactRequest, Need
from maillage.jobs.models import SubstituteRequest
from maillage.staffing.models import StaffAbsence, StaffMember
from tests.browser.conftest import axe_violations
from tests.childcare.factories import NurseryFactory
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Creche-Lilas-2026"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _manager(email: str) -> User:
    return User.objects.create_user(
        email, PASSWORD, role=Role.NURSERY_MANAGER, email_verified=True, first_name="Sylvie"
    )


def _login(browser, live_server, email: str, device: str):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport=VIEWPORTS[device]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    return page


def _accessible(page):
    assert page.locator("h1").count() == 1, page.url
    assert axe_violations(page) == [], page.url
    return page


def _next_monday() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=7 - today.weekday())


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_places_staff_absence_and_the_substitute_request_it_prepares(browser, live_server, device):
    manager = _manager(f"directrice-{device}@exemple.fr")
    nursery = NurseryFactory(name="Les Lilas", managers=[manager])
    page = _login(browser, live_server, manager.email, device)

    # 1. She publishes her places: the blank "Ajouter une section" row is her first section.
    page.goto(f"/accueil/creches/{nursery.pk}/places/")
    _accessible(page)
    page.locator("#id_age_groups-0-kind").select_option("babies")
    page.locator("#id_age_groups-0-min_age_months").fill("2")
    page.locator("#id_age_groups-0-max_age_months").fill("18")
    page.locator("#id_age_groups-0-places").fill("10")
    page.locator("#id_age_groups-0-places_taken").fill("8")
    page.get_by_role("button", name="Publier les places").click()
    page.get_by_text("Les places de la crèche sont publiées.").wait_for()
    assert NurseryAgeGroup.objects.get(nursery=nursery).places == 10

    # 2. Her staff: an auxiliaire de puériculture and a CAP AEPE, Monday to Friday.
    page.goto("/accueil/creches/")
    page.get_by_role("link", name="Personnel et absences de Les Lilas").click()
    _accessible(page)
    for label, qualification in (("AP 1", "auxiliaire_puericulture"), ("CAP 1", "cap_aepe")):
        page.get_by_role("link", name="Ajouter un professionnel").click()
        _accessible(page)
        page.locator("#id_qualification").select_option(qualification)
        page.locator("#id_weekly_hours").fill("35")
        page.locator("#id_contract_type").select_option("cdi")
        page.get_by_label("En poste depuis le").fill("2025-09-01")
        page.get_by_label("Repère interne (facultatif)").fill(label)
        page.get_by_role("button", name="Ajouter à l'équipe").click()
        page.get_by_text("Le professionnel est ajouté à l'équipe.").wait_for()
    assert StaffMember.objects.filter(nursery=nursery).count() == 2
    assert "Toutes vos places peuvent ouvrir ces 14 jours" in page.content()

    # 3. The AP is absent next Monday: without a qualified professional, no place opens.
    monday = _next_monday()
    page.get_by_role("link", name="Déclarer une absence").click()
    _accessible(page)
    ap = StaffMember.objects.get(nursery=nursery, label="AP 1")
    page.get_by_label("Professionnel absent").select_option(str(ap.pk))
    assert "AP 1 — Auxiliaire de puériculture" in page.locator("#id_member").inner_text()
    page.locator("#id_start_date").fill(monday.isoformat())
    page.locator("#id_end_date").fill(monday.isoformat())
    page.locator("#id_kind").select_option("training")
    page.get_by_role("button", name="Enregistrer l'absence").click()
    page.get_by_text("L'absence est enregistrée").wait_for()
    _accessible(page)
    assert StaffAbsence.objects.filter(member__label="AP 1").count() == 1
    assert "1 jour avec des places fermées faute de personnel" in page.content()

    # 4. The pre-filled substitute request of that day, sent to the pool.
    page.get_by_role("link", name=f"Demande de remplacement du {monday:%d/%m}").click()
    _accessible(page)
    assert "0 places sur 10" in page.content()
    page.get_by_role("button", name="Envoyer la demande de remplacement").click()
    page.wait_for_url("**/emplois/remplacements/*/")
    _accessible(page)
    request = SubstituteRequest.objects.get(nursery=nursery)
    assert (request.start_date, request.substitutes_needed) == (monday, 1)
    assert request.staff_present == {"cap_aepe": 1}
    page.context.close()


def _commission_of(families: int, manager: User):
    """Two crèches of Saint-Denis with 40 free places and `families` open needs around."""
    commune = CommuneFactory(saint_denis=True)
    week = week_from_ranges({d: [("08:00", "18:00")] for d in range(5)})
    nurseries = []
    for name in ("Les Coquelicots", "Les Tilleuls"):
        nursery = NurseryFactory(
            name=name, commune=commune, managers=[manager], availability_updated_at=timezone.now()
        )
        NurseryAgeGroup.objects.create(
            nursery=nursery,
            kind="mixed",
            min_age_months=2,
            max_age_months=36,
            places=60,
            places_taken=40,
        )
        nurseries.append(nursery)
    parent = User.objects.create_user("famille@exemple.fr", PASSWORD, role=Role.PARENT)
    today = timezone.localdate()
    Need.objects.bulk_create(
        [
            Need(
                parent=parent,
                created_by=parent,
                child_birth_date=today - dt.timedelta(days=200 + i % 300),
                commune=commune,
                latitude=commune.latitude,
                longitude=commune.longitude,
                max_distance_km=10,
                start_date=today + dt.timedelta(days=30),
                accepts_childminder=False,
                accepts_mam=False,
                schedule=week,
                job_seeker=i % 3 == 0,
                single_parent=i % 5 == 0,
                consent_given_at=timezone.now(),
                status="open",
            )
            for i in range(families)
        ],
        batch_size=500,
    )
    return nurseries


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_commission_of_2000_families_computes_in_the_background_pages_and_validates(
    browser, live_server, device, settings
):
    settings.MAILLAGE_COMMISSION_INLINE_MAX = 300
    settings.MAILLAGE_COMMISSION_INLINE_OFFERS = 10
    from maillage.families.engine_adapter import clear_indexes

    clear_indexes()
    manager = _manager(f"commission-{device}@exemple.fr")
    _commission_of(2000, manager)
    with override_settings(TASKS=DATABASE_TASKS):
        page = _login(browser, live_server, manager.email, device)
        page.goto("/accueil/commission/nouvelle/")
        _accessible(page)
        page.get_by_label("Les Coquelicots").check(force=True)
        page.get_by_label("Les Tilleuls").check(force=True)
        page.get_by_label("Optimale (le plus de points de priorité placés)").check(force=True)
        page.get_by_role("button", name="Lancer l'attribution").click()
        commission = Commission.objects.get()
        page.wait_for_url(f"**/commission/{commission.pk}/")
        # The browser got its answer at once: the engine waits for the worker.
        assert commission.status == CommissionStatus.RUNNING
        page.get_by_role("heading", name="Calcul en cours").wait_for()
        _accessible(page)
        call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*")
        page.get_by_role("button", name="Valider la décision").wait_for(timeout=30_000)
        _accessible(page)
        commission.refresh_from_db()
        assert commission.candidates == 2000 and commission.placed == 40
        served = page.request.get(page.url)
        assert served.ok and len(served.body()) < 200_000
        page.get_by_role("link", name="Page suivante").first.click()
        page.get_by_text("Page 2 sur").wait_for()
        _accessible(page)
        page.get_by_role("link", name="Non placées").click()
        page.get_by_text("Page 1 sur").wait_for()
        page.get_by_role("button", name="Valider la décision").click()
        page.get_by_text("Envoi des propositions aux familles").wait_for()
        _accessible(page)
        commission.refresh_from_db()
        assert commission.status == CommissionStatus.SENDING and commission.offers_total == 40
        call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*")
        page.get_by_text("Décision validée", exact=True).first.wait_for(timeout=30_000)
        commission.refresh_from_db()
        assert commission.status == CommissionStatus.VALIDATED
        assert ContactRequest.objects.filter(status=ContactRequestStatus.ACCEPTED).count() == 40
        page.context.close()
