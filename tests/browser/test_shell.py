"""The public shell in a real browser: it loads offline and passes axe-core."""

import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_has_no_serious_accessibility_violation(page):
    requests_outside = []
    page.on(
        "request",
        lambda r: (
            requests_outside.append(r.url)
            if not r.url.startswith(("http://localhost", "http://127.0.0.1", "data:"))
            else None
        ),
    )
    page.goto("/")
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert requests_outside == []


def test_mobile_menu_opens_on_a_phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="fr-FR"
    )
    page = context.new_page()
    page.goto("/")
    page.get_by_role("button", name="Menu").click()
    assert page.locator("#menu-mobile").is_visible()
    context.close()
