"""Thin views: parse, check permission, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.core.schedule import week_to_ranges
from maillage.jobs import perms
from maillage.jobs.enums import OfferStatus, SubstituteRequestStatus
from maillage.jobs.errors import JobsError
from maillage.jobs.forms import (
    CandidateProfileForm,
    DropOutForm,
    JobOfferForm,
    SubstituteRequestForm,
    TrainingImportForm,
    TrainingOfferForm,
)
from maillage.jobs.models import (
    CandidateProfile,
    ImmersionOffer,
    InfoMeeting,
    JobOffer,
    PathTemplate,
    SubstituteNotification,
    TrainingOffer,
)
from maillage.jobs.querysets import (
    candidates_for,
    drop_out_rates,
    job_offers_for,
    paths_for,
    substitute_requests_for,
)
from maillage.jobs.scoring import rank
from maillage.jobs.services.candidates import candidate_profile_save
from maillage.jobs.services.catalogue import training_create, training_import_csv
from maillage.jobs.services.employers import job_offer_publish
from maillage.jobs.services.facts import (
    candidate_facts,
    immersion_facts,
    job_offer_facts,
    training_facts,
)
from maillage.jobs.services.paths import path_drop_out
from maillage.jobs.services.substitutes import (
    substitute_offer_accept,
    substitute_offer_decline,
    substitute_request_create,
    substitute_request_notify,
)


def _require(check: bool) -> None:
    if not check:
        raise PermissionDenied


def _profile_or_none(user) -> CandidateProfile | None:  # type: ignore[no-untyped-def]
    return CandidateProfile.objects.filter(user=user).prefetch_related("desired_jobs").first()


# ---------------------------------------------------------------- candidate


@login_required
def candidate_profile(request: HttpRequest) -> HttpResponse:
    _require(perms.is_candidate(request.user))
    profile = _profile_or_none(request.user)
    initial = {}
    if profile:
        ranges = week_to_ranges(profile.availability)
        first = next(iter(ranges.values()), [("08:00", "18:00")])[0]
        initial = {
            "commune": profile.commune_id,
            "max_distance_km": profile.max_distance_km,
            "transport": profile.transport,
            "days": [str(d) for d in ranges],
            "start_time": first[0],
            "end_time": first[1],
            "accepts_atypical_hours": profile.accepts_atypical_hours,
            "available_from": profile.available_from,
            "qualifications": profile.qualifications,
            "experience_years": profile.experience_years,
            "desired_jobs": list(profile.desired_jobs.all()),
            "substitute_pool_consent": profile.substitute_pool_consent,
            "visible_to_employers": profile.visible_to_employers,
            "needs_childcare": profile.needs_childcare,
        }
    form = CandidateProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            candidate_profile_save(
                user=request.user,
                commune=data["commune"],
                qualifications=data["qualifications"],
                desired_rome_codes=[j.code for j in data["desired_jobs"]],
                substitute_pool_consent=data["substitute_pool_consent"],
                max_distance_km=data["max_distance_km"],
                transport=data["transport"],
                availability=form.availability(),
                accepts_atypical_hours=data["accepts_atypical_hours"],
                available_from=data["available_from"],
                experience_years=data["experience_years"],
                visible_to_employers=data["visible_to_employers"],
                needs_childcare=data["needs_childcare"],
            )
        except JobsError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "Votre profil candidat est enregistré.")
            return redirect("jobs:offer_list")
    return render(request, "jobs/candidate_profile.html", {"form": form, "profile": profile})


@login_required
def offer_list(request: HttpRequest) -> HttpResponse:
    _require(perms.is_candidate(request.user))
    profile = _profile_or_none(request.user)
    if profile is None:
        messages.info(
            request, "Complétez d'abord votre profil pour voir les offres qui vous correspondent."
        )
        return redirect("jobs:candidate_profile")
    today = timezone.localdate()
    facts = candidate_facts(profile)
    offers = JobOffer.objects.filter(status=OfferStatus.PUBLISHED).select_related(
        "rome", "nursery", "mam", "commune"
    )
    trainings = TrainingOffer.objects.filter(start_date__gte=today).select_related("commune")
    immersions = ImmersionOffer.objects.filter(is_active=True, end_date__gte=today).select_related(
        "nursery", "mam", "commune"
    )
    meetings = InfoMeeting.objects.filter(starts_at__gte=timezone.now()).select_related("commune")[
        :10
    ]
    notifications = SubstituteNotification.objects.filter(
        candidate=profile,
        response="pending",
        request__status__in=[
            SubstituteRequestStatus.OPEN,
            SubstituteRequestStatus.PARTIALLY_FILLED,
        ],
    ).select_related("request__nursery__commune")
    context = {
        "profile": profile,
        "jobs": rank(facts, [job_offer_facts(o) for o in offers[:500]], today=today)[:30],
        "trainings": rank(facts, [training_facts(t) for t in trainings[:500]], today=today)[:20],
        "immersions": rank(facts, [immersion_facts(i) for i in immersions[:500]], today=today)[:20],
        "meetings": meetings,
        "notifications": notifications,
    }
    return render(request, "jobs/offer_list.html", context)


@login_required
def my_path(request: HttpRequest) -> HttpResponse:
    _require(perms.is_candidate(request.user))
    paths = paths_for(request.user).prefetch_related("stages")
    templates = PathTemplate.objects.filter(is_active=True).prefetch_related("steps")
    return render(request, "jobs/my_path.html", {"paths": paths, "templates": templates})


@login_required
def substitute_offer(request: HttpRequest, pk: int) -> HttpResponse:
    _require(perms.is_candidate(request.user))
    notification = get_object_or_404(
        SubstituteNotification.objects.select_related("request__nursery__commune", "candidate"),
        request_id=pk,
        candidate__user=request.user,
    )
    if request.method == "POST":
        try:
            if request.POST.get("answer") == "accept":
                substitute_offer_accept(
                    request=notification.request, candidate=notification.candidate
                )
                messages.success(request, "C'est confirmé : ce remplacement est pour vous.")
            else:
                substitute_offer_decline(
                    request=notification.request, candidate=notification.candidate
                )
                messages.info(request, "Vous avez décliné ce remplacement.")
        except JobsError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("jobs:offer_list")
    return render(request, "jobs/substitute_offer.html", {"notification": notification})


# ---------------------------------------------------------------- employers


def _managed_nurseries(user):  # type: ignore[no-untyped-def]
    from maillage.childcare.models import Nursery

    return Nursery.objects.all() if user.role == "admin" else Nursery.objects.filter(managers=user)


@login_required
def substitute_list(request: HttpRequest) -> HttpResponse:
    _require(perms.can_manage_staff(request.user))
    nurseries = _managed_nurseries(request.user)
    form = SubstituteRequestForm(request.POST or None, nurseries=nurseries)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = substitute_request_create(
                nursery=data["nursery"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                include_weekends=data["include_weekends"],
                children_not_walking=data["children_not_walking"],
                children_walking=data["children_walking"],
                staff_present=form.staff_present(),
                note=data["note"],
                created_by=request.user,
            )
        except JobsError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, created.staffing_summary)
            return redirect("jobs:substitute_detail", pk=created.pk)
    requests = substitute_requests_for(request.user).order_by("-start_date")[:100]
    return render(request, "jobs/substitute_list.html", {"form": form, "requests": requests})


@login_required
def substitute_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(perms.can_manage_staff(request.user))
    sub = get_object_or_404(substitute_requests_for(request.user), pk=pk)
    if request.method == "POST":
        try:
            sent = substitute_request_notify(request=sub, today=timezone.localdate())
        except JobsError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                f"{len(sent)} personne(s) du vivier sollicitée(s), par ordre de pertinence.",
            )
        return redirect("jobs:substitute_detail", pk=sub.pk)
    notifications = sub.notifications.select_related("candidate__user")
    assignments = sub.assignments.filter(status="confirmed").select_related("candidate__user")
    return render(
        request,
        "jobs/substitute_detail.html",
        {"sub": sub, "notifications": notifications, "assignments": assignments},
    )


@login_required
def employer_offers(request: HttpRequest) -> HttpResponse:
    _require(perms.can_manage_staff(request.user))
    form = JobOfferForm(request.POST or None, nurseries=_managed_nurseries(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            offer = job_offer_publish(
                employer=data["employer"],
                rome_code=data["rome_code"],
                title=data["title"],
                required_qualification=data["required_qualification"],
                contract_type=data["contract_type"],
                hours_per_week=data["hours_per_week"],
                start_date=data["start_date"],
                description=data["description"],
                published_by=request.user,
            )
        except JobsError as exc:
            for message in exc.messages:
                form.add_error("rome_code" if "ROME" in message else None, message)
        else:
            messages.success(request, f"Offre « {offer.title} » publiée.")
            return redirect("jobs:offer_candidates", pk=offer.pk)
    offers = job_offers_for(request.user)[:100]
    return render(request, "jobs/employer_offers.html", {"form": form, "offers": offers})


@login_required
def offer_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """An employer sees the candidates who agreed to be visible, ranked with reasons."""
    _require(perms.can_manage_staff(request.user))
    offer = get_object_or_404(job_offers_for(request.user), pk=pk)
    today = timezone.localdate()
    opportunity = job_offer_facts(offer)
    rows = []
    for profile in (
        CandidateProfile.objects.filter(visible_to_employers=True)
        .select_related("commune")
        .prefetch_related("desired_jobs")[:2000]
    ):
        match = rank(candidate_facts(profile), [opportunity], today=today)[0]
        rows.append((profile, match))
    rows.sort(key=lambda pm: (not pm[1].eligible, -pm[1].score, pm[1].distance_km))
    return render(request, "jobs/offer_candidates.html", {"offer": offer, "rows": rows[:50]})


# ---------------------------------------------------------------- counsellor


@login_required
def counsellor_candidates(request: HttpRequest) -> HttpResponse:
    _require(perms.can_follow_candidates(request.user))
    candidates = candidates_for(request.user).prefetch_related("paths__stages", "paths__template")[
        :300
    ]
    paths = paths_for(request.user)
    context = {
        "candidates": candidates,
        "by_template": drop_out_rates(paths, "template"),
        "by_training": drop_out_rates(paths, "training"),
        "drop_form": DropOutForm(),
    }
    return render(request, "jobs/counsellor_candidates.html", context)


@login_required
@require_POST
def path_drop_out_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require(perms.can_follow_candidates(request.user))
    path = get_object_or_404(paths_for(request.user), pk=pk)
    form = DropOutForm(request.POST)
    if form.is_valid():
        try:
            path_drop_out(
                path=path,
                reason=form.cleaned_data["reason"],
                detail=form.cleaned_data["detail"],
                on=timezone.localdate(),
            )
            messages.success(request, "Abandon enregistré.")
        except JobsError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, "Motif d'abandon invalide.")
    return redirect("jobs:counsellor_candidates")


@login_required
def training_manage(request: HttpRequest) -> HttpResponse:
    """Counsellors add a training session by hand or import a CSV file (all or nothing)."""
    _require(perms.can_follow_candidates(request.user))
    form = TrainingOfferForm(prefix="one")
    upload = TrainingImportForm(prefix="csv")
    report = None
    if request.method == "POST" and "one-organisation" in request.POST:
        form = TrainingOfferForm(request.POST, prefix="one")
        if form.is_valid():
            try:
                training = training_create(**form.cleaned_data, created_by=request.user)
            except JobsError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
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
