"""Recruiting flows in a real browser, each page checked with axe-core (no serious or
critical violation): orientation to a training, a substitute restoring a section's ratio, and
a candidate who sees her job options and her child's care options together."""

from datetime import timedelta

import pytest
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.accounts.models import User
from maillage.core.schedule import week_from_ranges
from maillage.jobs.enums import ContractType, Qualification
from maillage.jobs.services.catalogue import rome_import, training_create
from maillage.jobs.services.childcare_link import candidate_childcare_need_link
from maillage.jobs.services.employers import job_offer_publish
from tests.browser.conftest import axe_violations
from tests.families.factories import NeedFactory
from tests.jobs.factories import (
    AgeGroupFactory,
    CandidateProfileFactory,
    NurseryFactory,
    make_template,
    saint_denis,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Creche-Lilas-2026"


def user(email, role, first_name="Awa", **extra):
    return User.objects.create_user(
        email, PASSWORD, role=role, email_verified=True, first_name=first_name, **extra
    )


def login(browser, live_server, email):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    return page


def accessible(page):
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == [], page.url
    return page


def next_weekday(days_ahead=7):
    day = timezone.localdate() + timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def test_counsellor_orients_to_a_training_then_the_candidate_applies(browser, live_server):
    counsellor = user("conseillere@exemple.fr", Role.COUNSELLOR)
    candidate_user = user("candidate@exemple.fr", Role.CANDIDATE, first_name="Fatoumata")
    profile = CandidateProfileFactory(user=candidate_user, counsellor=counsellor)
    start = timezone.localdate() + timedelta(days=30)
    training = training_create(
        organisation="Greta 93",
        title="CAP AEPE en 10 mois",
        qualification=Qualification.CAP_AEPE,
        commune=saint_denis(),
        start_date=start,
        end_date=start + timedelta(days=300),
        hours_per_week=35,
        seats=12,
        path_template=make_template(),
    )

    page = login(browser, live_server, counsellor.email)
    page.goto("/emplois/conseiller/candidats/")
    accessible(page)
    page.locator(f"table a[href='/emplois/conseiller/candidats/{profile.pk}/']").click()
    page.wait_for_url(f"**/emplois/conseiller/candidats/{profile.pk}/")
    accessible(page)
    page.locator("#id_o-training").select_option(str(training.pk))
    page.get_by_role("button", name="Orienter et commencer le parcours").click()
    page.wait_for_load_state()
    assert "Parcours « Cap vers l'enfance » commencé." in page.content()
    accessible(page)
    page.context.close()

    page = login(browser, live_server, candidate_user.email)
    page.goto("/emplois/parcours/")
    accessible(page)
    assert "CAP AEPE en 10 mois" in page.content()
    page.get_by_role("button", name="Je postule à cette formation").click()
    page.wait_for_load_state()
    accessible(page)
    stage = page.locator("ol.path-stages li", has_text="Candidature envoyée")
    assert stage.count() == 1
    assert "En cours" in stage.inner_text() and "Greta 93" in stage.inner_text()
    page.context.close()


def test_a_pool_member_accepts_and_the_section_ratio_is_restored(browser, live_server):
    manager = user("directrice@exemple.fr", Role.NURSERY_MANAGER)
    nursery = NurseryFactory(name="Crèche Les Lilas", managers=[manager])
    babies = AgeGroupFactory(nursery=nursery)
    member_user = user("remplacante@exemple.fr", Role.CANDIDATE)
    CandidateProfileFactory(user=member_user, cap_aepe_in_pool=True)
    day = next_weekday()

    page = login(browser, live_server, manager.email)
    page.goto("/emplois/remplacements/")
    accessible(page)
    page.locator("#id_nursery").select_option(str(nursery.pk))
    page.locator("#id_age_group").select_option(str(babies.pk))
    page.locator("#id_start_date").fill(day.isoformat())
    page.locator("#id_end_date").fill(day.isoformat())
    page.locator("#id_start_time").select_option("08:00")
    page.locator("#id_end_time").select_option("12:00")
    page.locator("#id_children_not_walking").fill("10")
    page.locator("#id_children_walking").fill("0")
    page.locator("#id_staff_auxiliaire").fill("1")
    page.get_by_role("button", name="Calculer le besoin").click()
    page.wait_for_load_state()
    preview = page.locator("#staffing-preview")
    assert "1 remplaçant(s) : CAP Accompagnant" in preview.inner_text()
    accessible(page)
    page.get_by_role("button", name="Publier la demande").click()
    page.wait_for_load_state()
    accessible(page)
    assert "pas encore rétabli" in page.locator("#ratio-status").inner_text()
    page.get_by_role("button", name="Solliciter les remplaçants du vivier").click()
    page.wait_for_load_state()
    assert "1 personne(s) du vivier sollicitée(s)" in page.content()
    detail_url = page.url

    member = login(browser, live_server, member_user.email)
    member.goto("/emplois/offres/")
    accessible(member)
    member.get_by_role("link", name="Crèche Les Lilas").click()
    accessible(member)
    member.get_by_role("button", name="J'accepte").click()
    member.wait_for_load_state()
    accessible(member)
    assert "Taux d'encadrement rétabli" in member.locator("#ratio-status").inner_text()
    member.context.close()

    page.goto(detail_url)
    accessible(page)
    assert "Taux d'encadrement rétabli" in page.locator("#ratio-status").inner_text()
    assert "Pourvue" in page.content()
    page.context.close()


def test_a_candidate_needing_childcare_sees_jobs_and_care_options(browser, live_server):
    from maillage.families import engine_adapter

    engine_adapter.clear_indexes()
    rome_import()
    care = NurseryFactory(name="Crèche Les Coquelicots")
    AgeGroupFactory(nursery=care)
    employer = NurseryFactory(name="Multi-accueil Les Hirondelles")
    job_offer_publish(
        employer=employer,
        rome_code="K1303",
        title="Agent(e) de crèche en journée",
        contract_type=ContractType.CDI,
        hours_per_week=35,
        start_date=timezone.localdate() + timedelta(days=60),
        schedule=week_from_ranges({d: [("09:00", "17:00")] for d in range(5)}),
    )
    candidate_user = user("maman@exemple.fr", Role.CANDIDATE)
    profile = CandidateProfileFactory(user=candidate_user, needs_childcare=True)
    need = NeedFactory(
        parent=None,
        without_account=True,
        family_email=candidate_user.email,
        start_date=timezone.localdate() + timedelta(days=60),
        child_birth_date=timezone.localdate() - timedelta(days=200),
    )
    candidate_childcare_need_link(profile=profile, need=need)

    page = login(browser, live_server, candidate_user.email)
    page.goto("/emplois/offres/")
    accessible(page)
    block = page.locator("section[aria-labelledby='childcare-title']")
    assert "Crèche Les Coquelicots" in block.inner_text()
    job = page.locator(".fr-card", has_text="Agent(e) de crèche en journée")
    assert "Accueil possible sur ces horaires : Crèche Les Coquelicots" in (
        job.locator(".job-care-fit").inner_text()
    )
    page.context.close()


def test_new_screens_show_french_errors_and_pass_axe(browser, live_server):
    from maillage.jobs.services.paths import path_start
    from tests.childcare.factories import ChildminderFactory
    from tests.jobs.factories import MamFactory

    counsellor = user("rpe@exemple.fr", Role.COUNSELLOR)
    candidate_user = user("future-am@exemple.fr", Role.CANDIDATE, first_name="Inès")
    profile = CandidateProfileFactory(user=candidate_user, counsellor=counsellor)
    path_start(
        candidate=profile,
        template=make_template(agrement=True),
        on=timezone.localdate(),
        counsellor=counsellor,
    )
    saint_denis()

    page = login(browser, live_server, counsellor.email)
    page.goto(f"/emplois/conseiller/candidats/{profile.pk}/")
    accessible(page)
    page.goto("/emplois/conseiller/formations/")
    page.locator("#id_one-organisation").fill("Greta 93")
    page.locator("#id_one-commune_q").fill("Saint-Denis")
    page.locator("#id_one-commune option[value='93066']").wait_for(state="attached")
    page.locator("#id_one-commune").select_option("93066")
    page.locator("#id_one-start_date").fill("2027-09-01")
    page.locator("#id_one-end_date").fill("2027-06-01")
    page.locator("#id_one-hours_per_week").fill("35")
    page.locator("#id_one-seats").fill("10")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    assert "La formation ne peut pas se terminer (01/06/2027)" in page.content()
    accessible(page)
    page.goto("/emplois/conseiller/reunions/")
    accessible(page)
    page.context.close()

    mam = MamFactory()
    childminder = ChildminderFactory(mam=mam, user=user("mam@exemple.fr", Role.CHILDMINDER))
    page = login(browser, live_server, childminder.user.email)
    page.goto("/emplois/employeur/immersions/")
    accessible(page)
    page.goto("/emplois/employeur/offres/")
    page.locator("#id_rome_code").fill("Z9999")
    page.locator("#id_hours_per_week").fill("35")
    page.locator("#id_start_date").fill("2027-01-04")
    page.get_by_role("button", name="Publier").click()
    page.wait_for_load_state()
    assert "Code ROME inconnu : « Z9999 »" in page.content()
    accessible(page)
    page.context.close()
