"""Childminder pages: her profile and "Mes disponibilités" (one screen, htmx save)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from maillage.accounts.perms import role_required
from maillage.childcare.forms import (
    AvailabilityForm,
    ChildInCareFormSet,
    ChildminderProfileForm,
    apply_errors,
)
from maillage.childcare.models import Childminder
from maillage.childcare.perms import CHILDMINDER_ROLES
from maillage.childcare.policy import get_policy, is_stale
from maillage.childcare.services import (
    childminder_availability_update,
    childminder_profile_save,
    declared_places,
)
from maillage.core.schedule import week_to_ranges


def _profile_initial(childminder: Childminder | None) -> dict[str, Any]:
    if childminder is None:
        return {}
    commune = childminder.commune
    postcode = (commune.postcodes or "").split(" ")[0]
    return {
        "commune": f"{commune.name} {postcode}".strip(),
        **{
            name: getattr(childminder, name)
            for name in (
                "address",
                "agrement_number",
                "agrement_capacity",
                "agrement_min_age_months",
                "agrement_max_age_months",
                "agrement_valid_until",
                "own_children_under_3",
                "own_children_under_11",
                "available_from",
                "languages",
                "has_garden",
                "accepts_atypical_hours",
                "disability_experience",
            )
        },
    }


def _child_initial(child: Any) -> dict[str, Any]:
    ranges = week_to_ranges(child.schedule)
    first = next(iter(ranges.values()), [("", "")])[0]
    return {
        "age_months": child.age_months,
        "days": [str(day) for day in ranges],
        "start": first[0],
        "end": first[1],
        "leaves_on": child.leaves_on,
    }


@role_required(*CHILDMINDER_ROLES)
@require_http_methods(["GET", "POST"])
def childminder_profile(request: HttpRequest) -> HttpResponse:
    childminder = (
        Childminder.objects.for_user(request.user)
        .select_related("commune")
        .prefetch_related("children_in_care")
        .first()
    )
    children = list(childminder.children_in_care.all()) if childminder else []
    data = request.POST if request.method == "POST" else None
    form = ChildminderProfileForm(
        data,
        initial=_profile_initial(childminder),
        working_hours=childminder.working_hours if childminder else None,
    )
    formset = ChildInCareFormSet(
        data, initial=[_child_initial(c) for c in children], prefix="children"
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        payload = dict(form.cleaned_data)
        payload["children"] = [
            {k: cd[k] for k in ("age_months", "schedule", "leaves_on")}
            for cd in formset.cleaned_data
            if cd and not cd.get("DELETE")
        ]
        try:
            childminder_profile_save(user=request.user, data=payload)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Votre profil est enregistré.")
            return redirect("childcare:childminder_profile")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "childcare/childminder_profile.html",
        {"form": form, "formset": formset, "childminder": childminder, "policy": get_policy()},
        status=status,
    )


@role_required(*CHILDMINDER_ROLES)
@require_http_methods(["GET", "POST"])
def availability(request: HttpRequest) -> HttpResponse:
    childminder = (
        Childminder.objects.for_user(request.user).prefetch_related("children_in_care").first()
    )
    if childminder is None:
        messages.info(request, "Complétez d'abord votre profil et votre agrément.")
        return redirect("childcare:childminder_profile")
    htmx = request.headers.get("HX-Request") == "true"
    places = declared_places(childminder)
    form = AvailabilityForm(places=places)
    status_message, status = "", 200
    if request.method == "POST":
        try:
            if "confirm_unchanged" in request.POST:
                childminder_availability_update(childminder=childminder, confirm_unchanged=True)
                status_message = "C'est noté : vos disponibilités sont confirmées."
            else:
                form = AvailabilityForm(request.POST, places=places)
                if not form.is_valid():
                    raise ValidationError("")
                childminder_availability_update(
                    childminder=childminder, place_dates=form.cleaned_data["place_dates"]
                )
                status_message = "Vos disponibilités sont enregistrées."
        except ValidationError as exc:
            if exc.messages != [""]:
                apply_errors(form, exc)
            status_message, status = (
                "Vos disponibilités ne sont pas enregistrées : corrigez les erreurs.",
                400,
            )
        else:
            if not htmx:
                messages.success(request, status_message)
                return redirect("childcare:availability")
            form = AvailabilityForm(places=declared_places(childminder))
    context = {
        "form": form,
        "childminder": childminder,
        "status_message": status_message,
        "stale": is_stale(childminder.availability_updated_at, timezone.now()),
        "full": not places,
    }
    template = "childcare/_availability_panel.html" if htmx else "childcare/availability.html"
    # htmx swaps only 2xx responses by default: errors come back as 200 with the messages.
    return render(request, template, context, status=200 if htmx else status)
