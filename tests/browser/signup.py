"""The sign-up form, the emailed verification link and the login, as a visitor goes through
them in a browser (shared by the journeys that start without an account)."""

from __future__ import annotations

import re

from django.core import mail


def sign_up_and_log_in(
    page, *, email: str, password: str, first_name: str, last_name: str, role: str = ""
) -> None:
    page.locator("#id_email").fill(email)
    page.locator("#id_password1").fill(password)
    page.locator("#id_password2").fill(password)
    page.locator("#id_first_name").fill(first_name)
    page.locator("#id_last_name").fill(last_name)
    if role:  # the role the link that led here chose for her
        assert page.locator(f"input[name=role][value={role}]").is_checked()
    page.locator("#id_accept_terms").check(force=True)
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/inscription/envoyee/")
    link = re.search(r"(/compte/verification/[^/\s]+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.wait_for_url("**/compte/connexion/**")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
