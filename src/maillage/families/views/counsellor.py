"""Counsellors (France Travail, Caf, RPE): the needs of their territories, the territory
allocation and its proposals, and the needs without a solution with their reasons."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from maillage.accounts.enums import Role
from maillage.accounts.perms import role_required
from maillage.families import engine_adapter as adapter
from maillage.families.allocation import (
    open_needs_in_scope,
    territory_allocation_send,
    territory_allocation_start,
)
from maillage.families.forms import CounsellorNeedFilterForm
from maillage.families.models import Need
from maillage.families.models_allocation import AllocationStatus, TerritoryAllocation

PAGE_SIZE = 25
UNSOLVED_PAGE_SIZE = 10


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


ALLOCATION_PAGE_SIZE = 50
POLL_SECONDS = 2


def _allocations(request: HttpRequest):  # type: ignore[no-untyped-def]
    return TerritoryAllocation.objects.filter(counsellor=request.user)


@role_required(Role.COUNSELLOR, Role.ADMIN)
@require_http_methods(["GET", "POST"])
def counsellor_allocation(request: HttpRequest) -> HttpResponse:
    """Launch, follow, check and send a territory allocation; the engine and the sending run
    on the task worker, the page only shows where they are."""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "send":
                allocation = get_object_or_404(
                    _allocations(request), pk=request.POST.get("allocation")
                )
                territory_allocation_send(allocation=allocation, by=request.user)
                messages.info(
                    request,
                    "Envoi lancé : cette page montre l'avancement ; un courriel vous prévient à la fin.",
                )
            else:
                territory_allocation_start(counsellor=request.user)
                messages.info(
                    request,
                    "Calcul lancé : cette page se met à jour seule ; un courriel vous prévient à la fin.",
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("families:counsellor_allocation")
    allocation = _allocations(request).first()
    context: dict = {
        "open_count": open_needs_in_scope(request.user).count(),
        "allocation": allocation,
        "poll_seconds": POLL_SECONDS,
    }
    if allocation is not None and allocation.status == AllocationStatus.READY:
        page = Paginator(allocation.proposals, ALLOCATION_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        rows = list(page.object_list)
        needs_by_id = open_needs_in_scope(request.user).in_bulk([row[0] for row in rows])
        departements = tuple(sorted({n.commune.departement_id for n in needs_by_id.values()}))
        info = adapter.provider_index(departements).info if departements else {}
        context["page"] = page
        context["proposals"] = [
            {"need": needs_by_id[need_id], "provider": info.get(key), "distance": distance}
            for need_id, key, distance in rows
            if need_id in needs_by_id
        ]
    return render(request, "families/counsellor_allocation.html", context)


@role_required(Role.COUNSELLOR, Role.ADMIN)
@require_GET
def counsellor_allocation_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled by htmx while the worker computes or sends; reloads the page once done."""
    allocation = get_object_or_404(_allocations(request), pk=pk)
    if allocation.in_progress:
        return render(
            request,
            "families/_allocation_progress.html",
            {"allocation": allocation, "poll_seconds": POLL_SECONDS},
        )
    response = HttpResponse(status=204)
    response["HX-Redirect"] = reverse("families:counsellor_allocation")
    return response


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
