"""Immersions and job offers from crèches and MAM, meetings, and bad input on the forms."""

import pytest
import time_machine
from django.urls import reverse

from maillage.accounts.enums import Role
from maillage.jobs.models import ImmersionOffer, InfoMeeting, JobOffer
from tests.childcare.factories import ChildminderFactory
from tests.jobs.factories import MamFactory, NurseryFactory, UserFactory, saint_denis

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel("2026-03-02 09:00 +0100", tick=False):
        yield


def mam_childminder():
    mam = MamFactory()
    childminder = ChildminderFactory(mam=mam)
    return mam, childminder.user


def test_a_mam_childminder_publishes_an_immersion_and_a_job_offer(client, rome):
    mam, user = mam_childminder()
    client.force_login(user)
    page = client.get(reverse("jobs:immersion_manage")).content.decode()
    assert page.count("<h1") == 1 and f"MAM — {mam.name}" in page
    response = client.post(
        reverse("jobs:immersion_manage"),
        {
            "employer": f"mam-{mam.pk}",
            "title": "Découvrir le métier d'assistante maternelle",
            "start_date": "2026-04-01",
            "end_date": "2026-04-30",
            "days": 3,
            "seats": 1,
        },
    )
    assert response.status_code == 302
    assert ImmersionOffer.objects.get().mam == mam
    response = client.post(
        reverse("jobs:employer_offers"),
        {
            "employer": f"mam-{mam.pk}",
            "rome_code": "K1303",
            "required_qualification": "agrement_am",
            "contract_type": "cdi",
            "hours_per_week": 45,
            "start_date": "2026-05-01",
            "days": ["0", "1", "2", "3", "4"],
            "start_time": "07:30",
            "end_time": "18:30",
        },
    )
    offer = JobOffer.objects.get()
    assert response.status_code == 302 and offer.mam == mam and "1" in offer.schedule


def test_a_childminder_outside_a_mam_cannot_publish(client):
    """She is shown what a MAM is (tests/jobs/test_mam_access.py), never the forms."""
    client.force_login(ChildminderFactory(mam=None).user)
    for name in ("jobs:immersion_manage", "jobs:employer_offers"):
        page = client.get(reverse(name)).content.decode()
        assert "rattaché à aucune MAM" in page and 'name="employer"' not in page
    client.post(reverse("jobs:immersion_manage"), {"title": "Découverte", "days": 3})
    assert not ImmersionOffer.objects.exists() and not JobOffer.objects.exists()


def test_immersion_ending_before_it_starts_and_another_hosts_nursery(client):
    manager = UserFactory(role=Role.NURSERY_MANAGER)
    nursery = NurseryFactory(managers=[manager])
    foreign = NurseryFactory()
    client.force_login(manager)
    data = {
        "employer": f"nursery-{nursery.pk}",
        "title": "Immersion en multi-accueil",
        "start_date": "2026-04-30",
        "end_date": "2026-04-01",
        "days": 3,
        "seats": 1,
    }
    page = client.post(reverse("jobs:immersion_manage"), data).content.decode()
    assert "L&#x27;immersion ne peut pas se terminer avant de commencer." in page
    page = client.post(
        reverse("jobs:immersion_manage"), {**data, "employer": f"nursery-{foreign.pk}"}
    ).content.decode()
    assert "Sélectionnez un choix valide" in page
    assert not ImmersionOffer.objects.exists()


def test_an_unknown_rome_code_is_refused_on_the_field(client, rome):
    manager = UserFactory(role=Role.NURSERY_MANAGER)
    nursery = NurseryFactory(managers=[manager])
    client.force_login(manager)
    page = client.post(
        reverse("jobs:employer_offers"),
        {
            "employer": f"nursery-{nursery.pk}",
            "rome_code": "Z9999",
            "required_qualification": "cap_aepe",
            "contract_type": "cdi",
            "hours_per_week": 35,
            "start_date": "2026-04-01",
        },
    ).content.decode()
    assert "Code ROME inconnu : « Z9999 »" in page
    assert 'aria-describedby="id_rome_code-desc-error"' in page
    assert not JobOffer.objects.exists()


def test_counsellor_announces_an_information_meeting(client):
    saint_denis()
    client.force_login(UserFactory(role=Role.COUNSELLOR))
    data = {
        "kind": "agrement_info",
        "title": "Devenir assistante maternelle",
        "organiser": "RPE de Saint-Denis",
        "commune": "93066",
        "day": "2026-02-01",
        "time": "14:00",
        "duration_hours": "2",
        "seats": 20,
    }
    page = client.post(reverse("jobs:meeting_manage"), data).content.decode()
    assert "La réunion doit avoir lieu dans le futur." in page
    response = client.post(reverse("jobs:meeting_manage"), {**data, "day": "2026-03-20"})
    assert response.status_code == 302
    meeting = InfoMeeting.objects.get()
    assert meeting.organiser == "RPE de Saint-Denis" and meeting.starts_at.hour == 13  # UTC
    client.force_login(UserFactory(role=Role.PARENT))
    assert client.get(reverse("jobs:meeting_manage")).status_code == 403
