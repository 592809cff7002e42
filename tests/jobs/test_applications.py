"""Applications: sent, seen, interview, hired (the offer closes), refused, withdrawn."""

from datetime import date, datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.jobs.enums import ApplicationStatus, ContractType, OfferStatus, RefusalReason
from maillage.jobs.errors import JobsError
from maillage.jobs.models import Application
from maillage.jobs.services.applications import (
    application_hire,
    application_mark_seen,
    application_propose_interview,
    application_refuse,
    application_send,
    application_withdraw,
)
from maillage.jobs.services.employers import job_offer_publish
from tests.jobs.factories import CandidateProfileFactory, NurseryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel("2026-03-02 09:00 +0100", tick=False):
        yield


def offer_of(manager, posts=1, rome="J1304"):
    nursery = NurseryFactory(managers=[manager])
    return job_offer_publish(
        employer=nursery,
        rome_code=rome,
        title="Auxiliaire de puériculture — section des bébés",
        contract_type=ContractType.CDI,
        hours_per_week=35,
        start_date=date(2026, 4, 1),
        posts=posts,
    )


@pytest.fixture
def manager(rome):
    return UserFactory(role=Role.NURSERY_MANAGER, email="directrice@lilas.fr")


def test_a_hire_closes_the_offer_once_its_posts_are_filled(
    manager, django_capture_on_commit_callbacks
):
    offer = offer_of(manager, posts=2)
    first, second, third = (CandidateProfileFactory() for _ in range(3))
    with django_capture_on_commit_callbacks(execute=True):
        apps = [
            application_send(candidate=c, target=offer, message="Disponible dès avril.")
            for c in (first, second, third)
        ]
    assert [m.to for m in mail.outbox] == [["directrice@lilas.fr"]] * 3
    assert "Disponible dès avril." in mail.outbox[0].body
    application_hire(application=apps[0])
    offer.refresh_from_db()
    assert (offer.status, offer.posts_filled) == (OfferStatus.PUBLISHED, 1)
    application_hire(application=apps[1])
    offer.refresh_from_db()
    assert (offer.status, offer.posts_filled, offer.posts_left) == (OfferStatus.CLOSED, 2, 0)
    assert offer.closed_at is not None
    with pytest.raises(JobsError, match="déjà pourvus"):
        application_hire(application=apps[2])
    assert Application.objects.get(pk=apps[2].pk).status == ApplicationStatus.SENT


def test_each_transition_emails_the_other_side(manager, django_capture_on_commit_callbacks):
    offer = offer_of(manager)
    candidate = CandidateProfileFactory(user=UserFactory(email="ines@exemple.fr"))
    with django_capture_on_commit_callbacks(execute=True):
        application = application_send(candidate=candidate, target=offer)
        application_mark_seen(application=application)
        application_mark_seen(application=application)  # the second opening says nothing
        at = timezone.make_aware(datetime(2026, 3, 5, 10, 0))
        application_propose_interview(application=application, at=at, place="Crèche Les Lilas")
    subjects = [(m.to, m.subject) for m in mail.outbox]
    assert subjects == [
        (["directrice@lilas.fr"], "Maillage — nouvelle candidature"),
        (["ines@exemple.fr"], "Maillage — candidature vue"),
        (["ines@exemple.fr"], "Maillage — entretien proposé"),
    ]
    assert "05/03/2026 à 10:00" in mail.outbox[-1].body
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTERVIEW


def test_a_refusal_needs_a_reason_and_a_withdrawn_application_is_final(manager):
    offer = offer_of(manager)
    application = application_send(candidate=CandidateProfileFactory(), target=offer)
    with pytest.raises(JobsError, match="Précisez"):
        application_refuse(application=application, reason=RefusalReason.OTHER)
    application_refuse(application=application, reason=RefusalReason.HOURS, detail="Horaires")
    assert application.status == ApplicationStatus.REFUSED
    again = application_send(candidate=application.candidate, target=offer)
    application_withdraw(application=again)
    with pytest.raises(JobsError, match="retirée"):
        application_hire(application=again)
    offer.refresh_from_db()
    assert offer.posts_filled == 0


def test_one_live_application_per_offer(manager):
    offer = offer_of(manager)
    candidate = CandidateProfileFactory()
    application_send(candidate=candidate, target=offer)
    with pytest.raises(JobsError, match="déjà une candidature"):
        application_send(candidate=candidate, target=offer)


