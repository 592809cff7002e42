"""Care flows in a real browser, each page checked with axe-core (no serious or critical
violation): a parent's need through to a confirmed place at a childminder's, a childminder's
one-screen availability update (htmx), and a crèche manager's commission d'attribution."""

from datetime import timedelta

import pytest
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.accounts.models import User
from maillage.childcare.enums import CommissionStatus, ProposalDecision
from maillage.childcare.models import Childminder, Commission
from maillage.families.enums import ContactRequestStatus as S
from maillage.families.enums import NeedStatus
from maillage.families.models import ContactRequest, Need
from tests.browser.conftest import axe_violations
from tests.childcare.commission_setup import small_territory
from tests.childcare.factories import ChildminderFactory
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Creche-Lilas-2026"


@pytest.fixture(autouse=True)
def _fresh_index():
    from maillage.families.engine_adapter import clear_indexes

    clear_indexes()
    yield
    clear_indexes()


def user(email, role, first_name="Awa"):
    return User.objects.create_user(
        email, PASSWORD, role=role, email_verified=True, first_name=first_name
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
    assert page.locator("h1").count() == 1, page.url
    assert axe_violations(page) == [], page.url
    return page


def childminder_in(commune, email="am.fatou@exemple.fr"):
    return ChildminderFactory(
        user=user(email, Role.CHILDMINDER, first_name="Fatou"),
        commune=commune,
        latitude=commune.latitude + 0.003,
        longitude=commune.longitude + 0.003,
        agrement_capacity=3,
    )


def test_parent_need_to_confirmed_place_with_a_childminder(browser, live_server):
    saint_denis = CommuneFactory(saint_denis=True)
    childminder = childminder_in(saint_denis)
    parent = user("maman.nour@exemple.fr", Role.PARENT, first_name="Aïcha")
    today = timezone.localdate()

    page = login(browser, live_server, parent.email)
    page.goto("/familles/besoins/nouveau/")
    page.wait_for_url("**/besoins/nouveau/enfant/")
    accessible(page)
    page.locator("#id_child_birth_date").fill((today - timedelta(days=240)).isoformat())
    page.get_by_role("button", name="Suivant").click()
    page.wait_for_url("**/besoins/nouveau/horaires/")
    accessible(page)
    for day in range(5):
        page.locator(f"#id_hours_d{day}_1_start").select_option("08:30")
        page.locator(f"#id_hours_d{day}_1_end").select_option("17:00")
    page.get_by_role("button", name="Suivant").click()
    page.wait_for_url("**/besoins/nouveau/lieu/")
    accessible(page)
    page.locator("#id_commune_q").fill("Saint-Denis")
    page.locator("#id_commune option[value='93066']").wait_for(state="attached")
    page.locator("#id_commune").select_option("93066")
    page.locator("#id_max_distance_km").fill("5")
    page.locator("#id_start_date").fill((today + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Suivant").click()
    page.wait_for_url("**/besoins/nouveau/situation/")
    accessible(page)
    # DSFR draws the box on the label: force the click on the hidden input.
    page.get_by_label("Parent demandeur d'emploi").check(force=True)
    page.get_by_label("J'accepte que ces informations").check(force=True)
    page.get_by_role("button", name="Enregistrer et voir les résultats").click()
    page.wait_for_url("**/resultats/")
    accessible(page)
    need = Need.objects.get(parent=parent)
    assert need.job_seeker and need.status == NeedStatus.OPEN
    option = page.locator(f"#option-am-{childminder.pk}")
    option.check(force=True)
    page.get_by_role("button", name="Demander une mise en relation").click()
    page.wait_for_load_state()
    accessible(page)
    assert "1 demande(s) de mise en relation envoyée(s)" in page.content()
    page.context.close()

    provider = login(browser, live_server, childminder.user.email)
    provider.goto("/accueil/demandes/")
    accessible(provider)
    assert "En attente de réponse" in provider.content()
    provider.get_by_role("button", name="Accepter").click()
    provider.wait_for_load_state()
    accessible(provider)
    assert "Demande acceptée : la famille est prévenue." in provider.content()
    provider.context.close()

    page = login(browser, live_server, parent.email)
    page.goto("/familles/demandes/")
    accessible(page)
    assert "Acceptée" in page.locator("table").text_content()
    page.get_by_role("button", name="Confirmer la place").click()
    page.wait_for_load_state()
    accessible(page)
    request = ContactRequest.objects.get(need=need)
    assert request.status == S.CONFIRMED
    assert "Place confirmée" in page.content()
    assert childminder.children_in_care.count() == 1
    page.context.close()


def test_childminder_updates_her_availability_on_one_screen(browser, live_server):
    childminder = childminder_in(CommuneFactory(saint_denis=True))
    later = timezone.localdate() + timedelta(days=45)

    page = login(browser, live_server, childminder.user.email)
    page.goto("/accueil/mes-disponibilites/")
    accessible(page)
    page.locator("#id_place_2_status_1").check(force=True)  # "Pas de place libre"
    page.locator("#id_place_3_from").fill(later.isoformat())
    page.get_by_role("button", name="Enregistrer mes places").click()
    status = page.locator("#disponibilites-statut")
    status.get_by_text("Vos disponibilités sont enregistrées.").wait_for()
    assert page.url.endswith("/accueil/mes-disponibilites/")  # swapped in place by htmx
    accessible(page)
    childminder = Childminder.objects.get(pk=childminder.pk)
    today = timezone.localdate()
    assert childminder.free_places == [today.isoformat(), None, later.isoformat()]
    page.get_by_role("button", name="Confirmer que rien n'a changé").click()
    status.get_by_text("C'est noté : vos disponibilités sont confirmées.").wait_for()
    accessible(page)
    page.context.close()


def test_creche_manager_runs_adjusts_and_validates_a_commission(browser, live_server):
    t = small_territory()
    manager = t.manager
    manager.set_password(PASSWORD)
    manager.save()

    page = login(browser, live_server, manager.email)
    page.goto("/accueil/commission/")
    accessible(page)
    page.get_by_role("link", name="Nouvelle commission").click()
    page.wait_for_url("**/commission/nouvelle/")
    accessible(page)
    page.get_by_label("Crèche des Coquelicots").check(force=True)
    page.get_by_label("Optimale (le plus de points de priorité placés)").check(force=True)
    page.get_by_role("button", name="Lancer l'attribution").click()
    commission = Commission.objects.get()
    page.wait_for_url(f"**/commission/{commission.pk}/")
    accessible(page)
    assert "la proposition est prouvée optimale" in page.content()
    rows = page.locator("#propositions tbody tr")
    assert f"Besoin n° {t.a.pk}" in rows.nth(0).inner_text()
    assert "Parent demandeur d'emploi 30 + Famille monoparentale 20 = 50 points" in (
        rows.nth(0).inner_text()
    )
    b = commission.proposals.get(need=t.b)
    page.locator(f"#decision-{b.pk}").select_option("waitlisted")
    page.locator(f"#motif-{b.pk}").select_option("documents")
    page.locator(f"#proposition-{b.pk}").get_by_role("button", name="Enregistrer").click()
    page.locator("#creche-statut").get_by_text("Décision enregistrée.").wait_for()
    accessible(page)
    d = commission.proposals.get(need=t.d)
    page.locator(f"#decision-{d.pk}").select_option("accepted")
    page.locator(f"#proposition-{d.pk}").get_by_role("button", name="Enregistrer").click()
    page.locator("#creche-statut").get_by_text("Décision enregistrée.").wait_for()
    page.get_by_role("button", name="Valider la décision").click()
    page.wait_for_load_state()
    accessible(page)
    assert "Décision validée : 2 place(s) proposée(s) aux familles" in page.content()
    commission.refresh_from_db()
    assert commission.status == CommissionStatus.VALIDATED
    assert commission.proposals.get(pk=b.pk).decision == ProposalDecision.WAITLISTED
    offered = set(ContactRequest.objects.filter(status=S.ACCEPTED).values_list("need", flat=True))
    assert offered == {t.a.pk, t.d.pk}
    page.get_by_role("link", name="Version imprimable").click()
    page.wait_for_url(f"**/commission/{commission.pk}/impression/")
    accessible(page)
    assert page.locator("header, nav").count() == 0
    page.context.close()
