"""The two locks together: the candidate's care options next to her job options."""

from dataclasses import dataclass
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from maillage.accounts.enums import Role
from maillage.core.schedule import week_from_ranges
from maillage.jobs.enums import ContractType
from maillage.jobs.errors import JobsError
from maillage.jobs.services.childcare_link import candidate_childcare_need_link
from maillage.jobs.services.employers import job_offer_publish
from tests.families.factories import NeedFactory
from tests.jobs.factories import CandidateProfileFactory, NurseryFactory, UserFactory

pytestmark = pytest.mark.django_db

DAYTIME = week_from_ranges({d: [("09:00", "17:00")] for d in range(5)})
EARLY = week_from_ranges({d: [("05:30", "13:00")] for d in range(5)})


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel("2026-03-02 09:00 +0100", tick=False):
        yield


@dataclass(frozen=True)
class Info:
    key: str
    label: str
    kind_label: str = "Crèche"
    commune_name: str = "Saint-Denis"


@dataclass(frozen=True)
class Option:
    info: Info
    distance_km: float = 1.5
    explanation_fr: str = "Place libre en section des bébés"

    @property
    def key(self):
        return self.info.key


@dataclass
class View:
    options: list
    reasons_fr: tuple = ()


@pytest.fixture
def fake_options(monkeypatch):
    from maillage.families import engine_adapter

    crèche = NurseryFactory(name="Crèche Les Coquelicots")  # open 07:00–19:00 on weekdays

    def options(need, **kw):
        return View([Option(Info(f"creche-{crèche.pk}", crèche.name))])

    monkeypatch.delattr(engine_adapter, "need_options", raising=False)
    monkeypatch.setattr(engine_adapter, "options_for_need", options)
    return crèche


def offer(nursery, title, schedule):
    return job_offer_publish(
        employer=nursery,
        rome_code="K1303",
        title=title,
        contract_type=ContractType.CDI,
        hours_per_week=35,
        start_date=date(2026, 4, 1),
        schedule=schedule,
    )


def test_candidate_sees_her_care_options_and_which_jobs_they_cover(client, rome, fake_options):
    candidate = CandidateProfileFactory(needs_childcare=True)
    need = NeedFactory(parent=None, family_email=candidate.user.email, without_account=True)
    candidate_childcare_need_link(profile=candidate, need=need)
    offer(NurseryFactory(), "Agent de crèche en journée", DAYTIME)
    offer(NurseryFactory(), "Agent d'entretien très tôt", EARLY)
    client.force_login(candidate.user)
    page = client.get(reverse("jobs:offer_list")).content.decode()
    assert page.count("<h1") == 1
    assert "Accueil de votre enfant" in page and "Crèche Les Coquelicots" in page
    assert "Accueil possible sur ces horaires : Crèche Les Coquelicots (Saint-Denis)." in page
    assert "n&#x27;ouvre sur tous ces horaires (par exemple le lundi 05:00)" in page


def test_without_a_linked_need_she_is_told_how_to_declare_it(client, rome):
    candidate = CandidateProfileFactory(needs_childcare=True)
    client.force_login(candidate.user)
    page = client.get(reverse("jobs:offer_list")).content.decode()
    assert "Déclarer mon besoin d'accueil" in page
    assert reverse("families:need_new") in page


def test_no_care_block_when_she_does_not_need_childcare(client, rome):
    client.force_login(CandidateProfileFactory(needs_childcare=False).user)
    assert "Accueil de votre enfant" not in client.get(reverse("jobs:offer_list")).content.decode()


def test_the_engine_failing_never_breaks_her_page(client, rome, monkeypatch):
    from maillage.families import engine_adapter

    def broken(need, **kw):
        raise RuntimeError("index en reconstruction")

    monkeypatch.setattr(engine_adapter, "options_for_need", broken)
    candidate = CandidateProfileFactory(needs_childcare=True)
    need = NeedFactory(parent=None, family_email=candidate.user.email, without_account=True)
    candidate_childcare_need_link(profile=candidate, need=need)
    client.force_login(candidate.user)
    page = client.get(reverse("jobs:offer_list")).content.decode()
    assert "ne peuvent pas être calculées pour le moment" in page


def test_counsellor_links_the_need_she_recorded_and_not_someone_elses(client):
    counsellor = UserFactory(role=Role.COUNSELLOR)
    candidate = CandidateProfileFactory(counsellor=counsellor)
    mine = NeedFactory(
        parent=None, family_email=candidate.user.email, without_account=True, created_by=counsellor
    )
    with pytest.raises(JobsError, match="ne concerne pas cette personne"):
        candidate_childcare_need_link(profile=candidate, need=NeedFactory())
    client.force_login(counsellor)
    page = client.get(reverse("jobs:candidate_detail", args=[candidate.pk])).content.decode()
    assert "Relier ce besoin à son profil" in page
    response = client.post(
        reverse("jobs:candidate_need_link", args=[candidate.pk]), {"n-need": mine.pk}
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.childcare_need == mine and candidate.needs_childcare


def test_a_candidate_declares_her_own_need_and_sees_it_beside_the_jobs(client, rome, fake_options):
    candidate = CandidateProfileFactory(needs_childcare=True)
    client.force_login(candidate.user)
    assert client.get(reverse("families:need_new")).status_code == 302  # to the first step
    NeedFactory(parent=candidate.user, created_by=candidate.user)
    assert client.get(reverse("families:need_list")).status_code == 200
    page = client.get(reverse("jobs:offer_list")).content.decode()
    assert "Crèche Les Coquelicots" in page
    assert "Déclarer mon besoin d'accueil" not in page
