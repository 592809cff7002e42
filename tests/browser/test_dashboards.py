"""Each role's dashboard in a real browser: the header menu holds on one line at 1280 px, the
"À faire" list names the next action, and the page passes axe on a desktop and a 390 px phone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.accounts.models import User
from maillage.families.enums import ContactRequestStatus as S
from tests.browser.conftest import axe_violations
from tests.families.factories import ChildminderFactory, ContactRequestFactory

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Tableau-de-bord-2026"


def _login(browser, live_server, email, width):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/tableau-de-bord/")
    return page


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_the_menu_holds_on_one_line_at_1280_px(browser, live_server, role):
    email = f"{role}@exemple.fr"
    User.objects.create_user(email, PASSWORD, role=role, email_verified=True)
    page = _login(browser, live_server, email, 1280)
    tops = page.locator("#navigation-principale > ul > li").evaluate_all(
        "items => items.map(item => Math.round(item.getBoundingClientRect().top))"
    )
    assert tops and len(set(tops)) == 1, (role, tops)
    assert axe_violations(page) == []
    page.context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_childminder_s_dashboard_says_what_to_do(browser, live_server, width):
    user = User.objects.create_user(
        f"am-{width}@exemple.fr", PASSWORD, role=Role.CHILDMINDER, email_verified=True
    )
    childminder = ChildminderFactory(
        user=user, availability_updated_at=timezone.now() - dt.timedelta(days=45)
    )
    ContactRequestFactory(childminder=childminder, status=S.PENDING)
    page = _login(browser, live_server, user.email, width)
    todo = page.locator("#a-faire")
    assert "1 demande en attente de votre réponse" in todo.inner_text()
    assert "Disponibilités non mises à jour depuis 45 jours" in todo.inner_text()
    assert page.locator("h1").count() == 1 and axe_violations(page) == []
    todo.get_by_role("link", name="Répondre").click()
    page.wait_for_url("**/accueil/demandes/")
    page.context.close()