def test_her_profile_is_visible_to_the_employer_she_applied_to_only(client, manager):
    offer = offer_of(manager)
    other = UserFactory(role=Role.NURSERY_MANAGER)
    offer_of(other)
    candidate = CandidateProfileFactory(user=UserFactory(first_name="Inès", last_name="Traoré"))
    application = application_send(candidate=candidate, target=offer)
    client.force_login(other)
    assert client.get(reverse("jobs:application_detail", args=[application.pk])).status_code == 404
    assert "Traoré" not in client.get(reverse("jobs:employer_inbox")).content.decode()
    client.force_login(manager)
    inbox = client.get(reverse("jobs:employer_inbox")).content.decode()
    assert "Inès Traoré" in inbox
    page = client.get(reverse("jobs:application_detail", args=[application.pk]))
    assert candidate.user.email in page.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SEEN


def test_the_employer_decides_through_the_pages(client, manager):
    offer = offer_of(manager)
    application = application_send(candidate=CandidateProfileFactory(), target=offer)
    client.force_login(manager)
    url = reverse("jobs:application_decide", args=[application.pk, "entretien"])
    response = client.post(url, {"i-day": "2026-03-04", "i-time": "10:00", "i-place": ""})
    assert "Ce champ est obligatoire" in response.content.decode()
    client.post(url, {"i-day": "2026-03-04", "i-time": "10:00", "i-place": "Sur place"})
    application.refresh_from_db()
    assert application.interview_place == "Sur place"
    client.post(reverse("jobs:application_decide", args=[application.pk, "recruter"]))
    offer.refresh_from_db()
    assert offer.status == OfferStatus.CLOSED


def test_the_counsellor_follows_the_applications_of_her_candidates(client, manager):
    counsellor = UserFactory(role=Role.COUNSELLOR)
    candidate = CandidateProfileFactory(counsellor=counsellor)
    application_send(candidate=candidate, target=offer_of(manager))
    client.force_login(counsellor)
    html = client.get(reverse("jobs:candidate_detail", args=[candidate.pk])).content.decode()
    assert "Auxiliaire de puériculture — section des bébés" in html
    assert "Envoyée" in html


def test_job_offer_close_has_a_view_for_its_employer_only(client, manager):
    offer = offer_of(manager)
    client.force_login(UserFactory(role=Role.NURSERY_MANAGER))
    assert client.post(reverse("jobs:job_offer_close", args=[offer.pk])).status_code == 404
    client.force_login(manager)
    client.post(reverse("jobs:job_offer_close", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.status == OfferStatus.CLOSED


def test_applying_asks_her_to_sign_up_and_keeps_her_choice(client, manager):
    offer = offer_of(manager)
    apply_url = reverse("jobs:apply", args=["job_offer", offer.pk])
    response = client.get(apply_url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:signup"))
    signup = client.get(response["Location"]).content.decode()
    assert 'value="candidate" checked' in signup or "candidate" in signup
    user = UserFactory(role=Role.CANDIDATE, email="nouvelle@exemple.fr")
    login = client.post(
        reverse("accounts:login"), {"username": user.email, "password": "Creche-Lilas-2026"}
    )
    assert login["Location"] == apply_url
    # No profile yet: the profile first, then back to the same offer.
    response = client.get(apply_url)
    assert response["Location"].startswith(reverse("jobs:candidate_profile"))
    CandidateProfileFactory(user=user)
    client.post(apply_url, {"message": "Bonjour, je suis disponible."})
    application = Application.objects.get(candidate__user=user)
    assert application.job_offer == offer
    assert application.message == "Bonjour, je suis disponible."


def test_accepting_a_training_application_takes_a_seat_never_more(manager):
    from maillage.jobs.services.catalogue import training_create
    from tests.jobs.factories import saint_denis

    training = training_create(
        organisation="Greta 93",
        title="CAP AEPE — session d'avril",
        qualification="cap_aepe",
        commune=saint_denis(),
        start_date=date(2026, 4, 6),
        end_date=date(2026, 12, 18),
        hours_per_week=35,
        seats=1,
        created_by=manager,
    )
    first, second = (
        application_send(candidate=CandidateProfileFactory(), target=training) for _ in range(2)
    )
    application_hire(application=first)
    training.refresh_from_db()
    assert training.seats_taken == 1
    with pytest.raises(JobsError, match="complète"):
        application_hire(application=second)
    second.refresh_from_db()
    assert second.status == ApplicationStatus.SENT
