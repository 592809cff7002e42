"""Events: seats and a waiting list, attendance advancing the path, emails by the worker."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.jobs.enums import (
    ApplicationStatus,
    MeetingKind,
    PathStageKind,
    RegistrationStatus,
    StageStatus,
)
from maillage.jobs.errors import JobsError
from maillage.jobs.models import EventRegistration
from maillage.jobs.services.applications import application_hire, application_send
from maillage.jobs.services.events import immersion_offer_create, info_meeting_create
from maillage.jobs.services.paths import path_stage_advance, path_start
from maillage.jobs.services.registrations import (
    event_attendance_mark,
    event_cancel,
    event_register,
    event_stop_add,
    immersion_complete,
)
from maillage.jobs.tasks import send_event_reminders
from tests.jobs.factories import (
    CandidateProfileFactory,
    NurseryFactory,
    UserFactory,
    make_template,
    saint_denis,
)
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db
NOW = "2026-03-02 09:00 +0100"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def meeting(seats=2, kind=MeetingKind.ESCAPE_GAME, organiser_user=None, days=3):
    return info_meeting_create(
        kind=kind,
        title="Escape game « Cap vers l'enfance »",
        organiser="France Travail Saint-Denis",
        commune=saint_denis(),
        starts_at=timezone.make_aware(datetime(2026, 3, 2 + days, 14, 0)),
        seats=seats,
        created_by=organiser_user,
    )


def test_seats_then_a_waiting_list_and_a_freed_seat_goes_to_the_first_waiting(
    django_capture_on_commit_callbacks,
):
    event = meeting(seats=2)
    people = [CandidateProfileFactory() for _ in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        regs = [event_register(meeting=event, candidate=p) for p in people]
    assert [r.status for r in regs] == ["registered", "registered", "waitlisted", "waitlisted"]
    event.refresh_from_db()
    assert (event.seats_taken, event.seats_left) == (2, 0)
    assert [m.subject for m in mail.outbox].count("Maillage — inscription à un événement") == 4
    assert "liste d'attente" in mail.outbox[2].body
    with pytest.raises(JobsError, match="déjà inscrite"):
        event_register(meeting=event, candidate=people[0])
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(registration=regs[1])
    regs[2].refresh_from_db()
    regs[3].refresh_from_db()
    assert (regs[2].status, regs[3].status) == ("registered", "waitlisted")
    assert mail.outbox[-1].subject == "Maillage — une place s'est libérée"
    event.refresh_from_db()
    assert event.seats_taken == 2


def test_attendance_completes_her_discovery_stage_and_links_the_meeting():
    organiser = UserFactory(role=Role.COUNSELLOR)
    event = meeting(organiser_user=organiser, days=1)
    candidate = CandidateProfileFactory()
    path = path_start(candidate=candidate, template=make_template(), on=date(2026, 2, 2))
    registration = event_register(meeting=event, candidate=candidate)
    with pytest.raises(JobsError, match="le jour de l'événement"):
        event_attendance_mark(registration=registration, attended=True)
    with time_machine.travel("2026-03-03 17:00 +0100", tick=False):
        stage = event_attendance_mark(registration=registration, attended=True)
        again = event_attendance_mark(registration=registration, attended=True)
    assert stage.kind == PathStageKind.DISCOVERY and again is None
    stage.refresh_from_db()
    assert (stage.status, stage.meeting, stage.end_date) == (
        StageStatus.COMPLETED,
        event,
        date(2026, 3, 3),
    )
    current = path.stages.get(status=StageStatus.IN_PROGRESS)
    assert current.kind == PathStageKind.TRAINING


def test_a_completed_immersion_completes_her_immersion_stage(rome):
    manager = UserFactory(role=Role.NURSERY_MANAGER)
    nursery = NurseryFactory(managers=[manager])
    immersion = immersion_offer_create(
        host=nursery,
        title="Immersion en section des bébés",
        start_date=date(2026, 3, 2),
        end_date=date(2026, 3, 31),
    )
    candidate = CandidateProfileFactory()
    path = path_start(candidate=candidate, template=make_template(), on=date(2026, 1, 5))
    path_stage_advance(path=path, on=date(2026, 1, 20))  # escape game
    path_stage_advance(path=path, on=date(2026, 2, 20))  # initiation
    application = application_send(candidate=candidate, target=immersion)
    application_hire(application=application)
    assert application.status == ApplicationStatus.HIRED
    stage = immersion_complete(application=application, on=date(2026, 3, 2))
    stage.refresh_from_db()
    assert (stage.kind, stage.status, stage.immersion) == (
        PathStageKind.IMMERSION,
        StageStatus.COMPLETED,
        immersion,
    )
    with pytest.raises(JobsError, match="déjà déclarée"):
        immersion_complete(application=application, on=date(2026, 3, 2))


def test_the_reminder_goes_the_day_before_once():
    event = meeting(days=1)
    event_register(meeting=event, candidate=CandidateProfileFactory())
    far = meeting(days=10)
    event_register(meeting=far, candidate=CandidateProfileFactory())
    mail.outbox.clear()
    assert send_event_reminders.call() == 1
    assert send_event_reminders.call() == 0
    assert mail.outbox[0].subject == "Maillage — rappel : c'est demain"


def test_a_counsellor_registers_only_a_candidate_she_follows(client):
    counsellor = UserFactory(role=Role.COUNSELLOR)
    event = meeting(organiser_user=counsellor)
    mine = CandidateProfileFactory(counsellor=counsellor)
    other = CandidateProfileFactory(commune=CommuneFactory(montreuil=True))
    client.force_login(counsellor)
    url = reverse("jobs:meeting_register_candidate", args=[event.pk])
    client.post(url, {"c-candidate": other.pk})
    client.post(url, {"c-candidate": mine.pk})
    registration = EventRegistration.objects.get()
    assert (registration.candidate, registration.registered_by) == (mine, counsellor)
    page = client.get(reverse("jobs:meeting_detail", args=[event.pk])).content.decode()
    assert mine.user.display_name in page


def test_a_caravan_lists_its_stops_on_the_public_page(client):
    event = meeting(kind=MeetingKind.CARAVAN)
    montreuil = CommuneFactory(montreuil=True)
    event_stop_add(
        meeting=event,
        commune=montreuil,
        starts_at=timezone.make_aware(datetime(2026, 3, 9, 10, 0)),
        address="Place Jean-Jaurès",
    )
    html = client.get(reverse("jobs:public_offers"), {"kind": "evenements"}).content.decode()
    assert "Montreuil le 09/03" in html
    assert reverse("jobs:event_register", args=[event.pk]) in html
    anonymous = client.get(reverse("jobs:event_register", args=[event.pk]))
    assert anonymous["Location"].startswith(reverse("accounts:signup"))
    candidate = CandidateProfileFactory()
    client.force_login(candidate.user)
    client.post(reverse("jobs:event_register", args=[event.pk]))
    assert EventRegistration.objects.get().status == RegistrationStatus.REGISTERED
    with pytest.raises(JobsError, match="dans le futur"):
        event_stop_add(
            meeting=event, commune=montreuil, starts_at=timezone.now() - timedelta(hours=1)
        )
