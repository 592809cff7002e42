"""Pages of occasional care: the family's request, the providers' slots and inbox."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from maillage.accounts.models import User
from maillage.accounts.perms import is_counsellor, role_required
from maillage.childcare.models import Childminder, Nursery
from maillage.occasional.enums import OccasionalReason, RequestDayStatus
from maillage.occasional.forms import (
    ChildminderSlotForm,
    NurserySlotForm,
    OccasionalRequestForm,
    apply_errors,
)
from maillage.occasional.inbox import provider_inbox_rows
from maillage.occasional.models import (
    OccasionalProposal,
    OccasionalRequest,
    OccasionalRequestDay,
    OccasionalSlot,
)
from maillage.occasional.perms import PROVIDER_ROLES, REQUESTER_ROLES
from maillage.occasional.services import (
    occasional_offer_accept,
    occasional_offer_decline,
    occasional_request_cancel,
    occasional_request_create,
    occasional_slot_declare_childminder,
    occasional_slot_declare_nursery,
    occasional_slot_withdraw,
)
from maillage.occasional.services.common import horizon_days


def _error_text(exc: ValidationError) -> str:
    return exc.messages[0]


@role_required(*REQUESTER_ROLES)
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    counsellor = is_counsellor(request.user)
    # From a results page with no option: « ?commune=Saint-Denis&motif=interview ».
    initial = {
        "commune": request.GET.get("commune", "")[:80],
        "reason": request.GET.get("motif", "")
        if request.GET.get("motif") in OccasionalReason
        else "",
    }
    form = OccasionalRequestForm(
        request.POST if request.method == "POST" else None,
        for_counsellor=counsellor,
        initial={k: v for k, v in initial.items() if v},
    )
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        parent, family_email = (request.user, "")
        if counsellor:
            email = cd["parent_email"].strip().lower()
            parent = User.objects.filter(email__iexact=email, role="parent").first()
            family_email = "" if parent else email
        try:
            created = occasional_request_create(
                by=request.user,
                parent=parent,
                family_email=family_email,
                counsellor=request.user if counsellor else None,
                child_birth_date=cd["child_birth_date"],
                commune=cd["commune"],
                max_distance_km=cd["max_distance_km"],
                reason=cd["reason"],
                days=cd["days"],
                accepts_childminder=cd["accepts_childminder"],
                accepts_nursery=cd["accepts_nursery"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            sent = created.proposals.count()
            if sent:
                messages.success(
                    request,
                    f"Demande envoyée à {sent} structure(s) : la première qui accepte "
                    "une journée vous est confirmée.",
                )
            else:
                messages.warning(
                    request,
                    "Aucune place occasionnelle n'est déclarée pour ces dates près "
                    "de chez vous pour l'instant : votre demande reste ouverte.",
                )
            return redirect("occasional:request_detail", pk=created.pk)
    return render(
        request,
        "occasional/request_form.html",
        {"form": form, "horizon_days": horizon_days()},
        status=400 if request.method == "POST" else 200,
    )


@role_required(*REQUESTER_ROLES)
@require_http_methods(["GET"])
def request_list(request: HttpRequest) -> HttpResponse:
    requests = (
        OccasionalRequest.objects.for_user(request.user)
        .select_related("commune")
        .prefetch_related("days")[:100]
    )
    return render(request, "occasional/request_list.html", {"requests": requests})


@role_required(*REQUESTER_ROLES)
@require_http_methods(["GET"])
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    occasional = get_object_or_404(
        OccasionalRequest.objects.for_user(request.user).select_related("commune"), pk=pk
    )
    days = occasional.days.prefetch_related(
        "bookings__slot__nursery", "bookings__slot__childminder__user", "bookings__slot__age_group"
    )
    rows = []
    for day in days:
        booking = next(iter(day.bookings.all()), None)
        rows.append({"day": day, "slot": booking.slot if booking else None})
    return render(
        request,
        "occasional/request_detail.html",
        {
            "occasional": occasional,
            "rows": rows,
            "proposals_count": occasional.proposals.count(),
            "can_cancel": occasional.status != "cancelled",
            "booked": RequestDayStatus.BOOKED,
        },
    )


@role_required(*REQUESTER_ROLES)
@require_POST
def request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    occasional = get_object_or_404(OccasionalRequest.objects.for_user(request.user), pk=pk)
    try:
        occasional_request_cancel(request=occasional, by=request.user)
        messages.success(request, "Demande annulée : les structures sont libérées.")
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("occasional:request_detail", pk=pk)


@role_required(*PROVIDER_ROLES)
@require_http_methods(["GET"])
def provider_inbox(request: HttpRequest) -> HttpResponse:
    rows = provider_inbox_rows(request.user, timezone.localdate())
    return render(request, "occasional/provider_inbox.html", {"rows": rows})


@role_required(*PROVIDER_ROLES)
@require_POST
def offer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    proposals = OccasionalProposal.objects.for_provider(request.user)
    day = get_object_or_404(
        OccasionalRequestDay.objects.filter(request__proposals__in=proposals).distinct(), pk=pk
    )
    slot = get_object_or_404(
        OccasionalSlot.objects.of_provider(request.user), pk=request.POST.get("slot") or 0
    )
    try:
        occasional_offer_accept(request_day=day, slot=slot, by=request.user)
        messages.success(request, "Accueil confirmé : la famille est prévenue.")
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("occasional:provider_inbox")


@role_required(*PROVIDER_ROLES)
@require_POST
def offer_decline(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(OccasionalProposal.objects.for_provider(request.user), pk=pk)
    try:
        occasional_offer_decline(proposal=proposal, by=request.user)
        messages.success(request, "Demande déclinée.")
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("occasional:provider_inbox")


@role_required("nursery_manager")
@require_http_methods(["GET", "POST"])
def nursery_slots(request: HttpRequest) -> HttpResponse:
    nurseries = list(Nursery.objects.filter(managers=request.user).order_by("name"))
    if not nurseries:
        return render(request, "occasional/nursery_slots.html", {"nurseries": []})
    wanted = request.GET.get("creche") or request.POST.get("creche")
    nursery = next((n for n in nurseries if str(n.pk) == wanted), nurseries[0])
    form = NurserySlotForm(request.POST if request.method == "POST" else None, nursery=nursery)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            occasional_slot_declare_nursery(
                age_group=cd["age_group"],
                date=cd["date"],
                half_day=cd["half_day"],
                places=cd["places"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Places occasionnelles publiées.")
            return redirect(f"{request.path}?creche={nursery.pk}")
    slots = (
        OccasionalSlot.objects.filter(nursery=nursery)
        .upcoming(timezone.localdate())
        .select_related("age_group")
    )
    return render(
        request,
        "occasional/nursery_slots.html",
        {"nurseries": nurseries, "nursery": nursery, "form": form, "slots": slots},
        status=400 if request.method == "POST" else 200,
    )


@role_required("childminder")
@require_http_methods(["GET", "POST"])
def childminder_slots(request: HttpRequest) -> HttpResponse:
    childminder = Childminder.objects.filter(user=request.user).first()
    if childminder is None:
        messages.info(request, "Complétez d'abord votre profil d'assistant(e) maternel(le).")
        return redirect("childcare:childminder_profile")
    form = ChildminderSlotForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            occasional_slot_declare_childminder(
                childminder=childminder,
                date=cd["date"],
                start_time=cd["start_time"],
                end_time=cd["end_time"],
                places=cd["places"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Créneau libre publié.")
            return redirect("occasional:childminder_slots")
    slots = OccasionalSlot.objects.filter(childminder=childminder).upcoming(timezone.localdate())
    return render(
        request,
        "occasional/childminder_slots.html",
        {"childminder": childminder, "form": form, "slots": slots},
        status=400 if request.method == "POST" else 200,
    )


@role_required(*PROVIDER_ROLES)
@require_POST
def slot_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    slot = get_object_or_404(OccasionalSlot.objects.of_provider(request.user), pk=pk)
    try:
        occasional_slot_withdraw(slot=slot, by=request.user)
        messages.success(request, "Créneau retiré.")
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    if slot.nursery_id:
        return redirect(reverse("occasional:nursery_slots") + f"?creche={slot.nursery_id}")
    return redirect("occasional:childminder_slots")
