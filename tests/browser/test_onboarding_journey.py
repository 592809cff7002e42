"""A territory's supply coming alive, in a real browser on a desktop and on a 390 px phone,
every page checked with axe-core (no serious or critical violation).

1. A Caf agent invites the childminders of her département loaded from the register; one of
   them claims her account from the email and confirms her places; a parent's results, which
   did not show her before, now do.
2. A crèche manager declares her structure (a wrong SIRET first, then the right one), the
   territory administrator validates it, the manager invites a colleague who joins.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail

from maillage.accounts.enums import Role
from maillage.accounts.models import User
from maillage.childcare.enums import StructureStatus
from maillage.childcare.models import Childminder, Nursery
from maillage.onboarding.models import Invitation
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.browser.conftest import axe_violations
from tests.childcare.factories import ChildminderFactory
from tests.families.helpers import open_need
from tests.onboarding.factories import TerritoryAdminFactory
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Lilas-Rouge-2026!"  # noqa: S105
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
LINK = re.compile(r"https?://[^/\s]+(/\S+)")


@pytest.fixture(autouse=True)
def _fresh_index():
    from maillage.families.engine_adapter import clear_indexes

    clear_indexes()
    yield
    clear_indexes()


def _context(browser, live_server, viewport):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport=VIEWPORTS[viewport]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def _login(browser, live_server, email, viewport, password=DEFAULT_PASSWORD):
    page = _context(browser, live_server, viewport)
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    return page


def _accessible(page):
    assert page.locator("h1").count() == 1, page.url
    assert axe_violations(page) == [], page.url
    return page


def _link_path(message, contains: str) -> str:
    paths = [p for p in LINK.findall(message.body) if contains in p]
    assert paths, message.body
    return paths[0]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_an_invited_childminder_claims_her_account_and_is_offered(browser, live_server, viewport):
    saint_denis = CommuneFactory(saint_denis=True)
    agent = TerritoryAdminFactory(departements=[saint_denis.departement])
    childminder = ChildminderFactory(
        commune=saint_denis,
        unclaimed_from_register=True,
        user__email="nadia.benali@exemple.fr",
        user__first_name="Nadia",
        latitude=saint_denis.latitude + 0.003,
        longitude=saint_denis.longitude + 0.003,
    )
    parent = User.objects.create_user(
        "maman.lea@exemple.fr", DEFAULT_PASSWORD, role=Role.PARENT, email_verified=True
    )
    need = open_need(saint_denis, parent=parent)

    # Before: the parent's results do not offer the childminder from the register.
    family = _login(browser, live_server, parent.email, viewport)
    family.goto(f"/familles/besoins/{need.pk}/resultats/")
    _accessible(family)
    assert family.locator(f"#option-am-{childminder.pk}").count() == 0
    assert "confirmé eux-mêmes leurs places" in family.content()

    # The territory administrator sees her as not invited and invites the uninvited.
    page = _login(browser, live_server, agent.email, viewport)
    page.goto("/prestataires/mon-territoire/")
    _accessible(page)
    assert "Non invité" in page.content()
    page.get_by_role("button", name="Inviter les non invités").click()
    page.wait_for_load_state()
    _accessible(page)
    assert "Invité" in page.locator("table").text_content()
    page.context.close()
    invitation_mail = mail.outbox[-1]
    assert invitation_mail.to == ["nadia.benali@exemple.fr"]

    # She opens the link, chooses a password and confirms her places on one page.
    claim = _context(browser, live_server, viewport)
    claim.goto(_link_path(invitation_mail, "/prestataires/invitation/"))
    _accessible(claim)
    claim.get_by_label("Choisissez votre mot de passe").fill(NEW_PASSWORD)
    claim.get_by_label("Confirmez le mot de passe").fill(NEW_PASSWORD)
    claim.get_by_role("button", name="Activer mon compte et confirmer ces places").click()
    claim.wait_for_load_state()
    _accessible(claim)
    assert "vous êtes désormais proposée aux familles" in claim.content()
    claim.context.close()
    childminder.refresh_from_db()
    assert childminder.claimed_at is not None and childminder.user.is_active
    assert Invitation.objects.get().opened_at is not None

    # After: the same results offer her.
    family.reload()
    _accessible(family)
    assert family.locator(f"#option-am-{childminder.pk}").count() == 1
    family.context.close()


def _fill_structure(page, siret: str) -> None:
    page.get_by_label("Votre prénom").fill("Claire")
    for name, value in (
        ("last_name", "Martin"),
        ("email", "claire@lucioles.fr"),
        ("password1", NEW_PASSWORD),
        ("password2", NEW_PASSWORD),
        ("name", "Micro-crèche Les Lucioles"),
        ("address", "4 rue de la République"),
        ("commune", "Saint-Denis 93200"),
        ("places_babies", "4"),
        ("places_middle", "6"),
    ):
        page.locator(f'input[name="{name}"]').fill(value)
    page.get_by_label("Type de structure").select_option("micro")
    page.get_by_label("Numéro SIRET").fill(siret)
    for day in range(5):
        page.locator(f'select[name="open_d{day}_1_start"]').select_option("07:30")
        page.locator(f'select[name="open_d{day}_1_end"]').select_option("18:30")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_creche_signs_up_is_validated_and_a_colleague_joins(browser, live_server, viewport):
    saint_denis = CommuneFactory(saint_denis=True)
    agent = TerritoryAdminFactory(departements=[saint_denis.departement])

    # The manager declares her structure; a wrong SIRET first.
    page = _context(browser, live_server, viewport)
    page.goto("/prestataires/inscrire-ma-structure/")
    _accessible(page)
    _fill_structure(page, "732 829 320 00075")
    page.get_by_role("button", name="Déclarer ma structure").click()
    page.wait_for_load_state()
    _accessible(page)
    assert "Ce numéro SIRET n'existe pas" in page.content().replace("&#x27;", "'")
    _fill_structure(page, "732 829 320 00074")
    page.get_by_role("button", name="Déclarer ma structure").click()
    page.wait_for_load_state()
    _accessible(page)
    assert "Déclaration envoyée" in page.content()
    nursery = Nursery.objects.get()
    assert nursery.status == StructureStatus.PENDING and nursery.siret == "73282932000074"
    assert not Nursery.objects.offered().exists()
    verification = next(m for m in mail.outbox if m.to == ["claire@lucioles.fr"])
    page.goto(_link_path(verification, "/compte/verification/"))
    page.context.close()

    # The territory administrator validates it.
    admin_page = _login(browser, live_server, agent.email, viewport)
    admin_page.goto("/prestataires/structures-en-attente/")
    _accessible(admin_page)
    assert "Micro-crèche Les Lucioles" in admin_page.content()
    admin_page.get_by_role("button", name="Valider Micro-crèche Les Lucioles").click()
    admin_page.wait_for_load_state()
    _accessible(admin_page)
    admin_page.context.close()
    nursery.refresh_from_db()
    assert nursery.status == StructureStatus.VALIDATED and nursery.reviewed_by == agent
    assert Nursery.objects.offered().get() == nursery

    # The manager invites a colleague.
    manager = _login(browser, live_server, "claire@lucioles.fr", viewport, NEW_PASSWORD)
    manager.goto("/accueil/creches/")
    _accessible(manager)
    manager.get_by_role("link", name="Collègues de Micro-crèche Les Lucioles").click()
    manager.wait_for_load_state()
    _accessible(manager)
    manager.get_by_label("Adresse électronique de votre collègue").fill("lea.roux@lucioles.fr")
    manager.get_by_role("button", name="Envoyer l'invitation").click()
    manager.wait_for_load_state()
    _accessible(manager)
    manager.context.close()

    # The colleague creates her account from the link and manages the structure too.
    invite = mail.outbox[-1]
    assert invite.to == ["lea.roux@lucioles.fr"]
    colleague = _context(browser, live_server, viewport)
    colleague.goto(_link_path(invite, "/prestataires/invitation/"))
    _accessible(colleague)
    colleague.locator('input[name="first_name"]').fill("Léa")
    colleague.locator('input[name="last_name"]').fill("Roux")
    colleague.locator('input[name="password1"]').fill(NEW_PASSWORD)
    colleague.get_by_label("Confirmation du mot de passe").fill(NEW_PASSWORD)
    colleague.get_by_role("button", name="Créer mon compte et rejoindre la structure").click()
    colleague.wait_for_load_state()
    _accessible(colleague)
    assert "Micro-crèche Les Lucioles" in colleague.locator("h2").first.text_content()
    colleague.context.close()

    assert set(nursery.managers.values_list("email", flat=True)) == {
        "claire@lucioles.fr",
        "lea.roux@lucioles.fr",
    }
    assert Invitation.objects.get(kind="colleague").claimed_at is not None
    assert User.objects.get(email="lea.roux@lucioles.fr").role == Role.NURSERY_MANAGER
    assert Childminder.objects.count() == 0
