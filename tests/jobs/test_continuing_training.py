"""Continuing training, VAE (CAP AEPE → auxiliaire de puériculture), the level-4 title, and
the prescriber organisations (seed 004, sheet 2.3)."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from maillage.accounts import perms
from maillage.accounts.enums import Organisation, Role
from maillage.jobs.enums import Qualification, TrainingKind
from maillage.jobs.errors import JobsError
from maillage.jobs.scoring import holds, rank
from maillage.jobs.services.catalogue import training_create
from maillage.jobs.services.facts import candidate_facts, training_facts
from maillage.jobs.services.paths import path_orient
from tests.jobs.factories import CandidateProfileFactory, UserFactory, make_template, saint_denis

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel("2026-03-02 09:00 +0100", tick=False):
        yield


def vae(**kw):
    args = {
        "organisation": "Service des crèches départementales",
        "title": "VAE auxiliaire de puériculture",
        "qualification": Qualification.AUXILIAIRE_PUERICULTURE,
        "kind": TrainingKind.VAE,
        "prerequisite_qualification": Qualification.CAP_AEPE,
        "commune": saint_denis(),
        "start_date": date(2026, 4, 6),
        "end_date": date(2026, 10, 30),
        "hours_per_week": 4,
        "seats": 10,
    }
    return training_create(**{**args, **kw})


def test_a_vae_is_open_to_cap_aepe_holders_only():
    training = vae()
    cap = CandidateProfileFactory(qualifications=[Qualification.CAP_AEPE])
    none = CandidateProfileFactory(qualifications=[])
    (fit,) = rank(candidate_facts(cap), [training_facts(training)], today=DAY)
    (unfit,) = rank(candidate_facts(none), [training_facts(training)], today=DAY)
    assert fit.eligible and not unfit.eligible
    assert any("Réservée aux titulaires du diplôme : CAP" in r for r in unfit.reason_texts)


def test_a_vae_needs_its_starting_qualification():
    with pytest.raises(JobsError, match="VAE part d'un diplôme"):
        vae(prerequisite_qualification="")
    with pytest.raises(JobsError, match="doivent être différents"):
        vae(prerequisite_qualification=Qualification.AUXILIAIRE_PUERICULTURE)


def test_continuing_training_is_listed_for_professionals_in_post(client):
    continuing = training_create(
        organisation="CNFPT",
        title="Consolidation des compétences des CAP AEPE débutant·es",
        qualification=Qualification.CAP_AEPE,
        kind=TrainingKind.CONTINUING,
        commune=saint_denis(),
        start_date=date(2026, 5, 4),
        end_date=date(2026, 5, 8),
        hours_per_week=35,
        seats=12,
    )
    initial = training_create(
        organisation="Greta 93",
        title="CAP AEPE en dix mois",
        qualification=Qualification.CAP_AEPE,
        commune=saint_denis(),
        start_date=date(2026, 9, 1),
        end_date=date(2027, 6, 30),
        hours_per_week=35,
        seats=12,
    )
    html = client.get(
        reverse("jobs:public_offers"), {"kind": "formations-continues"}
    ).content.decode()
    assert continuing.title in html and initial.title not in html
    assert "Formation continue (professionnel·les en poste)" in html


def test_the_level_4_title_is_a_qualification():
    assert Qualification.TITRE_PRO_4.label == "Titre professionnel petite enfance (niveau 4)"
    assert holds([Qualification.TITRE_PRO_4], Qualification.CAP_AEPE)
    assert not holds([Qualification.TITRE_PRO_4], Qualification.AUXILIAIRE_PUERICULTURE)


@pytest.mark.parametrize(
    "organisation",
    [
        Organisation.MISSION_LOCALE,
        Organisation.CAP_EMPLOI,
        Organisation.IAE,
        Organisation.GEIQ,
        Organisation.OPCO,
    ],
)
def test_staff_of_prescriber_organisations_follow_and_orient_like_counsellors(client, organisation):
    adviser = UserFactory(role=Role.COUNSELLOR, organisation=organisation)
    assert perms.is_prescriber(adviser)
    candidate = CandidateProfileFactory(counsellor=adviser)
    client.force_login(adviser)
    page = client.get(reverse("jobs:candidate_detail", args=[candidate.pk]))
    assert page.status_code == 200
    path = path_orient(candidate=candidate, template=make_template(), on=DAY, counsellor=adviser)
    assert path.counsellor == adviser


def test_a_parent_or_an_analyst_is_not_a_prescriber():
    assert not perms.is_prescriber(UserFactory(role=Role.PARENT))
    assert not perms.is_prescriber(
        UserFactory(role=Role.ANALYST, organisation=Organisation.DEPARTEMENT)
    )
