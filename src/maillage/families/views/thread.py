"""One request seen by both sides: the other side's shared contact, the "rencontre", the
message thread; and each person's sharing choices. Thin views over `contact_services`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from maillage.families.contact_forms import (
    ContactSharingForm,
    MessageForm,
    VisitAnswerForm,
    VisitForm,
)
from maillage.families.contact_services import (
    HEALTH_REMINDER,
    RateLimited,
    active_visit,
    contact_sharing_update,
    open_hold,
    request_message_post,
    shared_contacts,
    sharing_of,
    visit_accept,
    visit_ask_other_date,
    visit_propose,
)
from maillage.families.enums import ContactRequestStatus as S
from maillage.families.enums import NeedStatus, VisitStatus
from maillage.families.models import ContactRequest, Visit
from maillage.families.services import InvalidTransition, Side, sides_of
from maillage.families.views.common import provider_public_label, requests_for


def _contact(request: HttpRequest, pk: int) -> ContactRequest:
    return get_object_or_404(requests_for(request).select_related("need__parent"), pk=pk)


def _error_text(exc: Exception) -> str:
    return exc.messages[0] if isinstance(exc, ValidationError) else str(exc)


def _thread_context(
    request: HttpRequest,
    contact: ContactRequest,
    *,
    message_form: MessageForm | None = None,
    visit_form: VisitForm | None = None,
) -> dict[str, Any]:
    sides = sides_of(request.user, contact)
    family = Side.FAMILY in sides
    provider = Side.PROVIDER in sides
    visit = active_visit(contact)
    last_visit = visit or Visit.objects.filter(request=contact).first()
    return {
        "contact": contact,
        "provider_label": provider_public_label(contact),
        "is_family": family,
        "is_provider": provider,
        "shared": shared_contacts(request=contact, viewer=request.user),
        "contact_shared": contact.status in (S.ACCEPTED, S.CONFIRMED),
        "thread": contact.messages.select_related("author").order_by("created_at", "pk"),
        "message_form": message_form or MessageForm(),
        "health_reminder": HEALTH_REMINDER,
        "visit": visit,
        "last_visit": last_visit,
        "hold": open_hold(contact),
        "can_propose_visit": provider and contact.status == S.ACCEPTED,
        "visit_form": visit_form or VisitForm(),
        "can_answer_visit": family
        and visit is not None
        and visit.status == VisitStatus.PROPOSED
        and contact.status == S.ACCEPTED,
        "answer_form": VisitAnswerForm(),
        "can_confirm": family
        and contact.status in (S.ACCEPTED, S.DATE_PROPOSED)
        and contact.need.status == NeedStatus.OPEN,
    }


@login_required
@require_http_methods(["GET"])
def request_thread(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact(request, pk)
    return render(request, "families/request_thread.html", _thread_context(request, contact))


@login_required
@require_POST
def request_message(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact(request, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            request_message_post(request=contact, by=request.user, body=form.cleaned_data["body"])
        except (InvalidTransition, ValidationError) as exc:
            form.add_error("body", _error_text(exc))
            status = 429 if isinstance(exc, RateLimited) else 400
        else:
            messages.success(request, "Message envoyé : l'autre partie est prévenue par e-mail.")
            return redirect("families:request_thread", pk=contact.pk)
    else:
        status = 400
    context = _thread_context(request, contact, message_form=form)
    return render(request, "families/request_thread.html", context, status=status)


@login_required
@require_POST
def request_visit_propose(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact(request, pk)
    form = VisitForm(request.POST)
    if form.is_valid():
        try:
            visit_propose(
                request=contact,
                by=request.user,
                starts_at=form.starts_at(),
                place=form.cleaned_data["place"],
                hold_place=form.cleaned_data["hold_place"],
            )
        except (InvalidTransition, ValidationError) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, "Rencontre proposée : la famille est prévenue par e-mail.")
            return redirect("families:request_thread", pk=contact.pk)
    context = _thread_context(request, contact, visit_form=form)
    return render(request, "families/request_thread.html", context, status=400)


@login_required
@require_POST
def request_visit_answer(request: HttpRequest, pk: int, visit_pk: int) -> HttpResponse:
    contact = _contact(request, pk)
    visit = get_object_or_404(Visit.objects.filter(request=contact), pk=visit_pk)
    form = VisitAnswerForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if request.POST.get("action") == "accept":
            visit_accept(visit=visit, by=request.user)
            messages.success(request, "Rencontre acceptée : le mode d'accueil est prévenu.")
        else:
            visit_ask_other_date(visit=visit, by=request.user, note=note)
            messages.success(request, "Autre date demandée : le mode d'accueil est prévenu.")
    except (InvalidTransition, ValidationError) as exc:
        messages.error(request, _error_text(exc))
    return redirect("families:request_thread", pk=contact.pk)


@login_required
@require_http_methods(["GET", "POST"])
def contact_sharing(request: HttpRequest) -> HttpResponse:
    current = sharing_of(request.user)
    initial = {
        "share_name": current.share_name,
        "share_phone": current.share_phone,
        "share_email": current.share_email,
    }
    form = ContactSharingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        contact_sharing_update(user=request.user, **form.cleaned_data)
        messages.success(request, "Vos choix de partage sont enregistrés.")
        return redirect("families:contact_sharing")
    return render(
        request,
        "families/contact_sharing.html",
        {"form": form, "has_phone": bool(request.user.phone)},
    )
