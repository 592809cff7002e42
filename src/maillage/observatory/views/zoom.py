"""Action tracking of the SDSF ("Zoom"): the table of key actions of a département, one key
action's page (status, progress, milestones, targets, notes, previous years), the printable
summary per axis and the export of the whole table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.observatory import exports, indicators
from maillage.observatory.enums import ActionStatus, SdsfAxis
from maillage.observatory.models import KeyAction, KeyActionMilestone
from maillage.observatory.perms import can_edit_action_of, can_edit_key_action, zoom_departements
from maillage.observatory.services import snapshot_values
from maillage.observatory.services.zoom import (
    key_action_milestone_add,
    key_action_milestone_done,
    key_action_target_set,
    key_action_update,
    zoom_revise_year,
)


def _departement(request: HttpRequest, code: str):  # noqa: ANN202 - a Departement
    if not request.user.is_authenticated:
        raise PermissionDenied
    departements = zoom_departements(request.user)
    return get_object_or_404(departements, code=code)


def _actions(dep) -> list[KeyAction]:  # noqa: ANN001
    return list(
        KeyAction.objects.filter(sheet__departement=dep)
        .select_related("sheet")
        .prefetch_related("milestones", "indicators", "notes")
        .order_by("sheet__axis", "sheet__number", "order", "pk")
    )


def _targets(action: KeyAction, values: dict) -> list[dict]:
    return [
        {
            "label": indicators.METRICS[i.indicator_key].label,
            "target": i.target,
            "current": values.get(i.indicator_key),
        }
        for i in action.indicators.all()
        if i.indicator_key in indicators.METRICS
    ]


@login_required
@require_GET
def zoom(request: HttpRequest, code: str) -> HttpResponse:
    dep = _departement(request, code)
    values = snapshot_values("departement", dep.code) or {}
    rows = [
        {
            "action": a,
            "can_edit": can_edit_key_action(request.user, a),
            "targets": _targets(a, values),
        }
        for a in _actions(dep)
    ]
    return render(
        request,
        "observatory/zoom.html",
        {
            "dep": dep,
            "rows": rows,
            "axes": [
                (value, label)
                for value, label in SdsfAxis.choices
                if any(r["action"].sheet.axis == value for r in rows)
            ],
            "can_revise": can_edit_action_of(request.user, dep.code),
            "year": timezone.localdate().year,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def key_action_page(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    dep = _departement(request, code)
    action = get_object_or_404(
        KeyAction.objects.filter(sheet__departement=dep).select_related("sheet"), pk=pk
    )
    editable = can_edit_key_action(request.user, action)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        try:
            _apply(request, action)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "L'action est mise à jour.")
            return redirect("observatory:key_action", code=dep.code, pk=action.pk)
    values = snapshot_values("departement", dep.code) or {}
    return render(
        request,
        "observatory/key_action.html",
        {
            "dep": dep,
            "action": action,
            "editable": editable,
            "statuses": ActionStatus.choices,
            "targets": _targets(action, values),
            "metrics": [(m.key, m.label) for m in indicators.METRICS.values()],
            "today": timezone.localdate(),
        },
        status=400 if request.method == "POST" else 200,
    )


def _apply(request: HttpRequest, action: KeyAction) -> None:
    what = request.POST.get("what")
    if what == "status":
        key_action_update(
            key_action=action,
            by=request.user,
            status=request.POST.get("status", ""),
            progress=request.POST.get("progress", ""),
            note=request.POST.get("note", ""),
        )
    elif what == "milestone":
        try:
            due = dt.date.fromisoformat(request.POST.get("due_on", ""))
        except ValueError:
            raise ValidationError("Indiquez la date prévue du jalon.") from None
        key_action_milestone_add(
            key_action=action, by=request.user, label=request.POST.get("label", ""), due_on=due
        )
    elif what == "milestone_done":
        milestone = get_object_or_404(
            KeyActionMilestone.objects.filter(key_action=action), pk=request.POST.get("milestone")
        )
        key_action_milestone_done(
            milestone=milestone, by=request.user, done_on=timezone.localdate()
        )
    elif what == "target":
        try:
            target = Decimal(request.POST.get("target", "").replace(",", "."))
        except InvalidOperation:
            raise ValidationError("La cible doit être un nombre.") from None
        key_action_target_set(
            key_action=action,
            by=request.user,
            indicator_key=request.POST.get("indicator_key", ""),
            target=target,
        )
    else:
        raise ValidationError("Action inconnue.")


@login_required
@require_POST
def zoom_revise(request: HttpRequest, code: str) -> HttpResponse:
    dep = _departement(request, code)
    try:
        year = int(request.POST.get("year") or timezone.localdate().year)
    except ValueError:
        raise Http404 from None
    count = zoom_revise_year(departement_code=dep.code, year=year, by=request.user)
    messages.success(
        request,
        f"Plan {year} clos : {count} action(s) gardée(s) en version {year}, suivies en {year + 1}.",
    )
    return redirect("observatory:zoom", code=dep.code)


@login_required
@require_GET
def zoom_axis_print(request: HttpRequest, code: str, axis: int) -> HttpResponse:
    dep = _departement(request, code)
    if axis not in SdsfAxis.values:
        raise Http404
    values = snapshot_values("departement", dep.code) or {}
    rows = [
        {"action": a, "targets": _targets(a, values)} for a in _actions(dep) if a.sheet.axis == axis
    ]
    return render(
        request, "observatory/zoom_print.html", {"dep": dep, "axis": SdsfAxis(axis), "rows": rows}
    )


@login_required
@require_GET
def zoom_export(request: HttpRequest, code: str) -> HttpResponse:
    dep = _departement(request, code)
    table = exports.ExportTable(
        title=f"Suivi des actions du SDSF {dep.code}",
        columns=[
            "Fiche",
            "Action",
            "Pilote",
            "Partenaires",
            "État",
            "État d'avancement",
            "Jalons",
            "Cibles",
            "Dernière note",
            "Année",
        ],
        note="Suivi des actions clés des fiches du schéma départemental des services aux familles.",
    )
    for a in _actions(dep):
        last = a.notes.first()
        table.rows.append(
            [
                a.sheet.number,
                a.title,
                a.pilot,
                ", ".join(a.partner_organisations),
                a.get_status_display(),
                a.progress,
                "; ".join(
                    f"{m.label} ({m.due_on:%d/%m/%Y}{', réalisé' if m.done_on else ''})"
                    for m in a.milestones.all()
                ),
                "; ".join(f"{i.indicator_key} → {i.target}" for i in a.indicators.all()),
                f"{last.date:%d/%m/%Y} {last.text}" if last else "",
                a.year,
            ]
        )
    response = HttpResponse(exports.write_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="suivi-actions-sdsf-{dep.code}.csv"'
    return response


@login_required
@require_GET
def zoom_home(request: HttpRequest) -> HttpResponse:
    """The user's départements: straight to the only one, else a choice."""
    departements = list(zoom_departements(request.user).order_by("code"))
    if len(departements) == 1:
        return redirect("observatory:zoom", code=departements[0].code)
    if not departements:
        raise PermissionDenied(
            "Le suivi des actions est ouvert aux partenaires du schéma rattachés à un territoire."
        )
    return render(request, "observatory/zoom_home.html", {"departements": departements})
