"""Pages of the outcomes app: counsellor dashboard and entry, the parent's public form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from maillage.accounts.perms import role_required
from maillage.accounts.querysets import scope_by_commune
from maillage.families.enums import ContactRequestStatus, NeedStatus
from maillage.families.models import Need
from maillage.outcomes.enums import AnsweredBy
from maillage.outcomes.forms import CheckpointForm, FollowUpOpenForm, QuestionnaireForm
from maillage.outcomes.models import OutcomeCheckpoint
from maillage.outcomes.perms import DASHBOARD_ROLES, RECORD_ROLES, can_record_outcomes
from maillage.outcomes.rates import small_cell_threshold
from maillage.outcomes.services import (
    ALREADY_ANSWERED,
    outcome_checkpoint_record,
    outcome_followup_open,
    outcome_rates,
)
from maillage.outcomes.tokens import InvalidQuestionnaireLink, read_questionnaire_token


def _apply(form, exc: ValidationError) -> None:  # type: ignore[no-untyped-def]
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        form.add_error(None, exc)


def _served_needs(user):  # type: ignore[no-untyped-def]
    return Need.objects.for_user(user).filter(
        Q(status=NeedStatus.MATCHED) | Q(contact_requests__status=ContactRequestStatus.CONFIRMED)
    )


@role_required(*DASHBOARD_ROLES)
@require_http_methods(["GET"])
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    needs = scope_by_commune(Need.objects.all(), user, "commune")
    context = {
        "by_commune": outcome_rates(needs_qs=needs, by="commune"),
        "by_mode": outcome_rates(needs_qs=needs, by="mode"),
        "threshold": small_cell_threshold(),
        "can_record": can_record_outcomes(user),
    }
    if context["can_record"]:
        today = timezone.localdate()
        context["due"] = (
            OutcomeCheckpoint.objects.for_user(user)
            .unanswered()
            .filter(due_date__lte=today)
            .select_related("follow_up__need__commune")
            .order_by("due_date")[:50]
        )
        context["to_follow"] = (
            _served_needs(user)
            .filter(outcome_follow_up__isnull=True)
            .select_related("commune")
            .distinct()[:50]
        )
    return render(request, "outcomes/dashboard.html", context)


@role_required(*RECORD_ROLES)
@require_http_methods(["GET", "POST"])
def followup_open(request: HttpRequest, need_pk: int) -> HttpResponse:
    need = get_object_or_404(_served_needs(request.user).distinct(), pk=need_pk)
    form = FollowUpOpenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome_followup_open(
                need=need,
                mode=form.cleaned_data["mode"],
                care_start=form.cleaned_data["care_start"],
                by=request.user,
            )
        except ValidationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, "Suivi ouvert : quatre points d'étape sont prévus.")
            return redirect("outcomes:dashboard")
    return render(
        request,
        "outcomes/followup_open.html",
        {"need": need, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@role_required(*RECORD_ROLES)
@require_http_methods(["GET", "POST"])
def checkpoint_record(request: HttpRequest, pk: int) -> HttpResponse:
    checkpoint = get_object_or_404(
        OutcomeCheckpoint.objects.for_user(request.user).select_related("follow_up__need__commune"),
        pk=pk,
    )
    initial = {"situation": checkpoint.situation, "job_change": checkpoint.job_change}
    form = CheckpointForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            outcome_checkpoint_record(
                checkpoint=checkpoint,
                situation=form.cleaned_data["situation"],
                job_change=form.cleaned_data["job_change"],
                by=request.user,
                via=AnsweredBy.COUNSELLOR,
            )
        except ValidationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, "Situation enregistrée.")
            return redirect("outcomes:dashboard")
    return render(
        request,
        "outcomes/checkpoint_record.html",
        {"checkpoint": checkpoint, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def questionnaire(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the parent answers through the emailed link, without an account."""
    try:
        checkpoint_id = read_questionnaire_token(token)
    except InvalidQuestionnaireLink as exc:
        return render(request, "outcomes/questionnaire_closed.html", {"text": str(exc)}, status=400)
    checkpoint = get_object_or_404(OutcomeCheckpoint, pk=checkpoint_id)
    if checkpoint.answered_at is not None:
        return render(request, "outcomes/questionnaire_closed.html", {"text": ALREADY_ANSWERED})
    form = QuestionnaireForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome_checkpoint_record(
                checkpoint=checkpoint,
                situation=form.cleaned_data["situation"],
                job_change=form.cleaned_data["job_change"],
                by=request.user if request.user.is_authenticated else None,
                via=AnsweredBy.PARENT,
            )
        except ValidationError as exc:
            return render(request, "outcomes/questionnaire_closed.html", {"text": exc.messages[0]})
        return render(
            request,
            "outcomes/questionnaire_closed.html",
            {"text": "Merci ! Votre réponse est enregistrée.", "thanks": True},
        )
    return render(
        request,
        "outcomes/questionnaire.html",
        {"checkpoint": checkpoint, "form": form},
        status=400 if request.method == "POST" else 200,
    )
