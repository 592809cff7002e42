"""Commission d'attribution pages of a crèche manager: list, run, adjust, validate, export."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.accounts.perms import role_required
from maillage.childcare import commission_page
from maillage.childcare.commission_candidates import age_label, points_explained
from maillage.childcare.cotation import grid_rows
from maillage.childcare.enums import CommissionMode, CommissionStatus
from maillage.childcare.forms_commission import (
    CommissionRunForm,
    ProposalAdjustForm,
    ProposalMoveForm,
)
from maillage.childcare.models import Commission, CommissionProposal, Nursery
from maillage.childcare.perms import MANAGER_ROLES
from maillage.childcare.services.commission import (
    HOLDING,
    commission_adjust,
    commission_reorder,
    commission_run,
    commission_validate,
)
from maillage.observatory.exports import ExportTable, write_csv
from maillage.privacy.access import record_file_access
from maillage.privacy.enums import AccessContext
from maillage.privacy.perms import can_export_commission_people

POLL_SECONDS = 2


def _commissions(request: HttpRequest) -> Any:
    return Commission.objects.for_manager(request.user)


def _commission(request: HttpRequest, pk: int) -> Commission:
    return get_object_or_404(_commissions(request), pk=pk)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@role_required(*MANAGER_ROLES)
@require_GET
def commission_list(request: HttpRequest) -> HttpResponse:
    commissions = _commissions(request).prefetch_related("nurseries").select_related("run_by")
    nurseries = Nursery.objects.managed_by(request.user).select_related("commune")
    return render(
        request,
        "childcare/commission.html",
        {"commissions": commissions[:50], "nurseries": nurseries},
    )


# The engine may run for seconds: no request-wide transaction (it would hold SQLite's write
# lock); the service writes atomically.
@transaction.non_atomic_requests
@role_required(*MANAGER_ROLES)
@require_http_methods(["GET", "POST"])
def commission_new(request: HttpRequest) -> HttpResponse:
    nurseries = Nursery.objects.managed_by(request.user).offered().select_related("commune")
    form = CommissionRunForm(request.POST or None, nurseries=nurseries)
    if request.method == "POST" and form.is_valid():
        try:
            commission = commission_run(
                manager=request.user,
                nurseries=form.cleaned_data["nurseries"],
                mode=form.cleaned_data["mode"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if commission.status == CommissionStatus.RUNNING:
                messages.info(request, "Le calcul est lancé : cette page se met à jour seule.")
            return redirect("childcare:commission_detail", pk=commission.pk)
    return render(
        request,
        "childcare/commission_new.html",
        {
            "form": form,
            "grid": grid_rows(_current_grid(nurseries)),
            "has_nurseries": nurseries.exists(),
        },
        status=400 if request.method == "POST" else 200,
    )


def _current_grid(nurseries: Any) -> dict[str, int]:
    """The grid of the manager's territory (her first crèche's département)."""
    from maillage.childcare.cotation import cotation_grid_for

    first = nurseries.first()
    return cotation_grid_for(first.commune.departement_id if first else None)


def _proposals(commission: Commission) -> list[CommissionProposal]:
    return list(
        commission.proposals.select_related(
            "need__commune", "nursery", "age_group", "decided_by", "contact_request"
        ).order_by("nursery__name", "nursery_id", "rank", "pk")
    )


def _nursery_blocks(commission: Commission, only: int | None = None) -> list[dict[str, Any]]:
    """Per crèche: its ranked proposals (with points explained) and its sections' room."""
    blocks: dict[int, dict[str, Any]] = {}
    for nursery in commission.nurseries.order_by("name").prefetch_related("age_groups"):
        if only is None or nursery.pk == only:
            blocks[nursery.pk] = {"nursery": nursery, "rows": [], "sections": {}}
            for group in nursery.age_groups.all():
                blocks[nursery.pk]["sections"][group.pk] = {
                    "group": group,
                    "free": group.places_free,
                    "held": 0,
                }
    for p in _proposals(commission):
        block = blocks.get(p.nursery_id)
        if block is None:
            continue
        block["rows"].append(
            {
                "p": p,
                "points": points_explained(p),
                "age": age_label(p.child_age_months),
                "holding": p.decision in HOLDING,
            }
        )
        if p.decision in HOLDING and p.age_group_id in block["sections"]:
            block["sections"][p.age_group_id]["held"] += 1
    for block in blocks.values():
        block["sections"] = list(block["sections"].values())
        for section in block["sections"]:
            section["over"] = section["held"] > section["free"]
    return list(blocks.values())


