"""Counsellors' pages: followed candidates, orientation, stages, drop-out, agrément,
drop-out rates, trainings and information meetings."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.jobs import perms
from maillage.jobs.enums import PathKind, PathStatus
from maillage.jobs.errors import JobsError
from maillage.jobs.forms import (
    AgrementForm,
    DropOutForm,
    InfoMeetingForm,
    NeedLinkForm,
    OrientForm,
    StageAdvanceForm,
    TrainingImportForm,
    TrainingOfferForm,
)
from maillage.jobs.models import CandidateProfile, TrainingOffer
from maillage.jobs.querysets import (
    applications_followed,
    candidates_for,
    drop_out_rates,
    meetings_for,
    paths_for,
    sorted_candidates,
)
from maillage.jobs.services.catalogue import training_create, training_import_csv
from maillage.jobs.services.childcare_link import candidate_childcare_need_link
from maillage.jobs.services.events import info_meeting_create
from maillage.jobs.services.paths import (
    agrement_path_complete,
    path_drop_out,
    path_orient,
    path_stage_advance,
)
from maillage.jobs.views.common import errors_to_form, require


@login_required
def counsellor_candidates(request: HttpRequest) -> HttpResponse:
    require(perms.can_follow_candidates(request.user))
    candidates = sorted_candidates(
        candidates_for(request.user)
        .prefetch_related("paths__stages", "paths__template")
        .order_by("user__last_name", "user__first_name", "pk")[:300]
    )
    paths = paths_for(request.user)
    context = {
        "candidates": candidates,
        "by_template": drop_out_rates(paths, "template"),
        "by_training": drop_out_rates(paths, "training"),
    }
    return render(request, "jobs/counsellor_candidates.html", context)


def _needs_of(user: Any, candidate: CandidateProfile) -> Any:
    from maillage.families.models import Need

    return (
        Need.objects.for_user(user)
        .filter(Q(parent=candidate.user) | Q(family_email__iexact=candidate.user.email))
        .select_related("commune")
    )


def _candidate_page(
    request: HttpRequest, candidate: CandidateProfile, bound: dict[str, Any] | None = None
) -> HttpResponse:
    bound = bound or {}
    today = timezone.localdate()
    rows = []
    for path in candidate.paths.select_related("template", "training").prefetch_related("stages"):
        mine = bound.get("path") == path.pk
        rows.append(
            {
                "path": path,
                "advance": (mine and bound.get("advance"))
                or StageAdvanceForm(prefix=f"a{path.pk}", initial={"on": today}),
                "drop": (mine and bound.get("drop")) or DropOutForm(prefix=f"d{path.pk}"),
                "agrement": (
                    (mine and bound.get("agrement"))
                    or AgrementForm(prefix=f"g{path.pk}", initial={"on": today, "capacity": 2})
                )
                if path.template.kind == PathKind.AGREMENT
                else None,
            }
        )
    needs = _needs_of(request.user, candidate)
    context = {
        "candidate": candidate,
        "rows": rows,
        "orient": bound.get("orient")
        or OrientForm(prefix="o", departement_code=candidate.commune.departement_id),
        "need_form": bound.get("need") or NeedLinkForm(prefix="n", needs=needs),
        "has_needs": needs.exists(),
        # She follows the applications of the candidates she follows.
        "applications": applications_followed(request.user).filter(candidate=candidate),
    }
    return render(request, "jobs/candidate_detail.html", context, status=400 if bound else 200)


def _candidate(request: HttpRequest, pk: int) -> CandidateProfile:
    require(perms.can_follow_candidates(request.user))
    return get_object_or_404(candidates_for(request.user).select_related("childcare_need"), pk=pk)


@login_required
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _candidate_page(request, _candidate(request, pk))


@login_required
@require_POST
def path_orient_view(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _candidate(request, pk)
    form = OrientForm(request.POST, prefix="o", departement_code=candidate.commune.departement_id)
    if form.is_valid():
        try:
            path = path_orient(
                candidate=candidate,
                on=timezone.localdate(),
                counsellor=request.user,
                template=form.cleaned_data["template"],
                training=form.cleaned_data["training"],
            )
        except JobsError as exc:
            errors_to_form(form, exc, {"est complète": "training"})
        else:
            messages.success(request, f"Parcours « {path.template.name} » commencé.")
            return redirect("jobs:candidate_detail", pk=candidate.pk)
    return _candidate_page(request, candidate, {"orient": form})


def _path(request: HttpRequest, pk: int) -> Any:
    require(perms.can_follow_candidates(request.user))
    return get_object_or_404(paths_for(request.user), pk=pk)


@login_required
@require_POST
def path_advance_view(request: HttpRequest, pk: int) -> HttpResponse:
    path = _path(request, pk)
    form = StageAdvanceForm(request.POST, prefix=f"a{path.pk}")
    if form.is_valid():
        try:
            path_stage_advance(
                path=path, on=form.cleaned_data["on"], outcome=form.cleaned_data["outcome"]
            )
        except JobsError as exc:
            errors_to_form(form, exc, {"date": "on"})
        else:
            done = path.status == PathStatus.COMPLETED
            messages.success(request, "Parcours terminé." if done else "Étape suivante commencée.")
            return redirect("jobs:candidate_detail", pk=path.candidate_id)
    return _candidate_page(request, path.candidate, {"path": path.pk, "advance": form})


@login_required
@require_POST
def path_drop_out_view(request: HttpRequest, pk: int) -> HttpResponse:
    path = _path(request, pk)
    form = DropOutForm(request.POST, prefix=f"d{path.pk}")
    if form.is_valid():
        try:
            path_drop_out(
                path=path,
                reason=form.cleaned_data["reason"],
                detail=form.cleaned_data["detail"],
                on=timezone.localdate(),
            )
        except JobsError as exc:
            errors_to_form(form, exc, {"Précisez": "detail"})
        else:
            messages.success(request, "Abandon enregistré.")
            return redirect("jobs:candidate_detail", pk=path.candidate_id)
    return _candidate_page(request, path.candidate, {"path": path.pk, "drop": form})


@login_required
@require_POST
def agrement_complete_view(request: HttpRequest, pk: int) -> HttpResponse:
    path = _path(request, pk)
    form = AgrementForm(request.POST, prefix=f"g{path.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            childminder = agrement_path_complete(
                path=path,
                capacity=data["capacity"],
                on=data["on"],
                agrement_number=data["agrement_number"],
                valid_until=data["valid_until"],
                min_age_months=data["min_age_months"],
                max_age_months=data["max_age_months"],
            )
        except JobsError as exc:
            errors_to_form(form, exc, {"enfants": "capacity", "âge": "max_age_months"})
        else:
            messages.success(
                request,
                f"Agrément enregistré : son compte d'assistante maternelle est ouvert avec "
                f"{childminder.agrement_capacity} place(s) libre(s), visibles des familles.",
            )
            return redirect("jobs:candidate_detail", pk=path.candidate_id)
    return _candidate_page(request, path.candidate, {"path": path.pk, "agrement": form})


@login_required
@require_POST
def candidate_need_link_view(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _candidate(request, pk)
    form = NeedLinkForm(request.POST, prefix="n", needs=_needs_of(request.user, candidate))
    if form.is_valid():
        try:
            candidate_childcare_need_link(profile=candidate, need=form.cleaned_data["need"])
        except JobsError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "Besoin d'accueil relié à son profil candidat.")
            return redirect("jobs:candidate_detail", pk=candidate.pk)
    return _candidate_page(request, candidate, {"need": form})


@login_required
def training_manage(request: HttpRequest) -> HttpResponse:
    """Counsellors add a training session by hand or import a CSV file (all or nothing)."""
    require(perms.can_follow_candidates(request.user))
    form = TrainingOfferForm(prefix="one")
    upload = TrainingImportForm(prefix="csv")
    report = None
    if request.method == "POST" and "one-organisation" in request.POST:
        form = TrainingOfferForm(request.POST, prefix="one")
        if form.is_valid():
            try:
                training = training_create(**form.cleaned_data, created_by=request.user)
            except JobsError as exc:
                errors_to_form(form, exc, {"terminer": "end_date", "places": "seats"})
            else:
                messages.success(request, f"Formation « {training.title} » enregistrée.")
                return redirect("jobs:training_manage")
    elif request.method == "POST":
        upload = TrainingImportForm(request.POST, request.FILES, prefix="csv")
        if upload.is_valid():
            raw = upload.cleaned_data["csv_file"].read()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                upload.add_error("csv_file", "Le fichier doit être encodé en UTF-8.")
            else:
                report = training_import_csv(text=text, dry_run=upload.cleaned_data["dry_run"])
    trainings = TrainingOffer.objects.select_related("commune").order_by("-start_date")[:100]
    return render(
        request,
        "jobs/training_manage.html",
        {"form": form, "upload": upload, "report": report, "trainings": trainings},
    )


@login_required
def meeting_manage(request: HttpRequest) -> HttpResponse:
    """Counsellors and RPE animators announce information meetings and discovery events."""
    require(perms.can_organise_meetings(request.user))
    form = InfoMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = info_meeting_create(
                kind=data["kind"],
                title=data["title"],
                organiser=data["organiser"],
                commune=data["commune"],
                starts_at=data["starts_at"],
                duration_hours=data["duration_hours"],
                seats=data["seats"],
                online=data["online"],
                address=data["address"],
                path_template=data["path_template"],
                created_by=request.user,
            )
        except JobsError as exc:
            errors_to_form(form, exc, {"places": "seats"})
        else:
            messages.success(request, f"Réunion « {meeting.title} » annoncée.")
            return redirect("jobs:meeting_manage")
    meetings = meetings_for(request.user).filter(
        starts_at__gte=timezone.now() - timedelta(days=30)
    )[:100]
    return render(request, "jobs/meeting_manage.html", {"form": form, "meetings": meetings})
