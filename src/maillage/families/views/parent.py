"""A family's pages: needs, results with the engine's explanations, requests and their
timeline. Counsellors reach the same need pages for the families of their territories."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from maillage import matching as engine
from maillage.accounts.enums import Role
from maillage.accounts.perms import has_role, role_required
from maillage.childcare.cotation import family_priority
from maillage.childcare.models import Childminder, Nursery
from maillage.families import engine_adapter as adapter
from maillage.families.cost.services import cost_context
from maillage.families.enums import ContactRequestStatus as S
from maillage.families.enums import NeedStatus
from maillage.families.forms import ResultsFilterForm
from maillage.families.models import NeedEvent, RequestEvent
from maillage.families.perms import can_edit_need, need_is_editable
from maillage.families.querysets import ACTIVE_STATUSES
from maillage.families.results_rows import results_rows_html
from maillage.families.services import (
    InvalidTransition,
    contact_request_create,
    contact_request_transition,
    max_contact_requests,
    need_set_status,
)
from maillage.families.views.common import (
    hours_label,
    need_crumbs,
    needs_for,
    provider_public_label,
    requests_for,
    schedule_lines,
)
from maillage.privacy.access import record_file_access
from maillage.privacy.enums import AccessContext

# A candidate to the sector may need care for her own child: she is a parent here.
PARENT_ROLES = (Role.PARENT, Role.CANDIDATE)
FAMILY_ROLES = (*PARENT_ROLES, Role.COUNSELLOR, Role.ADMIN)
CONFIRMABLE = (S.ACCEPTED, S.DATE_PROPOSED)
CANCELLABLE = (S.PENDING, S.ACCEPTED, S.DATE_PROPOSED)


@role_required(*PARENT_ROLES)
@require_GET
def need_list(request: HttpRequest) -> HttpResponse:
    needs = needs_for(request).filter(parent=request.user).order_by("-created_at")
    return render(request, "families/need_list.html", {"needs": needs})


@role_required(*FAMILY_ROLES)
@require_GET
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(needs_for(request), pk=pk)
    record_file_access(viewer=request.user, needs=[need], context=AccessContext.NEED_FILE)
    events = RequestEvent.objects.select_related("actor").order_by("at", "pk")
    contacts = (
        requests_for(request)
        .filter(need=need)
        .prefetch_related(Prefetch("events", queryset=events))
        .order_by("-created_at")
    )
    rows = [
        {
            "contact": c,
            "provider": provider_public_label(c),
            "can_confirm": c.status in CONFIRMABLE and need.status == NeedStatus.OPEN,
            "can_cancel": c.status in CANCELLABLE,
        }
        for c in contacts
    ]
    # Requests' state changes and the need's own events ("Besoin modifié"), by date.
    need_events = NeedEvent.objects.filter(need=need).select_related("actor")
    timeline = sorted(
        [(e, r["provider"]) for r in rows for e in r["contact"].events.all()]
        + [(e, "") for e in need_events],
        key=lambda pair: (pair[0].at, pair[0].pk),
    )
    return render(
        request,
        "families/need_detail.html",
        {
            "need": need,
            "rows": rows,
            "timeline": timeline,
            "schedule": schedule_lines(need.schedule),
            "hours": hours_label(need.schedule),
            "can_cancel_need": need.status in (NeedStatus.OPEN, NeedStatus.DRAFT),
            "can_edit_need": need_is_editable(need) and can_edit_need(request.user, need),
            "priority": family_priority(need),
            **need_crumbs(request.user),
        },
    )


def _filters(request: HttpRequest, need: Any) -> tuple[ResultsFilterForm, dict[str, Any]]:
    form = ResultsFilterForm(request.GET or None)
    values: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data.get("distance"):
            values["max_km"] = float(data["distance"])
        if data.get("debut") and data["debut"] > need.start_date:
            values["start"] = data["debut"]
        modes = {m for m in (data.get("modes") or "").split(",") if m in adapter.MODE_OF_FLAG}
        if modes:
            values["modes"] = frozenset(adapter.MODE_OF_FLAG[m] for m in modes)
        if data.get("mode") in adapter.MODE_OF_FLAG:
            values["modes"] = frozenset({adapter.MODE_OF_FLAG[data["mode"]]})
    return form, values


# Read-only: no request-wide transaction (on SQLite it would take the write lock).
@transaction.non_atomic_requests
@role_required(*FAMILY_ROLES)
@require_GET
def need_results(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(needs_for(request), pk=pk)
    form, values = _filters(request, need)
    view = None
    if need.status == NeedStatus.OPEN:
        view = adapter.options_for_need(need, **values)
    active = {
        adapter.provider_key_of(childminder_id=cm, nursery_id=nu)
        for cm, nu in need.contact_requests.filter(status__in=ACTIVE_STATUSES).values_list(
            "childminder_id", "nursery_id"
        )
    }
    from maillage.families.views.dead_ends import dead_end_context

    options = view.options if view else []
    costs = cost_context(
        request,
        [o.key for o in options],
        schedule=need.schedule,
        on=values.get("start", need.start_date),
        infos={o.key: o.info for o in options},
    )
    estimates = costs["cost_estimates"]
    return render(
        request,
        "families/need_results.html",
        {
            "need": need,
            **need_crumbs(request.user),
            "view": view,
            "form": form,
            # Few or no options: relaxations, occasional care, RPE, alert (`dead_ends`).
            **dead_end_context(need, view),
            "active_keys": active,
            # Chosen in the public search before sign-up: ticked for her.
            "chosen_key": request.GET.get("choisir", ""),
            "remaining": max(0, max_contact_requests() - len(active)),
            "max_requests": max_contact_requests(),
            "map_points": adapter.map_points(view.options) if view else [],
            "tile_url": settings.MAILLAGE_MAP_TILE_URL,
            "tile_attribution": settings.MAILLAGE_MAP_TILE_ATTRIBUTION,
            "max_km": values.get("max_km", float(need.max_distance_km)),
            "hours": hours_label(need.schedule),
            "engine_mode_labels": {m.value: m.label_fr for m in engine.CareMode},
            # Each option with its estimated monthly cost (`results_rows`).
            "option_rows": results_rows_html(
                options,
                estimates=estimates,
                active_keys=active,
                chosen_key=request.GET.get("choisir", ""),
            ),
            **costs,
        },
    )


def _provider_from_key(key: str) -> dict[str, Any] | None:
    parsed = adapter.parse_provider_key(key)
    if parsed is None:
        return None
    prefix, pk = parsed
    if prefix == adapter.CHILDMINDER_PREFIX:
        cm = Childminder.objects.visible(timezone.localdate()).filter(pk=pk).first()
        return {"childminder": cm} if cm else None
    nursery = Nursery.objects.offered().filter(pk=pk).first()
    return {"nursery": nursery} if nursery else None


@role_required(*FAMILY_ROLES)
@require_POST
def contact_request_new(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(needs_for(request), pk=pk)
    keys = list(dict.fromkeys(request.POST.getlist("provider")))
    if not keys:
        messages.error(request, "Choisissez au moins un mode d'accueil à contacter.")
        return redirect("families:need_results", pk=need.pk)
    sent, errors = 0, []
    for key in keys:
        provider = _provider_from_key(key)
        if provider is None:
            errors.append("Ce mode d'accueil n'est plus visible sur la plateforme.")
            continue
        try:
            contact_request_create(need=need, by=request.user, **provider)
            sent += 1
        except (InvalidTransition, ValidationError) as exc:
            errors.append(exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
    if sent:
        messages.success(
            request,
            f"{sent} demande(s) de mise en relation envoyée(s) : vous serez prévenu(e) par "
            "e-mail de chaque réponse.",
        )
    for text in dict.fromkeys(errors):
        messages.error(request, text)
    target = "families:need_detail" if sent else "families:need_results"
    return redirect(target, pk=need.pk)


@role_required(*FAMILY_ROLES)
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    contacts = requests_for(request)
    if has_role(request.user, *PARENT_ROLES):
        contacts = contacts.filter(need__parent=request.user)
    else:
        contacts = contacts.filter(need__counsellor=request.user)
    rows = [
        {
            "contact": c,
            "provider": provider_public_label(c),
            "can_confirm": c.status in CONFIRMABLE and c.need.status == NeedStatus.OPEN,
            "can_cancel": c.status in CANCELLABLE,
        }
        for c in contacts.order_by("-created_at")[:200]
    ]
    return render(request, "families/request_list.html", {"rows": rows})


def _transition(request: HttpRequest, pk: int, to_status: S, success: str) -> HttpResponse:
    contact = get_object_or_404(requests_for(request), pk=pk)
    try:
        contact_request_transition(request=contact, to_status=to_status, by=request.user)
        messages.success(request, success)
    except (InvalidTransition, ValidationError) as exc:
        messages.error(request, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect("families:need_detail", pk=contact.need_id)


@role_required(*FAMILY_ROLES)
@require_POST
def request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, S.CANCELLED, "Demande annulée.")


@role_required(*FAMILY_ROLES)
@require_POST
def request_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request, pk, S.CONFIRMED, "Place confirmée : votre recherche est close. Félicitations !"
    )


@role_required(*FAMILY_ROLES)
@require_POST
def need_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(needs_for(request), pk=pk)
    try:
        need_set_status(need=need, to_status=NeedStatus.CANCELLED, by=request.user)
        messages.success(request, "Besoin annulé : les demandes en cours sont annulées.")
    except InvalidTransition as exc:
        messages.error(request, str(exc))
    return redirect("families:need_detail", pk=need.pk)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.COUNSELLOR:
        return redirect("families:counsellor_needs")
    return redirect("families:need_list")


def results_url(need_id: int, **params: str) -> str:
    url = reverse("families:need_results", kwargs={"pk": need_id})
    return f"{url}?{urlencode(params)}" if params else url
