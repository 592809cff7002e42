"""The candidate's pages: profile, ranked offers (with her care options), path, substitutes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from maillage.core.schedule import week_to_ranges
from maillage.jobs import perms
from maillage.jobs.enums import OfferStatus, PathStatus, StageStatus, SubstituteRequestStatus
from maillage.jobs.errors import JobsError
from maillage.jobs.forms import CandidateProfileForm
from maillage.jobs.models import (
    ImmersionOffer,
    InfoMeeting,
    JobOffer,
    PathTerritorySetting,
    SubstituteNotification,
    TrainingOffer,
)
from maillage.jobs.querysets import paths_for, paths_offered_in
from maillage.jobs.scoring import rank
from maillage.jobs.services.candidates import candidate_profile_save, reservist_join
from maillage.jobs.services.childcare_link import candidate_childcare
from maillage.jobs.services.facts import (
    candidate_facts,
    immersion_facts,
    job_offer_facts,
    training_facts,
)
from maillage.jobs.services.paths import training_apply
from maillage.jobs.services.substitute_requests import substitute_request_staffing
from maillage.jobs.services.substitutes import substitute_offer_accept, substitute_offer_decline
from maillage.jobs.views.common import profile_or_none, require


def _profile_initial(profile) -> dict:  # type: ignore[no-untyped-def]
    if profile is None:
        return {}
    ranges = week_to_ranges(profile.availability)
    first = next(iter(ranges.values()), [("08:00", "18:00")])[0]
    return {
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


@login_required
def reservist_join_view(request: HttpRequest) -> HttpResponse:
    """A parent joins the substitute pool: the candidate profile form, consent ticked."""
    if perms.is_candidate(request.user):
        return redirect("jobs:candidate_profile")
    require(perms.can_join_substitute_pool(request.user))
    return candidate_profile(request, reservist=True)


@login_required
def candidate_profile(request: HttpRequest, reservist: bool = False) -> HttpResponse:
    require(reservist or perms.is_candidate(request.user))
    profile = profile_or_none(request.user)
    initial = _profile_initial(profile) or {"substitute_pool_consent": reservist}
    form = CandidateProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        save = reservist_join if reservist else candidate_profile_save
        try:
            save(
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
            if reservist:
                messages.success(request, "Vous faites partie du vivier des remplaçants.")
                return redirect("jobs:offer_list")
            messages.success(request, "Votre profil candidat est enregistré.")
            target = request.GET.get("next", "")
            if target and url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                return redirect(target)
            return redirect("jobs:offer_list")
    return render(
        request,
        "jobs/candidate_profile.html",
        {"form": form, "profile": profile, "reservist": reservist},
    )


@login_required
def offer_list(request: HttpRequest) -> HttpResponse:
    require(perms.is_candidate(request.user))
    profile = profile_or_none(request.user)
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
    jobs = rank(facts, [job_offer_facts(o) for o in offers[:500]], today=today)[:30]
    childcare = (
        candidate_childcare(profile, [m.key for m in jobs]) if profile.needs_childcare else None
    )
    context = {
        "profile": profile,
        "jobs": [(m, childcare.fits.get(m.key.pk) if childcare else None) for m in jobs],
        "childcare": childcare,
        "trainings": rank(facts, [training_facts(t) for t in trainings[:500]], today=today)[:20],
        "immersions": rank(facts, [immersion_facts(i) for i in immersions[:500]], today=today)[:20],
        "meetings": meetings,
        "notifications": notifications,
    }
    return render(request, "jobs/offer_list.html", context)


@login_required
def my_path(request: HttpRequest) -> HttpResponse:
    require(perms.is_candidate(request.user))
    paths = paths_for(request.user).prefetch_related("stages__training")
    oriented = [
        p
        for p in paths
        if p.status == PathStatus.ACTIVE
        and p.training_id
        and not any(
            s.training_id == p.training_id
            and s.status == StageStatus.IN_PROGRESS
            and s.outcome.startswith("Candidature")
            for s in p.stages.all()
        )
    ]
    profile = profile_or_none(request.user)
    departement_code = profile.commune.departement_id if profile else None
    templates = paths_offered_in(departement_code).prefetch_related("steps")
    notes = dict(
        PathTerritorySetting.objects.filter(departement_id=departement_code)
        .exclude(local_note="")
        .values_list("template_id", "local_note")
    )
    for template in templates:
        template.local_note = notes.get(template.pk, "")
    return render(
        request,
        "jobs/my_path.html",
        {"paths": paths, "templates": templates, "to_apply": oriented},
    )


@login_required
@require_POST
def training_apply_view(request: HttpRequest, pk: int) -> HttpResponse:
    require(perms.is_candidate(request.user))
    profile = profile_or_none(request.user)
    if profile is None:
        return redirect("jobs:candidate_profile")
    training = get_object_or_404(TrainingOffer, pk=pk)
    try:
        training_apply(candidate=profile, training=training, on=timezone.localdate())
    except JobsError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"Votre candidature à « {training.title} » est enregistrée : l'étape formation de "
            "votre parcours est en cours.",
        )
    return redirect("jobs:my_path")


@login_required
def substitute_offer(request: HttpRequest, pk: int) -> HttpResponse:
    require(perms.is_candidate(request.user))
    notification = get_object_or_404(
        SubstituteNotification.objects.select_related(
            "request__nursery__commune", "request__age_group", "candidate"
        ),
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
                return redirect("jobs:substitute_offer", pk=pk)
            substitute_offer_decline(request=notification.request, candidate=notification.candidate)
            messages.info(request, "Vous avez décliné ce remplacement.")
        except JobsError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("jobs:offer_list")
    notification.refresh_from_db()
    staffing = (
        substitute_request_staffing(notification.request)
        if notification.response == "accepted"
        else None
    )
    return render(
        request,
        "jobs/substitute_offer.html",
        {"notification": notification, "staffing": staffing},
    )
