"""Modifier mon besoin: the wizard's steps, pre-filled with the need's current values.

The edited copy lives in the session (one per need) until it is saved on the confirmation
page: a parent who leaves halfway finds her changes again, and the need itself is untouched
until then. Parents edit their own needs; a counsellor edits the needs she recorded or follows.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from maillage.accounts.enums import Role
from maillage.accounts.perms import has_role, role_required
from maillage.families import forms as f
from maillage.families.models import Need
from maillage.families.need_services import RULE_FR, need_changes, need_update
from maillage.families.perms import can_edit_need, need_is_editable
from maillage.families.services import InvalidTransition
from maillage.families.views.common import needs_for
from maillage.families.views.wizard import Step, _bind

EDIT_ROLES = (Role.PARENT, Role.CANDIDATE, Role.COUNSELLOR, Role.ADMIN)
STEP_URL = "families:need_edit_step"


def _steps_for(user: Any, need: Need) -> tuple[Step, ...]:
    family = () if need.parent_id else (Step("famille", f.CounsellorFamilyStepForm),)
    situation = (
        f.SituationEditStepForm
        if need.parent_id is not None and need.parent_id == user.pk
        else f.CounsellorSituationEditStepForm
    )
    return (
        *family,
        Step("enfant", f.ChildStepForm),
        Step("horaires", f.ScheduleStepForm),
        Step("lieu", f.PlaceStepForm),
        Step("situation", situation),
    )


def _key(need: Need) -> str:
    return f"families_need_edit_{need.pk}"


def _initial(need: Need, steps: tuple[Step, ...]) -> dict[str, dict[str, list[str]]]:
    """The need's current values, as the steps' POST data."""
    picker = f.ScheduleStepForm(initial_bits=need.schedule)
    situation_form = steps[-1].form_class
    offered = {value for value, _ in situation_form.base_fields["situations"].choices}
    values = {
        "famille": {"family_email": [need.family_email], "family_phone": [need.family_phone]},
        "enfant": {
            "child_first_name": [need.child_first_name],
            "child_birth_date": [need.child_birth_date.isoformat()],
        },
        "horaires": {
            name: [field.initial]
            for name, field in picker.fields.items()
            if name.startswith(f"{picker.schedule_prefix}_") and field.initial
        },
        "lieu": {
            "address": [""],
            "commune": [need.commune.code],
            "max_distance_km": [f"{need.max_distance_km:f}"],
            "start_date": [need.start_date.isoformat()],
            "modes": [mode for mode, _ in f.MODE_CHOICES if getattr(need, mode)],
        },
        "situation": {"situations": [s.value for s in need.situations if s.value in offered]},
    }
    return {step.slug: values[step.slug] for step in steps}


def _draft(request: HttpRequest, need: Need, steps: tuple[Step, ...]) -> dict[str, Any]:
    """The edited copy of the need, created from its values on the first visit."""
    stored = request.session.get(_key(need))
    stamp = need.updated_at.isoformat()
    if stored and stored.get("stamp") != stamp:
        messages.info(
            request,
            "Ce besoin a été modifié entre-temps : le formulaire reprend ses valeurs actuelles.",
        )
        stored = None
    if not stored:
        stored = {"stamp": stamp, "steps": _initial(need, steps)}
        request.session[_key(need)] = stored
    return dict(stored)


def _store(request: HttpRequest, need: Need, draft: dict[str, Any], slug: str) -> None:
    data = request.POST
    draft["steps"] = {
        **draft["steps"],
        slug: {k: data.getlist(k) for k in data if k not in {"csrfmiddlewaretoken", "action"}},
    }
    request.session[_key(need)] = draft


def _editable_need(request: HttpRequest, pk: int) -> Need | HttpResponse:
    need = get_object_or_404(needs_for(request), pk=pk)
    if not can_edit_need(request.user, need):
        raise PermissionDenied("Vous ne pouvez pas modifier ce besoin.")
    if not need_is_editable(need):
        request.session.pop(_key(need), None)
        messages.error(
            request,
            f"Ce besoin est « {need.get_status_display().lower()} » : il ne peut plus être "
            "modifié. Seul un besoin en recherche peut l'être.",
        )
        return redirect("families:need_detail", pk=need.pk)
    return need


def _heading(user: Any) -> str:
    if has_role(user, Role.PARENT, Role.CANDIDATE) and not has_role(user, Role.COUNSELLOR):
        return "Modifier mon besoin"
    return "Modifier le besoin de la famille"


@role_required(*EDIT_ROLES)
@require_http_methods(["GET", "POST"])
def need_edit(request: HttpRequest, pk: int, step: str = "") -> HttpResponse:
    need = _editable_need(request, pk)
    if isinstance(need, HttpResponse):
        return need
    steps = _steps_for(request.user, need)
    if request.GET.get("recommencer") == "1":
        request.session.pop(_key(need), None)
        return redirect(STEP_URL, pk=need.pk, step=steps[0].slug)
    if not step:
        return redirect(STEP_URL, pk=need.pk, step=steps[0].slug)
    position = next((i for i, s in enumerate(steps) if s.slug == step), None)
    if position is None:
        raise Http404("Étape inconnue.")
    draft = _draft(request, need, steps)
    current = steps[position]
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "back" and position > 0:
            _store(request, need, draft, current.slug)
            return redirect(STEP_URL, pk=need.pk, step=steps[position - 1].slug)
        form = _bind(current, request.POST)
        if form.is_valid():
            _store(request, need, draft, current.slug)
            if action == "review" or position + 1 == len(steps):
                return redirect("families:need_edit_confirm", pk=need.pk)
            return redirect(STEP_URL, pk=need.pk, step=steps[position + 1].slug)
    else:
        form = _bind(current, draft["steps"].get(current.slug))
    is_last = position + 1 == len(steps)
    return render(
        request,
        "families/need_form.html",
        {
            "heading": _heading(request.user),
            "need": need,
            "editing": True,
            "form": form,
            "step": current,
            "number": position + 1,
            "total": len(steps),
            "next_title": "" if is_last else steps[position + 1].form_class.title,
            "is_schedule": current.form_class is f.ScheduleStepForm,
            "is_last": is_last,
            "submit_label": "Vérifier les modifications" if is_last else "Suivant",
            "restart_url": reverse(STEP_URL, kwargs={"pk": need.pk, "step": steps[0].slug})
            + "?recommencer=1",
            "restart_label": "Revenir aux valeurs enregistrées",
        },
    )


def _cleaned(
    request: HttpRequest, need: Need, steps: tuple[Step, ...]
) -> dict[str, Any] | HttpResponse:
    """The edited values as model fields, or a redirect to the first step no longer valid."""
    draft = _draft(request, need, steps)
    cleaned: dict[str, Any] = {}
    for step in steps:
        form = _bind(step, draft["steps"].get(step.slug))
        if not form.is_valid():
            messages.error(request, "Une information n'est plus valable : corrigez-la.")
            return redirect(STEP_URL, pk=need.pk, step=step.slug)
        cleaned.update(form.cleaned_data)
    location = cleaned["location"]
    data: dict[str, Any] = {
        "child_first_name": cleaned["child_first_name"],
        "child_birth_date": cleaned["child_birth_date"],
        "schedule": cleaned["schedule"],
        "commune": location.commune,
        "max_distance_km": cleaned["max_distance_km"],
        "start_date": cleaned["start_date"],
        **{mode: mode in cleaned["modes"] for mode, _ in f.MODE_CHOICES},
    }
    # Same commune and no new address: the point already known (maybe an address) is kept.
    if location.commune.pk != need.commune_id or cleaned.get("address"):
        data.update(latitude=location.latitude, longitude=location.longitude)
    offered = [value for value, _ in steps[-1].form_class.base_fields["situations"].choices]
    data.update({flag: flag in cleaned.get("situations", []) for flag in offered})
    if "family_email" in cleaned:
        data.update(family_email=cleaned["family_email"], family_phone=cleaned["family_phone"])
    return data


@role_required(*EDIT_ROLES)
@require_http_methods(["GET", "POST"])
def need_edit_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    need = _editable_need(request, pk)
    if isinstance(need, HttpResponse):
        return need
    steps = _steps_for(request.user, need)
    data = _cleaned(request, need, steps)
    if isinstance(data, HttpResponse):
        return data
    if request.method == "POST":
        try:
            changed = need_update(need=need, by=request.user, data=data)
        except (InvalidTransition, ValidationError) as exc:
            messages.error(
                request, exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
            )
            return redirect("families:need_detail", pk=need.pk)
        request.session.pop(_key(need), None)
        if changed:
            messages.success(request, f"Besoin modifié ({', '.join(changed)}). {RULE_FR}")
        else:
            messages.info(request, "Aucune modification : votre besoin est inchangé.")
        return redirect("families:need_detail", pk=need.pk)
    return render(
        request,
        "families/need_edit_confirm.html",
        {
            "heading": _heading(request.user),
            "need": need,
            "changes": need_changes(need=need, data=data),
            "rule": RULE_FR,
            "steps": [
                {"title": s.form_class.title, "url": reverse(STEP_URL, args=[need.pk, s.slug])}
                for s in steps
            ],
        },
    )
