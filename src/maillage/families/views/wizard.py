"""The guided need form, in a few steps; the steps' data live in the session until the end,
so nothing typed is lost on an error, on "Précédent" or when the page is reloaded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from maillage.accounts.enums import Role
from maillage.accounts.perms import role_required
from maillage.families import forms as f
from maillage.families.enums import SituationFlag
from maillage.families.models import Need
from maillage.families.services import InvalidTransition, TransitionNotPermitted, need_create


@dataclass(frozen=True)
class Step:
    slug: str
    form_class: type


PARENT_STEPS = (
    Step("enfant", f.ChildStepForm),
    Step("horaires", f.ScheduleStepForm),
    Step("lieu", f.PlaceStepForm),
    Step("situation", f.SituationStepForm),
)
COUNSELLOR_STEPS = (
    Step("famille", f.CounsellorFamilyStepForm),
    Step("enfant", f.ChildStepForm),
    Step("horaires", f.ScheduleStepForm),
    Step("lieu", f.PlaceStepForm),
    Step("situation", f.CounsellorSituationStepForm),
)
AUDIENCES = {
    "parent": (PARENT_STEPS, "families:need_new_step", "Déclarer un besoin d'accueil"),
    "counsellor": (
        COUNSELLOR_STEPS,
        "families:counsellor_need_new_step",
        "Enregistrer le besoin d'une famille",
    ),
}


def _session_key(audience: str) -> str:
    return f"families_need_draft_{audience}"


def _stored(request: HttpRequest, audience: str) -> dict[str, dict[str, list[str]]]:
    return dict(request.session.get(_session_key(audience), {}))


def _store(request: HttpRequest, audience: str, slug: str, data: MultiValueDict) -> None:
    draft = _stored(request, audience)
    draft[slug] = {k: data.getlist(k) for k in data if k not in {"csrfmiddlewaretoken", "action"}}
    request.session[_session_key(audience)] = draft


def _bind(step: Step, data: dict[str, list[str]] | MultiValueDict | None) -> Any:
    if isinstance(data, dict):
        data = MultiValueDict(data)
    return step.form_class(data=data) if data is not None else step.form_class()


@role_required(Role.PARENT, Role.CANDIDATE)
def need_new(request: HttpRequest, step: str = "") -> HttpResponse:
    return _wizard(request, "parent", step)


@role_required(Role.COUNSELLOR)
def counsellor_need_new(request: HttpRequest, step: str = "") -> HttpResponse:
    return _wizard(request, "counsellor", step)


def _wizard(request: HttpRequest, audience: str, slug: str) -> HttpResponse:
    steps, url_name, heading = AUDIENCES[audience]
    if request.GET.get("recommencer") == "1":
        request.session.pop(_session_key(audience), None)
        return redirect(url_name, step=steps[0].slug)
    if not slug:
        return redirect(url_name, step=steps[0].slug)
    position = next((i for i, s in enumerate(steps) if s.slug == slug), None)
    if position is None:
        raise Http404("Étape inconnue.")
    draft = _stored(request, audience)
    missing = next((s for s in steps[:position] if s.slug not in draft), None)
    if missing is not None:
        return redirect(url_name, step=missing.slug)
    step = steps[position]
    if request.method == "POST":
        if request.POST.get("action") == "back" and position > 0:
            _store(request, audience, step.slug, request.POST)
            return redirect(url_name, step=steps[position - 1].slug)
        form = _bind(step, request.POST)
        if form.is_valid():
            _store(request, audience, step.slug, request.POST)
            if position + 1 < len(steps):
                return redirect(url_name, step=steps[position + 1].slug)
            return _finish(request, audience)
    else:
        form = _bind(step, draft.get(step.slug))
    return render(
        request,
        "families/need_form.html",
        {
            "heading": heading,
            "form": form,
            "step": step,
            "number": position + 1,
            "total": len(steps),
            "next_title": steps[position + 1].form_class.title if position + 1 < len(steps) else "",
            "is_schedule": step.form_class is f.ScheduleStepForm,
            "is_last": position + 1 == len(steps),
            "audience": audience,
            "restart_url": reverse(url_name, kwargs={"step": steps[0].slug}) + "?recommencer=1",
        },
    )


def _finish(request: HttpRequest, audience: str) -> HttpResponse:
    steps, url_name, _ = AUDIENCES[audience]
    draft = _stored(request, audience)
    cleaned: dict[str, Any] = {}
    for step in steps:
        form = _bind(step, draft.get(step.slug))
        if not form.is_valid():
            messages.error(request, "Une information n'est plus valable : corrigez-la.")
            return redirect(url_name, step=step.slug)
        cleaned.update(form.cleaned_data)
    user = request.user
    counsellor = audience == "counsellor"
    situations = {SituationFlag(v) for v in cleaned.get("situations", [])}
    location = cleaned["location"]
    try:
        need = need_create(
            created_by=user,
            parent=None if counsellor else user,
            counsellor=user if counsellor else None,
            family_email=cleaned.get("family_email", ""),
            family_phone=cleaned.get("family_phone", ""),
            child_first_name=cleaned.get("child_first_name", ""),
            child_birth_date=cleaned["child_birth_date"],
            commune=location.commune,
            latitude=location.latitude,
            longitude=location.longitude,
            max_distance_km=cleaned["max_distance_km"],
            start_date=cleaned["start_date"],
            schedule=cleaned["schedule"],
            situations=situations,
            consent_given_at=timezone.now(),
            consent_recorded_by=user if counsellor else None,
            **{mode: mode in cleaned["modes"] for mode, _ in f.MODE_CHOICES},
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(url_name, step=steps[-1].slug)
    request.session.pop(_session_key(audience), None)
    messages.success(request, "Votre besoin est enregistré : voici les modes d'accueil possibles.")
    from maillage.families.views.public import alert_asked_before_need, chosen_provider_after_need

    if audience == "parent" and alert_asked_before_need(request):
        _subscribe_alert(request, need)
    chosen = chosen_provider_after_need(request) if audience == "parent" else ""
    if chosen:
        # The provider chosen in the public search is ticked, ready to be asked.
        url = reverse("families:need_results", kwargs={"pk": need.pk})
        return redirect(f"{url}?{urlencode({'choisir': chosen})}#option-{chosen}")
    return redirect("families:need_results", pk=need.pk)


def _subscribe_alert(request: HttpRequest, need: Need) -> None:
    """The « prévenez-moi » asked in the public search, now that the need exists."""
    from maillage.families.alerts import alert_recipient, place_alert_subscribe

    try:
        place_alert_subscribe(need=need, by=request.user)
    except (InvalidTransition, TransitionNotPermitted) as exc:
        messages.warning(request, f"L'alerte n'a pas pu être créée : {exc}")
        return
    messages.success(
        request,
        f"Alerte créée : un e-mail partira à {alert_recipient(need)} dès qu'une nouvelle place "
        "correspondra à votre besoin.",
    )
