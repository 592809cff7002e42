"""Candidate paths: start from a template, advance stage by stage, drop out, complete.

Completing the agrément path turns the candidate into a childminder whose places count in the
supply at once (a ``Childminder`` row with free places from today).
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.jobs.enums import (
    DropOutReason,
    PathKind,
    PathStageKind,
    PathStatus,
    Qualification,
    StageStatus,
)
from maillage.jobs.errors import JobsError
from maillage.jobs.models import (
    CandidatePath,
    CandidateProfile,
    PathStage,
    PathTemplate,
    TrainingOffer,
)
from maillage.jobs.services.seats import training_seat_release, training_seat_take

logger = logging.getLogger(__name__)

# Policy parameters (verify): agrément valid 5 years, at most 4 children under the agrément.
AGREMENT_VALIDITY_YEARS = 5
AGREMENT_MAX_CAPACITY = 4


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _check_offered(*, template: PathTemplate, candidate: CandidateProfile, training: Any) -> None:
    """A path is offered only where it exists: in the candidate's département, or in that of
    the training she enters (``jobs.querysets.paths_offered_in``)."""
    from maillage.jobs.querysets import path_offered_in

    places = [candidate.commune.departement_id]
    if training is not None:
        places.append(training.commune.departement_id)
    if not any(path_offered_in(template, code) for code in places):
        raise JobsError(
            f"Le parcours « {template.name} » n'est pas proposé dans le département "
            f"{places[0]} : son territoire ne l'a pas activé."
        )


def path_start(
    *,
    candidate: CandidateProfile,
    template: PathTemplate,
    on: date,
    counsellor: Any = None,
    training: Any = None,
) -> CandidatePath:
    if not template.is_active:
        raise JobsError(f"Le parcours « {template.name} » n'est plus proposé.")
    _check_offered(template=template, candidate=candidate, training=training)
    steps = list(template.steps.order_by("order"))
    if not steps:
        raise JobsError(f"Le parcours « {template.name} » n'a aucune étape.")
    try:
        with transaction.atomic():
            if training is not None:
                # First write of the enrolment: a full training refuses before anything is saved.
                training_seat_take(training=training)
            path = CandidatePath.objects.create(
                candidate=candidate,
                template=template,
                started_on=on,
                counsellor=counsellor or candidate.counsellor,
                training=training,
            )
            PathStage.objects.bulk_create(
                PathStage(
                    path=path,
                    order=step.order,
                    kind=step.kind,
                    title=step.title,
                    status=StageStatus.IN_PROGRESS if index == 0 else StageStatus.PLANNED,
                    start_date=on if index == 0 else None,
                    training=training if step.kind == "training" else None,
                )
                for index, step in enumerate(steps)
            )
    except IntegrityError:
        raise JobsError(
            f"Un parcours « {template.name} » est déjà en cours pour cette personne."
        ) from None
    logger.info("path %s started (%s) for candidate %s", path.pk, template.slug, candidate.pk)
    return path


def path_orient(
    *,
    candidate: CandidateProfile,
    on: date,
    counsellor: Any = None,
    template: PathTemplate | None = None,
    training: TrainingOffer | None = None,
) -> CandidatePath:
    """A counsellor orients a candidate to a path template, a training, or both.

    With a training only, the training's own path template is used.
    """
    if template is None and training is None:
        raise JobsError("Choisissez un parcours ou une formation.")
    if training is not None:
        if training.end_date < on:
            raise JobsError(f"La formation « {training.title} » est déjà terminée.")
        template = template or training.path_template
        if template is None:
            raise JobsError(
                f"La formation « {training.title} » n'est rattachée à aucun parcours : "
                "choisissez aussi le parcours dans lequel l'inscrire."
            )
        if not template.steps.filter(kind=PathStageKind.TRAINING).exists():
            raise JobsError(
                f"Le parcours « {template.name} » ne comporte pas d'étape de formation."
            )
    assert template is not None
    return path_start(
        candidate=candidate, template=template, on=on, counsellor=counsellor, training=training
    )


def training_apply(
    *, candidate: CandidateProfile, training: TrainingOffer, on: date
) -> CandidatePath:
    """The candidate applies to a training: its path's training stage starts.

    The active path oriented to this training is used, else a new path of the training's
    template is started. The stages before the training stage are closed as done that day.
    """
    if training.end_date < on:
        raise JobsError(f"La formation « {training.title} » est déjà terminée.")
    path = (
        CandidatePath.objects.filter(
            candidate=candidate, status=PathStatus.ACTIVE, training=training
        )
        .select_related("template")
        .first()
    )
    if path is None:
        if training.path_template is None:
            raise JobsError(
                "Cette formation n'est rattachée à aucun parcours : parlez-en à votre "
                "conseiller(ère), qui pourra vous y orienter."
            )
        path = path_orient(candidate=candidate, on=on, training=training)
    with transaction.atomic():
        stages = list(path.stages.select_for_update().order_by("order"))
        stage = next(
            (
                s
                for s in stages
                if s.kind == PathStageKind.TRAINING
                and s.status in (StageStatus.PLANNED, StageStatus.IN_PROGRESS)
            ),
            None,
        )
        if stage is None:
            raise JobsError("Ce parcours n'a plus d'étape de formation à venir.")
        if (
            stage.status == StageStatus.IN_PROGRESS
            and stage.training_id == training.pk
            and stage.outcome.startswith("Candidature")
        ):
            raise JobsError("Vous avez déjà postulé à cette formation.")
        for earlier in stages:
            if earlier.order < stage.order and earlier.status in (
                StageStatus.PLANNED,
                StageStatus.IN_PROGRESS,
            ):
                earlier.status = StageStatus.COMPLETED
                earlier.start_date = earlier.start_date or on
                earlier.end_date = on
                earlier.outcome = earlier.outcome or "Étape close à la candidature en formation"
                earlier.save(update_fields=["status", "start_date", "end_date", "outcome"])
        stage.status = StageStatus.IN_PROGRESS
        stage.start_date = stage.start_date or on
        stage.training = training
        stage.outcome = f"Candidature envoyée le {on:%d/%m/%Y} à {training.organisation}"
        stage.save(update_fields=["status", "start_date", "training", "outcome"])
        if path.training_id != training.pk:
            training_seat_take(training=training)
            if path.training_id is not None:
                training_seat_release(training_id=path.training_id)
            path.training = training
            path.save(update_fields=["training"])
    logger.info("path %s: candidate applied to training %s", path.pk, training.pk)
    return path


def _require_active(path: CandidatePath) -> None:
    if path.status != PathStatus.ACTIVE:
        raise JobsError(
            f"Ce parcours est {path.get_status_display().lower()} : il ne peut plus évoluer."
        )


def path_stage_advance(*, path: CandidatePath, on: date, outcome: str = "") -> CandidatePath:
    """Complete the stage in progress and start the next one; the last one ends the path."""
    _require_active(path)
    with transaction.atomic():
        stages = list(path.stages.select_for_update().order_by("order"))
        current = next((s for s in stages if s.status == StageStatus.IN_PROGRESS), None)
        if current is None:
            raise JobsError("Aucune étape en cours dans ce parcours.")
        if current.start_date and on < current.start_date:
            raise JobsError("La date de fin d'étape précède son début.")
        current.status = StageStatus.COMPLETED
        current.end_date = on
        current.outcome = outcome
        current.save(update_fields=["status", "end_date", "outcome"])
        following = next((s for s in stages if s.status == StageStatus.PLANNED), None)
        if following is None:
            path.status = PathStatus.COMPLETED
            path.ended_on = on
            path.save(update_fields=["status", "ended_on"])
        else:
            following.status = StageStatus.IN_PROGRESS
            following.start_date = on
            following.save(update_fields=["status", "start_date"])
    logger.info("path %s advanced", path.pk)
    return path


def path_drop_out(*, path: CandidatePath, reason: str, on: date, detail: str = "") -> CandidatePath:
    _require_active(path)
    if reason not in DropOutReason.values:
        raise JobsError(f"Motif d'abandon inconnu : « {reason} ».")
    if reason == DropOutReason.OTHER and not detail.strip():
        raise JobsError("Précisez le motif de l'abandon.")
    with transaction.atomic():
        # Explicit transition active -> dropped_out, decided by the database: two drop-outs at
        # once cannot both free the training seat.
        moved = CandidatePath.objects.filter(pk=path.pk, status=PathStatus.ACTIVE).update(
            status=PathStatus.DROPPED_OUT
        )
        if not moved:
            path.refresh_from_db(fields=["status"])
            _require_active(path)
        if path.training_id is not None:
            training_seat_release(training_id=path.training_id)
        current = path.stages.filter(status=StageStatus.IN_PROGRESS).first()
        if current is not None:
            current.status = StageStatus.DROPPED
            current.end_date = on
            current.outcome = DropOutReason(reason).label
            current.save(update_fields=["status", "end_date", "outcome"])
        path.status = PathStatus.DROPPED_OUT
        path.ended_on = on
        path.drop_out_reason = reason
        path.drop_out_detail = detail
        path.save(update_fields=["status", "ended_on", "drop_out_reason", "drop_out_detail"])
    logger.info("path %s dropped out (%s)", path.pk, reason)
    return path


def _bump_supply(departement: str) -> None:
    """Tell the families' options index that the supply of this département changed."""
    from maillage.families.engine_adapter import bump_index

    bump_index([departement])


