"""Hire, end to end in a real browser (desktop and 390 px phone, axe on every page): a
candidate finds an offer on the public page → signs up → applies → the employer proposes an
interview → hires her → the offer closes → the observatory counts the filled post."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.jobs.enums import ApplicationStatus, ContractType, OfferStatus, Qualification
from maillage.jobs.models import Application, JobOffer
from maillage.jobs.services.catalogue import rome_import
from maillage.jobs.services.employers import job_offer_publish
from maillage.observatory.services import indicators_recompute, snapshot_values
from tests.browser.signup import sign_up_and_log_in
from tests.browser.test_jobs_flows import PASSWORD, accessible, user
from tests.jobs.factories import NurseryFactory, saint_denis

pytestmark = pytest.mark.django_db(transaction=True)
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def context_for(browser, live_server, device):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport=VIEWPORTS[device]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def log_in(page, email):
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_candidate_found_on_the_public_page_is_hired(browser, live_server, device):
    rome_import()
    commune = saint_denis()
    manager = user("directrice@lilas.fr", Role.NURSERY_MANAGER, first_name="Sophie")
    nursery = NurseryFactory(name="Crèche Les Lilas", managers=[manager], commune=commune)
    offer = job_offer_publish(
        employer=nursery,
        rome_code="J1304",
        title="Auxiliaire de puériculture (bébés)",
        contract_type=ContractType.CDI,
        required_qualification=Qualification.AUXILIAIRE_PUERICULTURE,
        hours_per_week=35,
        start_date=timezone.localdate() + timedelta(days=30),
    )

    # The candidate, without an account, finds the offer and signs up.
    page = context_for(browser, live_server, device)
    page.goto(f"/emplois/annonces/?departement={commune.departement_id}")
    accessible(page)
    page.get_by_role("link", name=f"Postuler : {offer.title}").click()
    page.wait_for_url("**/compte/inscription/**")
    accessible(page)
    sign_up_and_log_in(
        page,
        email="ines.traore@exemple.fr",
        password=PASSWORD,
        first_name="Inès",
        last_name="Traoré",
        role="candidate",
    )
    # Back on her choice; her profile first (the employer will see it), then the offer.
    page.wait_for_url("**/emplois/profil/**")
    accessible(page)
    page.locator("#id_commune_q").fill("Saint-Denis")
    page.locator("#id_commune option[value='93066']").wait_for(state="attached")
    page.locator("#id_commune").select_option("93066")
    for day in range(5):
        page.locator(f"input[name=days][value='{day}']").check(force=True)
    page.locator("input[name=qualifications][value=auxiliaire_puericulture]").check(force=True)
    page.get_by_role("button", name=re.compile("Enregistrer")).click()
    page.wait_for_url(f"**/emplois/postuler/job_offer/{offer.pk}/")
    accessible(page)
    page.get_by_label("Votre message").fill("Auxiliaire diplômée, disponible dès le mois prochain.")
    page.get_by_role("button", name="Envoyer ma candidature").click()
    page.wait_for_url("**/emplois/candidatures/")
    accessible(page)
    assert "Envoyée" in page.content()
    application = Application.objects.get(candidate__user__email="ines.traore@exemple.fr")
    page.context.close()

    # The employer proposes an interview, then hires her.
    page = context_for(browser, live_server, device)
    page.goto("/compte/connexion/")
    log_in(page, manager.email)
    page.goto("/emplois/employeur/candidatures/")
    accessible(page)
    page.get_by_role("link", name="Inès Traoré").click()
    page.wait_for_url(f"**/candidatures/{application.pk}/")
    accessible(page)
    assert "ines.traore@exemple.fr" in page.content()
    day = timezone.localdate() + timedelta(days=3)
    page.locator("#id_i-day").fill(day.isoformat())
    page.locator("#id_i-time").select_option("10:00")
    page.locator("#id_i-place").fill("Crèche Les Lilas, 12 rue des Lilas")
    page.get_by_role("button", name="Proposer l'entretien").click()
    page.wait_for_load_state()
    accessible(page)
    assert "Entretien proposé" in page.content()
    page.get_by_role("button", name="Recruter").click()
    page.wait_for_load_state()
    accessible(page)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.HIRED
    assert JobOffer.objects.get(pk=offer.pk).status == OfferStatus.CLOSED
    assert any("entretien" in m.subject for m in mail.outbox)

    # The observatory counts the filled post.
    indicators_recompute()
    assert snapshot_values("departement", commune.departement_id)["posts_filled"] == 1
    page.goto(f"/observatoire/departement/{commune.departement_id}/")
    row = page.locator("tr", has_text="Postes pourvus par une candidature")
    assert row.first.locator("td").first.inner_text().strip() == "1"
    page.context.close()
