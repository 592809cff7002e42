"""No dead end on the results page: when nothing (or little) fits, one-click relaxations
with the options each would open, occasional care for an interview or a training day, the
Relais Petite Enfance of the commune, and an alert when a place appears."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from maillage.accounts.perms import role_required
from maillage.families import engine_adapter as adapter
from maillage.families.alerts import (
    alert_recipient,
    place_alert_subscribe,
    place_alert_unsubscribe,
)
from maillage.families.enums import NeedStatus
from maillage.families.models import PlaceAlert
from maillage.families.models_alerts import PlaceAlertStatus
from maillage.families.relax_services import need_relax
from maillage.families.services import InvalidTransition, TransitionNotPermitted
from maillage.families.views.common import needs_for
from maillage.families.views.parent import FAMILY_ROLES
from maillage.occasional.enums import OccasionalReason
from maillage.relais.directory import relais_covering


def occasional_links(commune_name: str) -> list[tuple[str, str]]:
    """Occasional care for an interview or a training day, the commune already filled in."""
    create = reverse("occasional:request_create")
    return [
        (label, f"{create}?{urlencode({'commune': commune_name, 'motif': reason})}")
        for reason, label in (
            (OccasionalReason.INTERVIEW, "Pour un entretien d'embauche"),
            (OccasionalReason.TRAINING_DAY, "Pour une journée de formation"),
        )
    ]


def dead_end_context(need: Any, view: Any) -> dict[str, Any]:
    """What the results page shows beside few or no options (nothing for a closed need)."""
    relais = relais_covering(need.commune_id)
    if view is None or need.status != NeedStatus.OPEN:
        return {"few_options": False, "relais_list": relais}
    if len(view.options) >= adapter.FEW_OPTIONS:
        return {"few_options": False, "relais_list": relais}
    occasional = occasional_links(need.commune.name)
    return {
        "few_options": True,
        "relais_list": relais,
        "place_alert": PlaceAlert.objects.filter(need=need, status=PlaceAlertStatus.ACTIVE).first(),
        "alert_email": alert_recipient(need),
        "relax_choices": adapter.relaxations_for_need(need),
        "occasional_links": occasional,
    }


@role_required(*FAMILY_ROLES)
@require_POST
def need_relax_apply(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(needs_for(request), pk=pk)
    label = request.POST.get("label", "")[:120]
    try:
        need_relax(
            need=need,
            by=request.user,
            kind=request.POST.get("kind", ""),
            value=request.POST.get("value", ""),
        )
    except (ValidationError, InvalidTransition, TransitionNotPermitted) as exc:
        messages.error(request, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
    else:
        done = f" : {label[0].lower()}{label[1:]}" if label else ""
        messages.success(request, f"Votre besoin est modifié{done}. Voici les nouveaux résultats.")
    return redirect("families:need_results", pk=need.pk)


@role_required(*FAMILY_ROLES)
@require_POST
def place_alert_new(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(needs_for(request), pk=pk)
    try:
        place_alert_subscribe(need=need, by=request.user)
    except InvalidTransition as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"C'est noté : un e-mail partira à {alert_recipient(need)} dès qu'une place "
            "correspond à votre besoin.",
        )
    return redirect(reverse("families:need_results", kwargs={"pk": need.pk}) + "#sans-impasse")


@require_http_methods(["GET", "POST"])
def place_alert_unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mail's link: no login, the token is the proof; a button confirms (a GET never
    changes anything, so that mail scanners do not unsubscribe anyone)."""
    alert = get_object_or_404(PlaceAlert, token=token)
    if request.method == "POST":
        alert = place_alert_unsubscribe(token=token) or alert
    return render(request, "families/place_alert_unsubscribe.html", {"alert": alert})
