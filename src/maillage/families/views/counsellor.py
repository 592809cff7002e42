"""Counsellors (France Travail, Caf, RPE): the needs of their territories, the territory
allocation and its proposals, and the needs without a solution with their reasons."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from maillage.accounts.enums import Role
from maillage.accounts.perms import role_required
from maillage.accounts.querysets import scope_by_commune
from maillage.families import engine_adapter as adapter
from maillage.families.forms import CounsellorNeedFilterForm
from maillage.families.models import Need
from maillage.families.services import InvalidTransition, contact_request_create
from maillage.families.views.parent import _provider_from_key

PAGE_SIZE = 25
UNSOLVED_PAGE_SIZE = 10
SESSION_PROPOSALS = "families_allocation_proposals"


def _scoped_needs(request: HttpRequest):  # type: ignore[no-untyped-def]
    return Need.objects.for_user(request.user).select_related("commune")


@role_required(Role.COUNSELLOR, Role.ADMIN)
@require_GET
def counsellor_needs(request: HttpRequest) -> HttpResponse:
    form = CounsellorNeedFilterForm(request.GET or None)
    needs = _scoped_needs(request)
    if form.is_valid():
        if form.cleaned_data["status"]:
            needs = needs.filter(status=form.cleaned_data["status"])
        term = form.cleaned_data["commune"].strip()
        if term:
            needs = needs.filter(Q(commune__code=term) | Q(commune__name__icontains=term))
    page = Paginator(needs.order_by("-created_at"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "families/counsellor_needs.html",
        {"form": form, "page": page, "query": query.urlencode(), "now": timezone.now()},
    )


def _open_needs_in_scope(request: HttpRequest):  # type: ignore[no-untyped-def]
    return (
        scope_by_commune(Need.objects.open(), request.user)
        .filter(consent_given_at__isnull=False)
        .select_related("commune")
    )


# The solver runs for seconds on a whole département: no transaction held meanwhile (on SQLite
# it would keep the write lock); sending the proposals is atomic per request in the service.
@transaction.non_atomic_requests
@role_required(Role.COUNSELLOR, Role.ADMIN)
@require_http_methods(["GET", "POST"])
def counsellor_allocation(request: HttpRequest) -> HttpResponse:
    context: dict = {"open_count": _open_needs_in_scope(request).count()}
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "run":
        needs = list(_open_needs_in_scope(request))
        if not needs:
            messages.info(request, "Aucun besoin en recherche dans vos territoires.")
            return redirect("families:counsellor_allocation")
        result = adapter.allocate_territory(needs)
        request.session[SESSION_PROPOSALS] = [
            [p.need_id, p.provider_key, round(p.distance_km, 1)] for p in result.proposals
        ]
        context["result"] = result
    elif action == "send":
        return _send_proposals(request)
    proposals = request.session.get(SESSION_PROPOSALS, [])
    needs_by_id = _open_needs_in_scope(request).in_bulk([p[0] for p in proposals])
    departements = tuple(sorted({n.commune.departement_id for n in needs_by_id.values()}))
    info = adapter.provider_index(departements).info if departements else {}
    context["proposals"] = [
        {
            "need": needs_by_id[need_id],
            "provider": info.get(key),
            "distance": distance,
        }
        for need_id, key, distance in proposals
        if need_id in needs_by_id
    ]
    return render(request, "families/counsellor_allocation.html", context)


def _send_proposals(request: HttpRequest) -> HttpResponse:
    proposals = request.session.pop(SESSION_PROPOSALS, [])
    needs_by_id = _open_needs_in_scope(request).in_bulk([p[0] for p in proposals])
    sent, errors = 0, 0
    for need_id, key, _ in proposals:
        need = needs_by_id.get(need_id)
        provider = _provider_from_key(key)
        if need is None or provider is None:
            errors += 1
            continue
        try:
            contact_request_create(
                need=need, by=request.user, proposed_by_allocation=True, **provider
            )
            sent += 1
        except (InvalidTransition, ValidationError):
            errors += 1
    messages.success(request, f"{sent} proposition(s) envoyée(s) aux modes d'accueil.")
    if errors:
        messages.warning(
            request,
            f"{errors} proposition(s) non envoyée(s) (besoin clos, demande déjà en cours, "
            "limite de demandes atteinte ou mode d'accueil retiré).",
        )
    return redirect("families:counsellor_allocation")


@role_required(Role.COUNSELLOR, Role.ADMIN)
@require_GET
def counsellor_unsolved(request: HttpRequest) -> HttpResponse:
    needs = _scoped_needs(request).without_solution().order_by("created_at")
    page = Paginator(needs, UNSOLVED_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for need in page:
        view = adapter.options_for_need(need, limit=3)
        rows.append({"need": need, "view": view})
    return render(request, "families/counsellor_unsolved.html", {"page": page, "rows": rows})
