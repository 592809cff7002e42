"""SDSF action sheets: list, edit, progress notes, printable summary per axis."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from maillage.observatory import indicators
from maillage.observatory.enums import SdsfAxis
from maillage.observatory.forms import ProgressNoteForm, SdsfActionForm, SdsfAxesForm
from maillage.observatory.models import SdsfAction, SdsfAxisName
from maillage.observatory.perms import action_departements, can_edit_action_of, can_edit_actions
from maillage.observatory.services import (
    action_note_add,
    computed_at,
    sdsf_action_save,
    sdsf_axes_save,
    snapshot_values,
)


def _actions_for(user):  # noqa: ANN001, ANN202
    if not can_edit_actions(user):
        raise PermissionDenied
    return SdsfAction.objects.select_related("departement").filter(
        departement__in=action_departements(user)
    )


def _departement_in_scope(user, code: str):  # noqa: ANN001, ANN202
    if not can_edit_actions(user):
        raise PermissionDenied
    return get_object_or_404(action_departements(user), code=code)


def _linked(keys: list[str], values: dict) -> list[tuple[str, object]]:
    return [(indicators.METRICS[k].label, values.get(k)) for k in keys if k in indicators.METRICS]


@login_required
def action_list(request: HttpRequest) -> HttpResponse:
    qs = _actions_for(request.user)
    dep = request.GET.get("departement", "")
    if dep:
        qs = qs.filter(departement_id=dep)
    return render(
        request,
        "observatory/action_list.html",
        {
            "actions": qs,
            "axes": SdsfAxis.choices,
            "axis_names": SdsfAxisName.objects.filter(departement_id=dep) if dep else [],
            "departement": dep,
            "can_create": bool(dep) and can_edit_action_of(request.user, dep),
            "departements": action_departements(request.user).values_list("code", "name"),
        },
    )


@login_required
def action_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    dep = _departement_in_scope(request.user, code)
    action = get_object_or_404(_actions_for(request.user), pk=pk, departement=dep) if pk else None
    form = SdsfActionForm(
        request.POST or None,
        instance=action,
        initial={"indicator_keys": action.indicator_keys if action else []},
    )
    note_form = ProgressNoteForm(prefix="note")
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.departement = dep
        try:
            sdsf_action_save(action=obj, indicator_keys=form.cleaned_data["indicator_keys"])
        except Exception as exc:  # noqa: BLE001 - validation errors shown on the form
            form.add_error(None, str(exc))
        else:
            return redirect("observatory:action_edit", code=dep.code, pk=obj.pk)
    values = snapshot_values("departement", dep.code) or {}
    return render(
        request,
        "observatory/action_form.html",
        {
            "dep": dep,
            "form": form,
            "action": action,
            "note_form": note_form,
            "linked": _linked(action.indicator_keys if action else [], values),
        },
    )


@login_required
def action_note(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    if request.method != "POST":
        raise PermissionDenied
    dep = _departement_in_scope(request.user, code)
    action = get_object_or_404(_actions_for(request.user), pk=pk, departement=dep)
    form = ProgressNoteForm(request.POST, prefix="note")
    if form.is_valid():
        action_note_add(
            action=action,
            date=form.cleaned_data["date"],
            text=form.cleaned_data["text"],
            author=request.user,
        )
    return redirect("observatory:action_edit", code=dep.code, pk=pk)


@login_required
def action_axis_summary(request: HttpRequest, code: str, axis: int) -> HttpResponse:
    dep = _departement_in_scope(request.user, code)
    if axis not in SdsfAxis.values:
        raise Http404
    actions = (
        _actions_for(request.user).filter(departement=dep, axis=axis).prefetch_related("notes")
    )
    values = snapshot_values("departement", dep.code) or {}
    items = [{"action": a, "linked": _linked(a.indicator_keys, values)} for a in actions]
    return render(
        request,
        "observatory/axis_summary.html",
        {
            "dep": dep,
            "axis": SdsfAxisName.objects.filter(departement=dep, axis=axis).first()
            or SdsfAxisName(departement=dep, axis=axis),
            "items": items,
            "computed_at": computed_at(),
        },
    )


@login_required
def axis_names(request: HttpRequest, code: str) -> HttpResponse:
    """The territory names the five axes of its schéma."""
    dep = _departement_in_scope(request.user, code)
    names = dict(SdsfAxisName.objects.filter(departement=dep).values_list("axis", "name"))
    form = SdsfAxesForm(request.POST or None, names=names)
    if request.method == "POST" and form.is_valid():
        sdsf_axes_save(
            departement=dep,
            names={axis: form.cleaned_data[f"axis_{axis}"] for axis in range(1, 6)},
        )
        return redirect(f"{reverse('observatory:action_list')}?departement={dep.code}")
    return render(request, "observatory/axis_names.html", {"dep": dep, "form": form})
