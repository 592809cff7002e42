"""The two-way contact in a real browser, on a desktop and on a 390 px phone, every page
checked with axe-core (no serious or critical violation): a parent with a need sees the cost
of each option (the Caf's published example: 3 000 € a month, one child → 1,86 € per hour at a
childminder at the reference rate, CMG deducted), sends a request; the childminder accepts;
both see each other's contact; a message each way; a visit proposed with the place held, then
accepted; the place confirmed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.accounts.models import User
from maillage.core.schedule import week_from_ranges
from maillage.families.enums import ContactRequestStatus as S
from maillage.families.enums import VisitStatus
from maillage.families.models import ContactRequest, PlaceHold, RequestMessage
from tests.browser.conftest import axe_violations
from tests.childcare.factories import ChildminderFactory
from tests.families.helpers import open_need
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Creche-Lilas-2026"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def viewport_page(browser, live_server, viewport, timeout=30_000):
    """A fresh French browser context at this viewport ("desktop" or "phone"), and its page."""
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport=VIEWPORTS[viewport]
    )
    page = context.new_page()
    page.set_default_timeout(timeout)
    return context, page


FULL_TIME = week_from_ranges({d: [("08:00", "16:00")] for d in range(5)})


@pytest.fixture(autouse=True)
def _fresh_index():
    from maillage.families.engine_adapter import clear_indexes

    clear_indexes()
    yield
    clear_indexes()


def _user(email, role, first_name, last_name, phone):
    return User.objects.create_user(
        email,
        PASSWORD,
        role=role,
        email_verified=True,
        first_name=first_name,
        last_name=last_name,
        phone=phone,
    )


def _login(browser, live_server, email, viewport):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport=VIEWPORTS[viewport]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    return page


def _text(page) -> str:
    """The page's text with no-break spaces as plain spaces."""
    text = page.locator("body").text_content() or ""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _accessible(page):
    assert page.locator("h1").count() == 1, page.url
    assert axe_violations(page) == [], page.url
    return page


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_request_contact_messages_visit_and_confirmed_place(browser, live_server, viewport):
    saint_denis = CommuneFactory(saint_denis=True)
    childminder = ChildminderFactory(
        user=_user("am.fatou@exemple.fr", Role.CHILDMINDER, "Fatou", "Koné", "07 12 34 56 78"),
        commune=saint_denis,
        latitude=saint_denis.latitude + 0.003,
        longitude=saint_denis.longitude + 0.003,
        agrement_capacity=3,
    )
    parent = _user("maman.nour@exemple.fr", Role.PARENT, "Aïcha", "Benali", "06 98 76 54 32")
    need = open_need(saint_denis, parent=parent, schedule=FULL_TIME)

    # The parent sees the cost of the option, then asks for contact.
    page = _login(browser, live_server, parent.email, viewport)
    page.goto(f"/familles/besoins/{need.pk}/resultats/")
    _accessible(page)
    assert "selon vos ressources" in page.content()
    page.get_by_label("Ressources mensuelles du foyer (€)").fill("3000")
    page.get_by_label("Nombre d'enfants à charge").fill("1")
    page.get_by_role("button", name="Estimer le coût").click()
    page.wait_for_load_state()
    _accessible(page)
    content = _text(page)
    # 4,85 € × 173,3 h = 840,67 €, CMG 518,78 € → 321,88 €: 1,86 € per hour, as in the Caf's
    # example (232 € for 125 h).
    assert "Environ 322 € par mois" in content
    assert "soit 1,86 € par heure d'accueil" in content
    page.locator(f"#option-am-{childminder.pk}").check(force=True)
    page.get_by_role("button", name="Demander une mise en relation").click()
    page.wait_for_load_state()
    _accessible(page)
    request = ContactRequest.objects.get(need=need)
    page.context.close()
    accept_talk_visit_and_confirm(
        browser,
        live_server,
        viewport,
        childminder=childminder,
        parent_email=parent.email,
        parent_contact=("Aïcha Benali", "06 98 76 54 32"),
        provider_contact=("Fatou Koné", "07 12 34 56 78"),
        request=request,
    )


def accept_talk_visit_and_confirm(
    browser,
    live_server,
    viewport,
    *,
    childminder,
    parent_email,
    parent_contact,
    provider_contact,
    request,
):
    """The childminder accepts the request; both see each other's contact; a message each
    way; a visit proposed with the place held, then accepted; the place confirmed."""
    provider = _login(browser, live_server, childminder.user.email, viewport)
    provider.goto("/accueil/demandes/")
    _accessible(provider)
    provider.get_by_role("button", name="Accepter").click()
    provider.wait_for_load_state()
    _accessible(provider)
    provider.get_by_role("link", name="Coordonnées de la famille, rencontre et messages").click()
    provider.wait_for_load_state()
    _accessible(provider)
    shared = provider.locator("#coordonnees-partagees").text_content()
    assert all(item in shared for item in parent_contact)
    provider.get_by_label("Votre message").fill("Bonjour, je peux vous recevoir jeudi.")
    provider.get_by_role("button", name="Envoyer le message").click()
    provider.wait_for_load_state()
    _accessible(provider)
    visit_day = timezone.localdate() + timedelta(days=3)
    provider.get_by_label("Date de la rencontre").fill(visit_day.isoformat())
    provider.get_by_label("Heure").fill("17:30")
    provider.get_by_label("Lieu").fill("À mon domicile")
    provider.get_by_label("Retenir la place pour cette famille jusqu'à la rencontre").check(
        force=True
    )
    provider.get_by_role("button", name="Proposer la rencontre").click()
    provider.wait_for_load_state()
    _accessible(provider)
    assert "Place retenue jusqu" in provider.content()

    # The parent sees the childminder's contact and message, answers, accepts, confirms.
    page = _login(browser, live_server, parent_email, viewport)
    page.goto("/familles/demandes/")
    _accessible(page)
    page.get_by_role("link", name="Coordonnées, rencontre et messages").click()
    page.wait_for_load_state()
    _accessible(page)
    shared = page.locator("#coordonnees-partagees").text_content()
    assert all(item in shared for item in provider_contact)
    assert "je peux vous recevoir jeudi" in page.locator("#fil-messages").text_content()
    page.get_by_label("Votre message").fill("Merci, jeudi me convient.")
    page.get_by_role("button", name="Envoyer le message").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Accepter la rencontre").click()
    page.wait_for_load_state()
    _accessible(page)
    assert "Rencontre acceptée" in page.content()
    page.get_by_role("button", name="Confirmer la place").click()
    page.wait_for_load_state()
    _accessible(page)
    page.context.close()

    # The parent's reply shows on the childminder's page at its next load.
    provider.reload()
    assert "jeudi me convient" in provider.locator("#fil-messages").text_content()
    provider.context.close()

    request.refresh_from_db()
    assert request.status == S.CONFIRMED
    assert childminder.children_in_care.count() == 1
    assert request.visits.get().status == VisitStatus.ACCEPTED
    assert PlaceHold.objects.filter(request=request).count() == 1
    assert list(RequestMessage.objects.values_list("side", flat=True)) == ["provider", "family"]
    subjects = [m.subject for m in mail.outbox]
    assert any("Nouveau message" in s for s in subjects)
    assert any("rencontre vous est proposée" in s for s in subjects)
    assert any("accepté la rencontre" in s for s in subjects)