def agrement_path_complete(
    *,
    path: CandidatePath,
    capacity: int,
    on: date,
    agrement_number: str = "",
    valid_until: date | None = None,
    min_age_months: int = 0,
    max_age_months: int = 72,
) -> Any:
    """The PMI granted the agrément: close the path and open her childminder account."""
    from maillage.accounts.enums import Role
    from maillage.childcare.models import Childminder

    _require_active(path)
    if path.template.kind != PathKind.AGREMENT:
        raise JobsError(
            "Seul un parcours d'accès à l'agrément ouvre un compte d'assistante maternelle."
        )
    if not 1 <= capacity <= AGREMENT_MAX_CAPACITY:
        raise JobsError(
            f"Le nombre d'enfants de l'agrément doit être compris entre 1 et {AGREMENT_MAX_CAPACITY}."
        )
    if min_age_months > max_age_months:
        raise JobsError("L'âge minimum de l'agrément dépasse l'âge maximum.")
    profile = path.candidate
    user = profile.user
    if Childminder.objects.filter(user=user).exists():
        raise JobsError("Cette personne a déjà un compte d'assistante maternelle.")
    with transaction.atomic():
        for stage in path.stages.exclude(status=StageStatus.COMPLETED):
            stage.status = StageStatus.COMPLETED
            stage.start_date = stage.start_date or on
            stage.end_date = on
            stage.outcome = stage.outcome or "Agrément obtenu"
            stage.save(update_fields=["status", "start_date", "end_date", "outcome"])
        path.status = PathStatus.COMPLETED
        path.ended_on = on
        path.save(update_fields=["status", "ended_on"])
        childminder = Childminder.objects.create(
            user=user,
            commune=profile.commune,
            latitude=profile.latitude,
            longitude=profile.longitude,
            agrement_number=agrement_number,
            agrement_capacity=capacity,
            agrement_min_age_months=min_age_months,
            agrement_max_age_months=max_age_months,
            agrement_valid_until=valid_until or _years_later(on, AGREMENT_VALIDITY_YEARS),
            working_hours=profile.availability,
            available_from=on,
            accepts_atypical_hours=profile.accepts_atypical_hours,
            availability_updated_at=timezone.now(),
            # Every place of the agrément is free from today: she counts in the supply at once.
            free_places=[on.isoformat()] * capacity,
        )
        if Qualification.AGREMENT_AM not in profile.qualifications:
            profile.qualifications = [*profile.qualifications, Qualification.AGREMENT_AM]
            profile.save(update_fields=["qualifications", "updated_at"])
        user.role = Role.CHILDMINDER
        user.save(update_fields=["role"])
        departement = profile.commune.departement_id
        transaction.on_commit(lambda: _bump_supply(departement))
    logger.info("path %s: agrément granted, childminder %s created", path.pk, childminder.pk)
    return childminder
