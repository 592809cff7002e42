"""Events: registration (public link), cancellation, the organiser's page with attendance."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.jobs import perms
from maillage.jobs.enums import RegistrationStatus
from maillage.jobs.errors import JobsError
from maillage.jobs.forms.events import EventStopForm, RegisterCandidateForm
from maillage.jobs.models import EventRegistration, InfoMeeting
from maillage.jobs.querysets import candidates_for, meetings_for
from maillage.jobs.services.registrations import (
    event_attendance_mark,
    event_cancel,
    event_register,
    event_stop_add,
)
from maillage.jobs.views.common import errors_to_form, profile_or_none, require


def event_register_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Public link « S'inscrire »: sign up or log in first, then back here."""
    meeting = get_object_or_404(
        InfoMeeting.objects.select_related("commune").filter(starts_at__gt=timezone.now()), pk=pk
    )
    here = request.get_full_path()
    if not request.user.is_authenticated:
        messages.info(
            request,
            "Créez votre compte candidat(e) ou connectez-vous : vous reviendrez ensuite à "
            "cet événement pour vous inscrire.",
        )
        query = urlencode({"next": here, "role": "candidate"})
        return redirect(f"{reverse('accounts:signup')}?{query}")
    require(perms.is_candidate(request.user))
    profile = profile_or_none(request.user)
    if profile is None:
        messages.info(request, "Complétez d'abord votre profil candidat.")
        return redirect(f"{reverse('jobs:candidate_profile')}?{urlencode({'next': here})}")
    if request.method == "POST":
        try:
            registration = event_register(meeting=meeting, candidate=profile, by=request.user)
        except JobsError as exc:
            messages.error(request, exc.messages[0])
        else:
            if registration.status == RegistrationStatus.REGISTERED:
                messages.success(request, "Vous êtes inscrite : un courriel de confirmation suit.")
            else:
                messages.info(request, "L'événement est complet : vous êtes sur liste d'attente.")
            return redirect("jobs:my_applications")
    stops = meeting.stops.select_related("commune")
    return render(request, "jobs/event_register.html", {"meeting": meeting, "stops": stops})


@login_required
@require_POST
def registration_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    require(perms.is_candidate(request.user))
    registration = get_object_or_404(EventRegistration, pk=pk, candidate__user=request.user)
    try:
        event_cancel(registration=registration)
    except JobsError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "Votre inscription est annulée.")
    return redirect("jobs:my_applications")


def _meeting_page(request: HttpRequest, meeting: InfoMeeting, **forms: Any) -> HttpResponse:
    registrations = meeting.registrations.exclude(status=RegistrationStatus.CANCELLED)
    context = {
        "meeting": meeting,
        "registrations": registrations.select_related("candidate__user", "candidate__commune"),
        "stops": meeting.stops.select_related("commune"),
        "stop_form": forms.get("stop") or EventStopForm(prefix="s"),
        "register_form": forms.get("register")
        or RegisterCandidateForm(prefix="c", candidates=candidates_for(request.user)),
        "attendance_open": meeting.starts_at.date() <= timezone.localdate(),
    }
    return render(request, "jobs/meeting_detail.html", context, status=400 if forms else 200)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(perms.can_organise_meetings(request.user))
    return _meeting_page(request, get_object_or_404(meetings_for(request.user), pk=pk))


@login_required
@require_POST
def meeting_attendance(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    require(perms.can_organise_meetings(request.user))
    meeting = get_object_or_404(meetings_for(request.user), pk=pk)
    registration = get_object_or_404(meeting.registrations, pk=registration_pk)
    try:
        stage = event_attendance_mark(
            registration=registration, attended=request.POST.get("attended") == "1"
        )
    except JobsError as exc:
        messages.error(request, exc.messages[0])
    else:
        name = registration.candidate.user.display_name
        if stage is not None:
            messages.success(request, f"{name} : présence notée, étape « {stage.title} » validée.")
        else:
            messages.success(request, f"{name} : présence notée.")
    return redirect("jobs:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_register_candidate(request: HttpRequest, pk: int) -> HttpResponse:
    """A counsellor registers a candidate she follows."""
    require(perms.can_follow_candidates(request.user))
    meeting = get_object_or_404(InfoMeeting, pk=pk)
    form = RegisterCandidateForm(request.POST, prefix="c", candidates=candidates_for(request.user))
    if form.is_valid():
        try:
            event_register(
                meeting=meeting, candidate=form.cleaned_data["candidate"], by=request.user
            )
        except JobsError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "Candidate inscrite : elle reçoit la confirmation.")
            return redirect("jobs:meeting_detail", pk=meeting.pk)
    if not meetings_for(request.user).filter(pk=meeting.pk).exists():
        for error in form.errors.values():
            messages.error(request, error[0])
        return redirect("jobs:counsellor_candidates")
    return _meeting_page(request, meeting, register=form)


@login_required
@require_POST
def meeting_stop_add(request: HttpRequest, pk: int) -> HttpResponse:
    require(perms.can_organise_meetings(request.user))
    meeting = get_object_or_404(meetings_for(request.user), pk=pk)
    form = EventStopForm(request.POST, prefix="s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            event_stop_add(
                meeting=meeting,
                commune=data["commune"],
                starts_at=data["starts_at"],
                address=data["address"],
            )
        except JobsError as exc:
            errors_to_form(form, exc, {"futur": "day", "date": "day"})
        else:
            messages.success(request, "Étape ajoutée.")
            return redirect("jobs:meeting_detail", pk=meeting.pk)
    return _meeting_page(request, meeting, stop=form)