def _explanation(commission: Commission) -> str:
    if commission.mode == CommissionMode.OPTIMAL:
        text = (
            f"Mode optimal : {commission.objective} points placés (chaque enfant placé compte "
            "1 point plus ses points de priorité)"
        )
        if commission.upper_bound is not None:
            text += f" ; borne prouvée : {commission.upper_bound:g} points"
        if commission.gap is not None:
            if commission.gap <= 1e-9:
                text += " : la proposition est prouvée optimale."
            else:
                text += f" : au plus {commission.gap:.1%} de points à gagner."
        return text
    note = commission.stability_note or ""
    return f"Mode stable : {note}." if note else "Mode stable."


def _detail_context(commission: Commission) -> dict[str, Any]:
    """The printable version: every crèche, every family."""
    return {
        "commission": commission,
        "blocks": _nursery_blocks(commission),
        "explanation": _explanation(commission),
        "grid": grid_rows(commission.grid),
        "nurseries": list(commission.nurseries.order_by("name")),
    }


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _page_context(commission: Commission, params: Any) -> dict[str, Any]:
    view = commission_page.page_view(
        commission,
        nursery_id=_int_or_none(params.get("creche")),
        filter_key=params.get("filtre", "tous"),
        page_number=params.get("page", 1),
    )
    return {
        "commission": commission,
        "view": view,
        "counts": commission_page.decision_counts(commission),
        "adjust_form": ProposalAdjustForm(),
        "poll_seconds": POLL_SECONDS,
    }


@role_required(*MANAGER_ROLES)
@require_GET
def commission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    commission = _commission(request, pk)
    context = _page_context(commission, request.GET)
    context.update(
        explanation=_explanation(commission),
        grid=grid_rows(commission.grid),
        nurseries=list(commission.nurseries.order_by("name")),
    )
    if context["view"] is not None:
        record_file_access(
            viewer=request.user,
            needs=[row["p"].need for row in context["view"].rows],
            context=AccessContext.COMMISSION,
        )
    return render(request, "childcare/commission_detail.html", context)


