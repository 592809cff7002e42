"""Applications: the candidate applies and follows; the employer's inbox and decisions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.jobs import perms
from maillage.jobs.enums import ApplicationStatus, ApplicationTarget, OfferStatus
from maillage.jobs.errors import JobsError
from maillage.jobs.forms.applications import ApplicationForm, InterviewForm, RefusalForm
from maillage.jobs.models import Application, ImmersionOffer, JobOffer, TrainingOffer
from maillage.jobs.querysets import applications_for_employer, job_offers_for
from maillage.jobs.services.applications import (
    application_hire,
    application_mark_seen,
    application_propose_interview,
    application_refuse,
    application_send,
    application_withdraw,
)
from maillage.jobs.services.employers import job_offer_close
from maillage.jobs.services.registrations import immersion_complete
from maillage.jobs.views.common import errors_to_form, profile_or_none, require

TARGETS: dict[str, Any] = {
    ApplicationTarget.JOB_OFFER: JobOffer.objects.filter(status=OfferStatus.PUBLISHED),
    ApplicationTarget.IMMERSION: ImmersionOffer.objects.filter(is_active=True),
    ApplicationTarget.TRAINING: TrainingOffer.objects.all(),
}
PAGE_SIZE = 50


def _target(kind: str, pk: int) -> Any:
    if kind not in TARGETS:
        raise Http404
    return get_object_or_404(TARGETS[kind].select_related("commune"), pk=pk)


def apply(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Public link « Postuler »: sign up (or log in) first, then back here to apply."""
    target = _target(kind, pk)
    here = request.get_full_path()
    if not request.user.is_authenticated:
        messages.info(
            request,
            "Créez votre compte candidat(e) ou connectez-vous : vous reviendrez ensuite "
            "à cette offre pour postuler.",
        )
        query = urlencode({"next": here, "role": "candidate"})
        return redirect(f"{reverse('accounts:signup')}?{query}")
    require(perms.is_candidate(request.user))
    profile = profile_or_none(request.user)
    if profile is None:
        messages.info(request, "Complétez d'abord votre profil : l'employeur le verra.")
        return redirect(f"{reverse('jobs:candidate_profile')}?{urlencode({'next': here})}")
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application_send(candidate=profile, target=target, message=form.cleaned_data["message"])
        except JobsError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "Votre candidature est envoyée.")
            return redirect("jobs:my_applications")
    return render(
        request,
        "jobs/apply.html",
        {"form": form, "target": target, "kind_label": ApplicationTarget(kind).label},
    )


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    require(perms.is_candidate(request.user))
    profile = profile_or_none(request.user)
    applications = (
        Application.objects.filter(candidate=profile)
        .select_related("job_offer__nursery", "job_offer__mam", "immersion", "training")
        .order_by("-created_at")
        if profile
        else Application.objects.none()
    )
    invitations = (
        profile.invitations.filter(status="pending").select_related(
            "job_offer__nursery", "job_offer__mam", "job_offer__commune"
        )
        if profile
        else []
    )
    registrations = (
        profile.registrations.exclude(status="cancelled")
        .filter(meeting__starts_at__gte=timezone.now() - timedelta(days=60))
        .select_related("meeting__commune")
        .order_by("meeting__starts_at")
        if profile
        else []
    )
    return render(
        request,
        "jobs/my_applications.html",
        {
            "applications": applications,
            "invitations": invitations,
            "registrations": registrations,
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def application_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    require(perms.is_candidate(request.user))
    application = get_object_or_404(Application, pk=pk, candidate__user=request.user)
    try:
        application_withdraw(application=application)
    except JobsError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "Votre candidature est retirée.")
    return redirect("jobs:my_applications")


@login_required
def employer_inbox(request: HttpRequest) -> HttpResponse:
    require(perms.can_receive_applications(request.user))
    base = applications_for_employer(request.user)
    status = request.GET.get("statut", "")
    qs = base.filter(status=status) if status in ApplicationStatus.values else base
    counts = dict(base.values_list("status").annotate(n=Count("id")).order_by())
    page = Paginator(qs.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    statuses = [(s.value, s.label, counts.get(s.value, 0)) for s in ApplicationStatus]
    return render(
        request,
        "jobs/employer_inbox.html",
        {"page": page, "status": status, "statuses": statuses, "total": sum(counts.values())},
    )


def _detail(request: HttpRequest, application: Application, **forms: Any) -> HttpResponse:
    context = {
        "application": application,
        "profile": application.candidate,
        "interview_form": forms.get("interview")
        or InterviewForm(prefix="i", initial={"day": timezone.localdate()}),
        "refusal_form": forms.get("refusal") or RefusalForm(prefix="r"),
    }
    return render(request, "jobs/application_detail.html", context)


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The candidate's profile, visible because she applied here, and the decisions."""
    require(perms.can_receive_applications(request.user))
    application = get_object_or_404(applications_for_employer(request.user), pk=pk)
    application = application_mark_seen(application=application)
    return _detail(request, application)


@login_required
@require_POST
def application_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    require(perms.can_receive_applications(request.user))
    application = get_object_or_404(applications_for_employer(request.user), pk=pk)
    try:
        if action == "entretien":
            form = InterviewForm(request.POST, prefix="i")
            if not form.is_valid():
                return _detail(request, application, interview=form)
            application_propose_interview(
                application=application,
                at=form.cleaned_data["at"],
                place=form.cleaned_data["place"],
            )
            messages.success(request, "Entretien proposé : la candidate est prévenue.")
        elif action == "recruter":
            application_hire(application=application)
            messages.success(request, "Candidature retenue : la candidate est prévenue.")
        elif action == "refuser":
            form = RefusalForm(request.POST, prefix="r")
            if not form.is_valid():
                return _detail(request, application, refusal=form)
            application_refuse(
                application=application,
                reason=form.cleaned_data["reason"],
                detail=form.cleaned_data["detail"],
            )
            messages.success(request, "Refus envoyé à la candidate.")
        elif action == "immersion-terminee":
            stage = immersion_complete(application=application, on=timezone.localdate())
            messages.success(
                request,
                "Immersion terminée" + (f" : étape « {stage.title} » validée." if stage else "."),
            )
        else:
            raise Http404
    except JobsError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("jobs:application_detail", pk=application.pk)


@login_required
@require_POST
def job_offer_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    require(perms.can_publish_offers(request.user))
    offer = get_object_or_404(job_offers_for(request.user), pk=pk)
    try:
        job_offer_close(offer=offer)
    except JobsError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"Offre « {offer.title} » clôturée.")
    return redirect("jobs:employer_offers")
