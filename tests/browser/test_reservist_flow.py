"""Reservist, end to end in a real browser (desktop and 390 px phone, axe on every page): a
parent also joins the substitute pool, receives a wave and accepts the replacement."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.accounts.models import User
from maillage.jobs.enums import Qualification
from maillage.jobs.models import SubstituteAssignment
from maillage.jobs.services.substitutes import substitute_request_create
from maillage.jobs.services.waves import substitute_wave_start
from tests.browser.test_hire_flow import context_for, log_in
from tests.browser.test_jobs_flows import accessible, next_weekday, user
from tests.jobs.factories import NurseryFactory, saint_denis

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_parent_joins_the_pool_and_takes_a_replacement(browser, live_server, device):
    commune = saint_denis()
    parent = user("maman.reserviste@exemple.fr", Role.PARENT, first_name="Aïcha")
    page = context_for(browser, live_server, device)
    page.goto("/compte/connexion/")
    log_in(page, parent.email)
    page.goto("/emplois/vivier/rejoindre/")
    accessible(page)
    page.locator("#id_commune_q").fill("Saint-Denis")
    page.locator("#id_commune option[value='93066']").wait_for(state="attached")
    page.locator("#id_commune").select_option("93066")
    for day in range(5):
        page.locator(f"input[name=days][value='{day}']").check(force=True)
    page.locator("#id_available_from").fill(timezone.localdate().isoformat())
    page.locator("input[name=qualifications][value=auxiliaire_puericulture]").check(force=True)
    assert page.locator("#id_substitute_pool_consent").is_checked()
    page.get_by_role("button", name=re.compile("Enregistrer")).click()
    page.wait_for_url("**/emplois/offres/")
    accessible(page)
    parent = User.objects.get(pk=parent.pk)
    assert parent.all_roles == [Role.PARENT, Role.CANDIDATE]

    day = next_weekday()
    request = substitute_request_create(
        nursery=NurseryFactory(name="Crèche Les Lilas", commune=commune),
        start_date=day,
        end_date=day,
        start_time="08:00",
        end_time="12:00",
        children_not_walking=10,
        children_walking=0,
        staff_present={Qualification.AUXILIAIRE_PUERICULTURE: 1},
    )
    sent = substitute_wave_start(request=request, now=timezone.now() - timedelta(seconds=1))
    assert [n.candidate.user for n in sent] == [parent]
    assert any(parent.email in m.to for m in mail.outbox)
    page.goto(f"/emplois/remplacement/{request.pk}/")
    accessible(page)
    page.get_by_role("button", name=re.compile("J'accepte")).click()
    page.wait_for_load_state()
    accessible(page)
    assert SubstituteAssignment.objects.filter(request=request, candidate__user=parent).exists()
    # Still a parent: her families menu is there, her job space is one drop-down entry.
    assert page.get_by_role("button", name="Espace emploi").count() >= 1 or (
        "Espace emploi" in page.content()
    )
    page.context.close()
