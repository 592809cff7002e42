"""Employers invite anonymous ranked profiles; the candidate answers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from maillage.jobs import perms
from maillage.jobs.enums import InvitationStatus
from maillage.jobs.errors import JobsError
from maillage.jobs.forms.applications import ApplicationForm, InvitationForm
from maillage.jobs.models import ApplicationInvitation, CandidateProfile
from maillage.jobs.querysets import job_offers_for
from maillage.jobs.services.invitations import (
    invitation_accept,
    invitation_decline,
    invitation_send,
)
from maillage.jobs.views.common import errors_to_form, require


@login_required
@require_POST
def invitation_send_view(request: HttpRequest, pk: int, candidate_pk: int) -> HttpResponse:
    require(perms.can_publish_offers(request.user))
    offer = get_object_or_404(job_offers_for(request.user), pk=pk)
    candidate = get_object_or_404(CandidateProfile, pk=candidate_pk, visible_to_employers=True)
    form = InvitationForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        invitation_send(offer=offer, candidate=candidate, invited_by=request.user, message=message)
    except JobsError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "Invitation envoyée : elle décidera de postuler ou non.")
    return redirect("jobs:offer_candidates", pk=offer.pk)


def _mine(request: HttpRequest, pk: int) -> ApplicationInvitation:
    require(perms.is_candidate(request.user))
    return get_object_or_404(
        ApplicationInvitation.objects.select_related(
            "job_offer__commune", "job_offer__nursery", "job_offer__mam", "candidate__user"
        ),
        pk=pk,
        candidate__user=request.user,
        status=InvitationStatus.PENDING,
    )


@login_required
def invitation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _mine(request, pk)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation_accept(invitation=invitation, message=form.cleaned_data["message"])
        except JobsError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "Votre candidature est envoyée.")
            return redirect("jobs:my_applications")
    return render(
        request,
        "jobs/apply.html",
        {"form": form, "target": invitation.job_offer, "kind_label": "Invitation à postuler"},
    )


@login_required
@require_POST
def invitation_decline_view(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _mine(request, pk)
    try:
        invitation_decline(invitation=invitation)
    except JobsError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "Invitation déclinée : l'employeur ne saura pas qui vous êtes.")
    return redirect("jobs:my_applications")