@role_required(*MANAGER_ROLES)
@require_GET
def commission_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled by htmx while the engine runs; redirects the page once it is done."""
    commission = _commission(request, pk)
    if commission.status in (CommissionStatus.RUNNING, CommissionStatus.SENDING):
        return render(
            request,
            "childcare/_commission_running.html",
            {"commission": commission, "poll_seconds": POLL_SECONDS},
        )
    response = HttpResponse(status=204)
    response["HX-Redirect"] = reverse("childcare:commission_detail", args=[commission.pk])
    return response


def _after_change(
    request: HttpRequest, commission: Commission, nursery_id: int, error: str = ""
) -> HttpResponse:
    """Back to the same crèche, filter and page (htmx: that block and the counts bar)."""
    params = {
        "creche": str(nursery_id),
        "filtre": request.POST.get("filtre", "tous"),
        "page": request.POST.get("page", "1"),
    }
    if not _is_htmx(request):
        if error:
            messages.error(request, error)
        return redirect(
            reverse("childcare:commission_detail", args=[commission.pk])
            + "?"
            + urlencode(params)
            + "#propositions"
        )
    commission.refresh_from_db()
    context = _page_context(commission, params)
    context.update(error=error, status_message="" if error else "Décision enregistrée.", oob=True)
    return render(request, "childcare/_commission_nursery.html", context)


def _message(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return exc.messages[0]
    return str(exc) or "Action non autorisée."


@role_required(*MANAGER_ROLES)
@require_POST
def commission_adjust_view(request: HttpRequest, pk: int, proposal_pk: int) -> HttpResponse:
    commission = _commission(request, pk)
    proposal = get_object_or_404(commission.proposals, pk=proposal_pk)
    form = ProposalAdjustForm(request.POST)
    error = ""
    if not form.is_valid():
        error = "Choisissez une décision et, si besoin, un motif dans la liste."
    else:
        try:
            commission_adjust(
                proposal=proposal,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"] or "",
                by=request.user,
            )
        except (ValidationError, PermissionDenied) as exc:
            error = _message(exc)
    return _after_change(request, commission, proposal.nursery_id, error)


@role_required(*MANAGER_ROLES)
@require_POST
def commission_move(request: HttpRequest, pk: int, proposal_pk: int) -> HttpResponse:
    commission = _commission(request, pk)
    proposal = get_object_or_404(commission.proposals, pk=proposal_pk)
    form = ProposalMoveForm(request.POST)
    error = ""
    if not form.is_valid():
        error = "Sens de déplacement inconnu."
    else:
        try:
            commission_reorder(
                proposal=proposal, direction=form.cleaned_data["direction"], by=request.user
            )
        except (ValidationError, PermissionDenied) as exc:
            error = _message(exc)
    return _after_change(request, commission, proposal.nursery_id, error)


@role_required(*MANAGER_ROLES)
@require_POST
def commission_validate_view(request: HttpRequest, pk: int) -> HttpResponse:
    commission = _commission(request, pk)
    try:
        commission = commission_validate(commission=commission, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _message(exc))
    else:
        if commission.status == CommissionStatus.SENDING:
            messages.info(
                request,
                f"Décision validée : les {commission.offers_total} propositions partent en "
                "arrière-plan. Cette page montre l'avancement ; un courriel vous prévient à la fin.",
            )
            return redirect("childcare:commission_detail", pk=commission.pk)
        sent = commission.offers_sent
        messages.success(
            request,
            f"Décision validée : {sent} place(s) proposée(s) aux familles, qui sont prévenues "
            "et doivent confirmer.",
        )
        skipped = commission.offers_skipped
        if skipped:
            messages.warning(
                request,
                f"{skipped} famille(s) acceptée(s) n'ont pas reçu de proposition : leur besoin "
                "n'est plus en recherche (place trouvée ailleurs ou demande close).",
            )
    return redirect("childcare:commission_detail", pk=commission.pk)


CSV_COLUMNS = [
    "Crèche",
    "Section",
    "Rang",
    "Besoin n°",
    "Âge à l'entrée (mois)",
    "Commune",
    "Date d'entrée souhaitée",
    "Distance (km)",
    "Points de priorité",
    "Détail des points",
    "Placée par le moteur",
    "Décision",
    "Ajustée par la responsable",
    "Motif",
    "Décidée par",
    "Décidée le",
]


@role_required(*MANAGER_ROLES)
@require_GET
def commission_export(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_export_commission_people(request.user):
        raise PermissionDenied("Cet export nominatif est réservé aux membres de la commission.")
    commission = _commission(request, pk)
    proposals = _proposals(commission)
    record_file_access(
        viewer=request.user,
        needs=[p.need for p in proposals],
        context=AccessContext.COMMISSION_EXPORT,
    )
    table = ExportTable(
        title=str(commission),
        columns=CSV_COLUMNS,
        note=f"{_explanation(commission)} Grille : "
        + ", ".join(f"{label} {points}" for label, points in grid_rows(commission.grid)),
    )
    for p in proposals:
        table.rows.append(
            [
                p.nursery.name,
                p.age_group_label,
                p.rank,
                p.need_id,
                p.child_age_months,
                p.need.commune.name,
                p.need.start_date,
                p.distance_km,
                p.priority_points,
                points_explained(p),
                p.placed_by_engine,
                p.get_decision_display(),
                p.adjusted_by_manager,
                p.get_note_display() if p.note else "",
                p.decided_by.get_full_name() if p.decided_by else "",
                timezone.localtime(p.decided_at).strftime("%d/%m/%Y %H:%M") if p.decided_at else "",
            ]
        )
    response = HttpResponse(write_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="commission-{commission.pk}.csv"'
    return response


@role_required(*MANAGER_ROLES)
@require_GET
def commission_print(request: HttpRequest, pk: int) -> HttpResponse:
    commission = _commission(request, pk)
    context = _detail_context(commission)
    record_file_access(
        viewer=request.user,
        needs=[row["p"].need for block in context["blocks"] for row in block["rows"]],
        context=AccessContext.COMMISSION_PRINT,
    )
    return render(request, "childcare/commission_print.html", context)
