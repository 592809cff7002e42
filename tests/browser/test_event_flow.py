"""Event, end to end in a real browser (desktop and 390 px phone, axe on every page): a
candidate registers for an information meeting → the organiser marks attendance → her
« Cap vers l'enfance » stage advances."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.jobs.enums import MeetingKind, PathStageKind, StageStatus
from maillage.jobs.models import EventRegistration
from maillage.jobs.services.events import info_meeting_create
from maillage.jobs.services.paths import path_start
from tests.browser.test_hire_flow import context_for, log_in
from tests.browser.test_jobs_flows import accessible, user
from tests.jobs.factories import CandidateProfileFactory, make_template, saint_denis

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_attending_an_information_meeting_advances_her_path(browser, live_server, device):
    counsellor = user("conseillere@exemple.fr", Role.COUNSELLOR, first_name="Karima")
    candidate = CandidateProfileFactory(
        user=user("ines@exemple.fr", Role.CANDIDATE, first_name="Inès", last_name="Traoré")
    )
    template = make_template()
    path = path_start(
        candidate=candidate,
        template=template,
        on=timezone.localdate() - timedelta(days=7),
        counsellor=counsellor,
    )
    meeting = info_meeting_create(
        kind=MeetingKind.JOBS_INFO,
        title="Information collective : les métiers de la petite enfance",
        organiser="France Travail Saint-Denis",
        commune=saint_denis(),
        address="12 place de la Mairie",
        starts_at=timezone.now() + timedelta(minutes=20),
        seats=12,
        path_template=template,
        created_by=counsellor,
    )

    page = context_for(browser, live_server, device)
    page.goto("/compte/connexion/")
    log_in(page, "ines@exemple.fr")
    page.goto("/emplois/annonces/?kind=evenements")
    accessible(page)
    page.get_by_role("link", name=f"S'inscrire : {meeting.title}").click()
    page.wait_for_url(f"**/evenements/{meeting.pk}/inscription/")
    accessible(page)
    page.get_by_role("button", name="Je m'inscris").click()
    page.wait_for_url("**/emplois/candidatures/")
    accessible(page)
    assert "Inscrite" in page.content()
    assert any(m.subject == "Maillage — inscription à un événement" for m in mail.outbox)
    page.context.close()

    page = context_for(browser, live_server, device)
    page.goto("/compte/connexion/")
    log_in(page, counsellor.email)
    page.goto("/emplois/conseiller/reunions/")
    accessible(page)
    page.get_by_role("link", name=meeting.title).click()
    page.wait_for_url(f"**/reunions/{meeting.pk}/")
    accessible(page)
    page.get_by_role("button", name="Présente : Inès Traoré").click()
    page.wait_for_load_state()
    accessible(page)
    assert "Escape game de découverte des métiers" in page.content()
    registration = EventRegistration.objects.get(candidate=candidate)
    assert registration.attended is True
    stage = path.stages.get(kind=PathStageKind.DISCOVERY)
    assert (stage.status, stage.meeting_id) == (StageStatus.COMPLETED, meeting.pk)
    page.context.close()

    page = context_for(browser, live_server, device)
    page.goto("/compte/connexion/")
    log_in(page, "ines@exemple.fr")
    page.goto("/emplois/parcours/")
    accessible(page)
    first = page.locator(".path-stages li").first
    assert "Terminée" in first.inner_text()
    assert "Présente à « Information collective" in first.inner_text()
    page.context.close()
