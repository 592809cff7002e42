"""Employers reach out to anonymous profiles; the public pages need no account."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from maillage.accounts.enums import Role
from maillage.jobs.enums import ApplicationStatus, ContractType, InvitationStatus, Qualification
from maillage.jobs.models import ApplicationInvitation
from maillage.jobs.services.catalogue import training_create
from maillage.jobs.services.employers import job_offer_publish
from tests.jobs.factories import CandidateProfileFactory, NurseryFactory, UserFactory
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel("2026-03-02 09:00 +0100", tick=False):
        yield


def publish(nursery, contract=ContractType.CDI, qualification=Qualification.CAP_AEPE, **kw):
    return job_offer_publish(
        employer=nursery,
        rome_code="K1307",
        title=kw.pop("title", "Animatrice petite enfance"),
        contract_type=contract,
        required_qualification=qualification,
        hours_per_week=35,
        start_date=kw.pop("start_date", date(2026, 4, 1)),
    )


def test_an_employer_invites_and_learns_who_she_is_only_once_she_applies(
    client, rome, django_capture_on_commit_callbacks
):
    manager = UserFactory(role=Role.NURSERY_MANAGER)
    offer = publish(NurseryFactory(managers=[manager]))
    candidate = CandidateProfileFactory(
        visible_to_employers=True,
        user=UserFactory(first_name="Inès", last_name="Traoré", email="ines@exemple.fr"),
    )
    client.force_login(manager)
    ranked = client.get(reverse("jobs:offer_candidates", args=[offer.pk])).content.decode()
    assert "Inviter à postuler" in ranked
    assert "Traoré" not in ranked
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:invitation_send", args=[offer.pk, candidate.pk]))
    invitation = ApplicationInvitation.objects.get(candidate=candidate)
    assert mail.outbox[-1].to == ["ines@exemple.fr"]
    assert "Traoré" not in client.get(reverse("jobs:employer_inbox")).content.decode()

    client.force_login(candidate.user)
    mine = client.get(reverse("jobs:my_applications")).content.decode()
    assert "vous invitent à postuler" in mine and offer.title in mine
    client.post(reverse("jobs:invitation_answer", args=[invitation.pk]), {"message": "Oui !"})
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    application = invitation.applications.get()
    assert application.status == ApplicationStatus.SENT

    client.force_login(manager)
    assert "Inès Traoré" in client.get(reverse("jobs:employer_inbox")).content.decode()


def test_she_may_decline_and_stays_anonymous(client, rome):
    manager = UserFactory(role=Role.NURSERY_MANAGER)
    offer = publish(NurseryFactory(managers=[manager]))
    candidate = CandidateProfileFactory(visible_to_employers=True)
    client.force_login(manager)
    client.post(reverse("jobs:invitation_send", args=[offer.pk, candidate.pk]))
    invitation = ApplicationInvitation.objects.get()
    client.force_login(candidate.user)
    client.post(reverse("jobs:invitation_decline", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert not invitation.applications.exists()
    hidden = CandidateProfileFactory(visible_to_employers=False)
    client.force_login(manager)
    response = client.post(reverse("jobs:invitation_send", args=[offer.pk, hidden.pk]))
    assert response.status_code == 404


def test_the_public_page_filters_by_territory_distance_contract_and_dates(client, rome):
    saint_denis = CommuneFactory(saint_denis=True)
    far = CommuneFactory(code="13055", name="Marseille", latitude=43.29, longitude=5.37)
    near = publish(NurseryFactory(commune=saint_denis), title="Auxiliaire à Saint-Denis")
    cdd = publish(NurseryFactory(commune=saint_denis), ContractType.CDD, title="CDD de printemps")
    publish(NurseryFactory(commune=far), title="Poste à Marseille")
    later = publish(
        NurseryFactory(commune=saint_denis), title="Poste de septembre", start_date=date(2026, 9, 1)
    )
    training_create(
        organisation="Greta 93",
        title="CAP AEPE en alternance",
        qualification=Qualification.CAP_AEPE,
        commune=saint_denis,
        start_date=date(2026, 5, 4),
        end_date=date(2026, 12, 18),
        hours_per_week=35,
        seats=12,
    )
    url = reverse("jobs:public_offers")
    html = client.get(url).content.decode()
    assert html.count("<h1") == 1
    assert "Poste à Marseille" in html and "CAP AEPE en alternance" in html
    html = client.get(url, {"commune": "93066", "distance_km": 10}).content.decode()
    assert near.title in html and "Poste à Marseille" not in html
    assert "km)" in html
    html = client.get(url, {"departement": saint_denis.departement_id, "contract": "cdd"})
    html = html.content.decode()
    assert cdd.title in html and near.title not in html
    html = client.get(url, {"kind": "offres", "date_from": "2026-06-01"}).content.decode()
    assert later.title in html and near.title not in html and "CAP AEPE en" not in html
    bad = client.get(url, {"date_from": "2026-06-01", "date_to": "2026-05-01"}).content.decode()
    assert "La date de fin doit suivre la date de début." in bad
    apply_link = reverse("jobs:apply", args=["job_offer", near.pk])
    assert apply_link in client.get(url).content.decode()
