"""Counsellor screens: orient to a training or a path, advance, drop out, agrément."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from maillage.accounts.enums import Role
from maillage.childcare.models import Childminder
from maillage.families.models import ProviderIndexStamp
from maillage.jobs.enums import PathStatus, Qualification, StageStatus
from maillage.jobs.errors import JobsError
from maillage.jobs.models import CandidatePath
from maillage.jobs.services.catalogue import training_create
from maillage.jobs.services.paths import path_orient, path_start, training_apply
from tests.jobs.factories import CandidateProfileFactory, UserFactory, make_template, saint_denis

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel("2026-03-02 09:00 +0100", tick=False):
        yield


def cap_training(template=None):
    return training_create(
        organisation="Greta 93",
        title="CAP AEPE en 10 mois",
        qualification=Qualification.CAP_AEPE,
        commune=saint_denis(),
        start_date=date(2026, 4, 1),
        end_date=date(2027, 1, 31),
        hours_per_week=35,
        seats=12,
        path_template=template,
    )


def test_orienting_to_a_training_uses_its_path_and_links_the_training_stage():
    candidate = CandidateProfileFactory()
    training = cap_training(make_template())
    path = path_orient(candidate=candidate, on=TODAY, training=training)
    assert path.template.slug == "cap-vers-l-enfance" and path.training == training
    assert path.stages.filter(kind="training", training=training).exists()


def test_orienting_needs_a_path_when_the_training_has_none():
    with pytest.raises(JobsError, match="rattachée à aucun parcours"):
        path_orient(candidate=CandidateProfileFactory(), on=TODAY, training=cap_training())
    with pytest.raises(JobsError, match="Choisissez un parcours ou une formation"):
        path_orient(candidate=CandidateProfileFactory(), on=TODAY)


def test_applying_to_the_training_closes_earlier_stages_and_starts_the_training():
    candidate = CandidateProfileFactory()
    training = cap_training(make_template())
    path = path_orient(candidate=candidate, on=TODAY, training=training)
    training_apply(candidate=candidate, training=training, on=date(2026, 3, 3))
    stages = list(path.stages.order_by("order"))
    stage = next(s for s in stages if s.kind == "training")
    assert stage.status == StageStatus.IN_PROGRESS
    assert stage.outcome == "Candidature envoyée le 03/03/2026 à Greta 93"
    assert all(s.status == StageStatus.COMPLETED for s in stages if s.order < stage.order)
    with pytest.raises(JobsError, match="déjà postulé"):
        training_apply(candidate=candidate, training=training, on=date(2026, 3, 3))


def test_applying_without_orientation_starts_the_training_path():
    candidate = CandidateProfileFactory()
    training = cap_training(make_template())
    path = training_apply(candidate=candidate, training=training, on=TODAY)
    assert path.status == PathStatus.ACTIVE and path.current_stage.kind == "training"


def test_counsellor_orients_through_the_form_and_others_get_404(client):
    counsellor = UserFactory(role=Role.COUNSELLOR)
    candidate = CandidateProfileFactory(counsellor=counsellor)
    training = cap_training(make_template())
    client.force_login(counsellor)
    page = client.get(reverse("jobs:candidate_detail", args=[candidate.pk])).content.decode()
    assert page.count("<h1") == 1 and "Orienter vers une formation" in page
    empty = client.post(reverse("jobs:path_orient", args=[candidate.pk]), {})
    assert "Choisissez un parcours ou une formation." in empty.content.decode()
    response = client.post(
        reverse("jobs:path_orient", args=[candidate.pk]), {"o-training": training.pk}
    )
    assert response.status_code == 302
    path = CandidatePath.objects.get(candidate=candidate)
    assert path.training == training and path.counsellor == counsellor
    client.force_login(UserFactory(role=Role.COUNSELLOR))
    assert client.get(reverse("jobs:candidate_detail", args=[candidate.pk])).status_code == 404
    other = client.post(
        reverse("jobs:path_advance", args=[path.pk]), {f"a{path.pk}-on": "2026-03-02"}
    )
    assert other.status_code == 404


def test_advancing_a_stage_with_a_date_and_an_outcome(client):
    counsellor = UserFactory(role=Role.COUNSELLOR)
    candidate = CandidateProfileFactory(counsellor=counsellor)
    path = path_start(candidate=candidate, template=make_template(), on=date(2026, 2, 1))
    client.force_login(counsellor)
    url = reverse("jobs:path_advance", args=[path.pk])
    future = client.post(url, {f"a{path.pk}-on": "2026-04-01"})
    assert "ne peut pas être dans le futur" in future.content.decode()
    before = client.post(url, {f"a{path.pk}-on": "2026-01-15"})
    assert "La date de fin d&#x27;étape précède son début." in before.content.decode()
    ok = client.post(url, {f"a{path.pk}-on": "2026-02-20", f"a{path.pk}-outcome": "Venue"})
    assert ok.status_code == 302
    first = path.stages.get(order=1)
    assert first.status == StageStatus.COMPLETED and first.outcome == "Venue"
    assert first.end_date == date(2026, 2, 20)
    assert path.stages.get(order=2).start_date == date(2026, 2, 20)


def test_drop_out_with_reason_other_requires_details(client):
    counsellor = UserFactory(role=Role.COUNSELLOR)
    path = path_start(
        candidate=CandidateProfileFactory(counsellor=counsellor),
        template=make_template(),
        on=date(2026, 2, 1),
    )
    client.force_login(counsellor)
    url = reverse("jobs:path_drop_out", args=[path.pk])
    page = client.post(url, {f"d{path.pk}-reason": "other"}).content.decode()
    assert "Précisez le motif de l&#x27;abandon." in page
    client.post(url, {f"d{path.pk}-reason": "other", f"d{path.pk}-detail": "Déménagement"})
    path.refresh_from_db()
    assert path.status == PathStatus.DROPPED_OUT and path.drop_out_detail == "Déménagement"


def test_completing_the_agrement_opens_a_childminder_counted_in_the_supply(
    client, django_capture_on_commit_callbacks
):
    counsellor = UserFactory(role=Role.COUNSELLOR)
    candidate = CandidateProfileFactory(counsellor=counsellor)
    path = path_start(candidate=candidate, template=make_template(agrement=True), on=TODAY)
    client.force_login(counsellor)
    url = reverse("jobs:agrement_complete", args=[path.pk])
    too_many = client.post(url, {f"g{path.pk}-capacity": 6, f"g{path.pk}-on": "2026-03-02"})
    assert "L&#x27;agrément compte au plus 4 enfants." in too_many.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                f"g{path.pk}-capacity": 3,
                f"g{path.pk}-on": "2026-03-02",
                f"g{path.pk}-min_age_months": 0,
                f"g{path.pk}-max_age_months": 72,
            },
        )
    assert response.status_code == 302
    childminder = Childminder.objects.get(user=candidate.user)
    assert childminder.free_places == ["2026-03-02"] * 3
    assert (
        Childminder.objects.visible(TODAY).with_free_place(TODAY).filter(pk=childminder.pk).exists()
    )
    assert ProviderIndexStamp.objects.filter(departement="93").exists()
    candidate.user.refresh_from_db()
    assert candidate.user.role == Role.CHILDMINDER
