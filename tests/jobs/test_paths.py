from datetime import date

import pytest

from maillage.accounts.enums import Role
from maillage.childcare.models import Childminder
from maillage.jobs.enums import DropOutReason, PathStatus, Qualification, StageStatus
from maillage.jobs.errors import JobsError
from maillage.jobs.querysets import drop_out_rates, paths_for
from maillage.jobs.services.catalogue import training_create
from maillage.jobs.services.paths import (
    agrement_path_complete,
    path_drop_out,
    path_stage_advance,
    path_start,
)
from tests.jobs.factories import CandidateProfileFactory, UserFactory, make_template, saint_denis

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)


def test_templates_follow_the_seeds():
    cap = make_template()
    agrement = make_template(agrement=True)
    assert cap.name == "Cap vers l'enfance"
    # Escape game then a 105 h path including an immersion (seed 001).
    assert sum(s.duration_hours or 0 for s in cap.steps.all()[1:3]) == 105
    assert [s.kind for s in agrement.steps.all()] == [
        "information",
        "immersion",
        "training",
        "training",
        "qualification",
        "employment",
    ]


def test_a_path_moves_stage_by_stage_to_the_end():
    candidate = CandidateProfileFactory()
    path = path_start(candidate=candidate, template=make_template(), on=DAY)
    first = path.current_stage
    assert first.kind == "discovery" and first.status == StageStatus.IN_PROGRESS
    path_stage_advance(path=path, on=date(2026, 3, 5), outcome="Très motivée")
    stages = list(path.stages.all())
    assert stages[0].status == StageStatus.COMPLETED and stages[0].outcome == "Très motivée"
    assert path.current_stage.kind == "training"
    assert path.current_stage.start_date == date(2026, 3, 5)
    for _ in range(4):
        path_stage_advance(path=path, on=date(2026, 6, 1))
    assert path.status == PathStatus.COMPLETED and path.ended_on == date(2026, 6, 1)
    with pytest.raises(JobsError, match="ne peut plus évoluer"):
        path_stage_advance(path=path, on=date(2026, 6, 2))


def test_one_active_path_per_template():
    candidate = CandidateProfileFactory()
    path_start(candidate=candidate, template=make_template(), on=DAY)
    with pytest.raises(JobsError, match="déjà en cours"):
        path_start(candidate=candidate, template=make_template(), on=DAY)


def test_drop_out_keeps_the_stage_and_the_reason():
    path = path_start(candidate=CandidateProfileFactory(), template=make_template(), on=DAY)
    path_stage_advance(path=path, on=date(2026, 3, 5))
    path_drop_out(path=path, reason=DropOutReason.CHILDCARE, on=date(2026, 3, 20))
    assert path.status == PathStatus.DROPPED_OUT
    dropped = path.stages.get(status=StageStatus.DROPPED)
    assert dropped.kind == "training" and dropped.outcome == "Pas de solution de garde"
    with pytest.raises(JobsError, match="Motif d'abandon inconnu"):
        other = path_start(candidate=CandidateProfileFactory(), template=make_template(), on=DAY)
        path_drop_out(path=other, reason="ennui", on=DAY)
    with pytest.raises(JobsError, match="Précisez le motif"):
        path_drop_out(path=other, reason=DropOutReason.OTHER, on=DAY)


def test_counsellor_sees_drop_out_rates_per_template_and_training():
    counsellor = UserFactory(role=Role.COUNSELLOR)
    training = training_create(
        organisation="Greta 93",
        title="CAP AEPE",
        qualification=Qualification.CAP_AEPE,
        commune=saint_denis(),
        start_date=DAY,
        end_date=date(2026, 12, 1),
        hours_per_week=35,
        seats=12,
    )
    cap, agrement = make_template(), make_template(agrement=True)
    for index in range(4):
        candidate = CandidateProfileFactory(counsellor=counsellor)
        path = path_start(candidate=candidate, template=cap, on=DAY, training=training)
        if index < 1:
            path_drop_out(path=path, reason=DropOutReason.TRANSPORT, on=DAY)
    path_start(candidate=CandidateProfileFactory(counsellor=counsellor), template=agrement, on=DAY)
    path_start(candidate=CandidateProfileFactory(), template=cap, on=DAY)  # not hers
    paths = paths_for(counsellor)
    assert paths.count() == 5
    by_template = {row["name"]: row for row in drop_out_rates(paths, "template")}
    assert by_template["Cap vers l'enfance"]["started"] == 4
    assert by_template["Cap vers l'enfance"]["drop_out_rate"] == 25.0
    assert by_template["Parcours agrément Nouvelle-Aquitaine"]["drop_out_rate"] is None
    (by_training,) = drop_out_rates(paths, "training")
    assert (by_training["name"], by_training["dropped"]) == ("CAP AEPE", 1)


def test_completing_the_agrement_path_opens_a_childminder_account():
    candidate = CandidateProfileFactory()
    path = path_start(candidate=candidate, template=make_template(agrement=True), on=DAY)
    path_stage_advance(path=path, on=date(2026, 3, 10))
    childminder = agrement_path_complete(path=path, capacity=3, on=date(2026, 9, 1))
    assert isinstance(childminder, Childminder)
    candidate.user.refresh_from_db()
    assert candidate.user.role == Role.CHILDMINDER
    assert childminder.agrement_capacity == 3
    assert childminder.agrement_valid_until == date(2031, 9, 1)
    assert childminder.available_from == date(2026, 9, 1)
    assert childminder.working_hours == candidate.availability
    assert childminder.commune == candidate.commune
    assert path.status == PathStatus.COMPLETED
    assert not path.stages.exclude(status=StageStatus.COMPLETED).exists()
    candidate.refresh_from_db()
    assert Qualification.AGREMENT_AM in candidate.qualifications


def test_agrement_completion_guards():
    discovery = path_start(candidate=CandidateProfileFactory(), template=make_template(), on=DAY)
    with pytest.raises(JobsError, match="Seul un parcours d'accès à l'agrément"):
        agrement_path_complete(path=discovery, capacity=2, on=DAY)
    agrement = path_start(
        candidate=CandidateProfileFactory(), template=make_template(agrement=True), on=DAY
    )
    with pytest.raises(JobsError, match="entre 1 et 4"):
        agrement_path_complete(path=agrement, capacity=6, on=DAY)
    assert not Childminder.objects.exists()
