"""Employers' pages: substitute requests with the staffing need, job offers, immersions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from maillage.jobs import perms
from maillage.jobs.errors import JobsError
from maillage.jobs.forms import ImmersionOfferForm, JobOfferForm, SubstituteRequestForm
from maillage.jobs.models import CandidateProfile
from maillage.jobs.querysets import (
    immersion_offers_for,
    job_offers_for,
    substitute_requests_for,
)
from maillage.jobs.scoring import rank
from maillage.jobs.services.employers import job_offer_publish
from maillage.jobs.services.events import immersion_offer_create
from maillage.jobs.services.facts import candidate_facts, job_offer_facts
from maillage.jobs.services.substitute_requests import (
    staffing_preview,
    substitute_request_create,
    substitute_request_staffing,
)
from maillage.jobs.services.waves import substitute_wave_start, wave_minutes
from maillage.jobs.views.common import (
    errors_to_form,
    managed_mams,
    managed_nurseries,
    require,
)


def _employer_or_mam_help(request: HttpRequest) -> HttpResponse | None:
    """None when she may publish; a page explaining the MAM to a childminder without one;
    403 for every other role (the pages are for crèches and MAM only)."""
    if perms.can_publish_offers(request.user):
        return None
    if perms.is_childminder_without_mam(request.user):
        return render(request, "jobs/mam_not_member.html")
    raise PermissionDenied


@login_required
def substitute_list(request: HttpRequest) -> HttpResponse:
    require(perms.can_manage_staff(request.user))
    form = SubstituteRequestForm(request.POST or None, nurseries=managed_nurseries(request.user))
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        policy = {
            "ratio_mode": data["ratio_mode"],
            "children_per_staff": data["children_per_staff"],
        }
        try:
            if request.POST.get("action") == "preview":
                preview = staffing_preview(
                    children_not_walking=data["children_not_walking"],
                    children_walking=data["children_walking"],
                    staff_present=form.staff_present(),
                    **policy,
                )
            else:
                created = substitute_request_create(
                    nursery=data["nursery"],
                    age_group=data["age_group"],
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
                    **policy,
                )
                messages.success(request, created.staffing_summary)
                return redirect("jobs:substitute_detail", pk=created.pk)
        except JobsError as exc:
            errors_to_form(form, exc, {"taux": "children_per_staff", "section": "age_group"})
    requests = substitute_requests_for(request.user).order_by("-start_date")[:100]
    return render(
        request,
        "jobs/substitute_list.html",
        {"form": form, "requests": requests, "preview": preview},
    )


@login_required
def substitute_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(perms.can_manage_staff(request.user))
    sub = get_object_or_404(substitute_requests_for(request.user), pk=pk)
    if request.method == "POST":
        try:
            sent = substitute_wave_start(request=sub, now=timezone.now())
        except JobsError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                f"{len(sent)} personne(s) du vivier sollicitée(s), par ordre de pertinence. "
                f"Sans réponse sous {wave_minutes()} minutes, les suivantes le seront.",
            )
        return redirect("jobs:substitute_detail", pk=sub.pk)
    notifications = sub.notifications.select_related("candidate__user")
    assignments = sub.assignments.filter(status="confirmed").select_related("candidate__user")
    return render(
        request,
        "jobs/substitute_detail.html",
        {
            "sub": sub,
            "notifications": notifications,
            "assignments": assignments,
            "staffing": substitute_request_staffing(sub),
        },
    )


@login_required
def employer_offers(request: HttpRequest) -> HttpResponse:
    if (refusal := _employer_or_mam_help(request)) is not None:
        return refusal
    form = JobOfferForm(
        request.POST or None,
        nurseries=managed_nurseries(request.user),
        mams=managed_mams(request.user),
    )
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
                schedule=form.schedule(),
                description=data["description"],
                published_by=request.user,
            )
        except JobsError as exc:
            errors_to_form(form, exc, {"ROME": "rome_code", "heures": "hours_per_week"})
        else:
            messages.success(request, f"Offre « {offer.title} » publiée.")
            return redirect("jobs:offer_candidates", pk=offer.pk)
    offers = job_offers_for(request.user)[:100]
    return render(request, "jobs/employer_offers.html", {"form": form, "offers": offers})


@login_required
def offer_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """An employer sees the candidates who agreed to be visible, ranked with reasons."""
    if (refusal := _employer_or_mam_help(request)) is not None:
        return refusal
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


@login_required
def immersion_manage(request: HttpRequest) -> HttpResponse:
    """Crèches and MAM childminders publish immersions (PMSMP)."""
    if (refusal := _employer_or_mam_help(request)) is not None:
        return refusal
    form = ImmersionOfferForm(
        request.POST or None,
        nurseries=managed_nurseries(request.user),
        mams=managed_mams(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            offer = immersion_offer_create(
                host=data["employer"],
                title=data["title"],
                description=data["description"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                days=data["days"],
                seats=data["seats"],
                published_by=request.user,
            )
        except JobsError as exc:
            errors_to_form(form, exc, {"terminer": "end_date", "places": "seats"})
        else:
            messages.success(request, f"Immersion « {offer.title} » publiée.")
            return redirect("jobs:immersion_manage")
    offers = immersion_offers_for(request.user).order_by("-start_date")[:100]
    return render(request, "jobs/immersion_manage.html", {"form": form, "offers": offers})
