"""Requests received by a provider: accept, decline (with a reason) or propose another date."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from maillage.accounts.perms import role_required
from maillage.childcare.cotation import family_priority
from maillage.childcare.forms import DeclineForm, ProposeDateForm
from maillage.childcare.perms import PROVIDER_ROLES
from maillage.core.schedule import DAY_NAMES_FR, week_to_ranges
from maillage.families.contact_services import shared_contacts
from maillage.families.enums import ContactRequestStatus as S
from maillage.families.models import ContactRequest
from maillage.families.services import InvalidTransition, contact_request_transition

ANSWERABLE = (S.PENDING, S.DATE_PROPOSED)
SHARED_CONTACT = (S.ACCEPTED, S.CONFIRMED)


def _received(request: HttpRequest):  # type: ignore[no-untyped-def]
    user = request.user
    return (
        ContactRequest.objects.for_user(user)
        .filter(Q(childminder__user=user) | Q(nursery__managers=user))
        .select_related("need", "need__commune", "need__parent", "nursery", "childminder__user")
    )


def _schedule_lines(bits: str) -> list[str]:
    return [
        f"{DAY_NAMES_FR[day].capitalize()} : "
        + ", ".join(f"{a.replace(':', ' h ')}–{b.replace(':', ' h ')}" for a, b in spans)
        for day, spans in week_to_ranges(bits).items()
    ]


def _age_months(birth, today) -> int:  # type: ignore[no-untyped-def]
    return max(
        0, (today.year - birth.year) * 12 + today.month - birth.month - (today.day < birth.day)
    )


@role_required(*PROVIDER_ROLES)
@require_http_methods(["GET"])
def inbox(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = []
    for contact in _received(request).order_by("-created_at")[:200]:
        need = contact.need
        rows.append(
            {
                "request": contact,
                "child_age_months": _age_months(need.child_birth_date, today),
                "schedule": _schedule_lines(need.schedule),
                "answerable": contact.status in ANSWERABLE,
                "can_accept": contact.status == S.PENDING,
                "contact_shared": contact.status in SHARED_CONTACT,
                # The family's contact as it chose to share it (nothing before acceptance).
                "shared": shared_contacts(request=contact, viewer=request.user),
                # A crèche sees the family's priority under its territory's grid.
                "priority": family_priority(need) if contact.nursery_id else None,
            }
        )
    return render(
        request,
        "childcare/inbox.html",
        {"rows": rows, "decline_form": DeclineForm(), "propose_form": ProposeDateForm()},
    )


@role_required(*PROVIDER_ROLES)
@require_POST
def inbox_action(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(_received(request), pk=pk)
    action = request.POST.get("action")
    try:
        if action == "accept":
            contact_request_transition(request=contact, to_status=S.ACCEPTED, by=request.user)
            messages.success(request, "Demande acceptée : la famille est prévenue.")
        elif action == "decline":
            form = DeclineForm(request.POST)
            if not form.is_valid():
                raise ValidationError("Choisissez le motif du refus dans la liste.")
            contact_request_transition(
                request=contact,
                to_status=S.DECLINED,
                by=request.user,
                decline_reason=form.cleaned_data["reason"],
            )
            messages.success(request, "Demande refusée : la famille est prévenue.")
        elif action == "propose":
            form = ProposeDateForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors["proposed_start_date"][0])
            contact_request_transition(
                request=contact,
                to_status=S.DATE_PROPOSED,
                by=request.user,
                proposed_start_date=form.cleaned_data["proposed_start_date"],
            )
            messages.success(request, "Autre date proposée : la famille doit la confirmer.")
        else:
            raise ValidationError("Action inconnue.")
    except (InvalidTransition, ValidationError) as exc:
        text = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text)
    return redirect("childcare:inbox")
