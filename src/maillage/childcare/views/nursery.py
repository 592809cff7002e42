"""Crèche manager pages: her nurseries and their published places."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from maillage.accounts.perms import role_required
from maillage.childcare.forms import AgeGroupFormSet, NurseryPlacesForm, apply_errors
from maillage.childcare.models import Nursery
from maillage.childcare.perms import MANAGER_ROLES
from maillage.childcare.policy import get_policy
from maillage.childcare.services import nursery_places_update

HUNDRED = Decimal(100)


def _managed(request: HttpRequest):  # type: ignore[no-untyped-def]
    return Nursery.objects.managed_by(request.user)


@role_required(*MANAGER_ROLES)
@require_http_methods(["GET"])
def nursery_list(request: HttpRequest) -> HttpResponse:
    nurseries = _managed(request).select_related("commune").prefetch_related("age_groups")
    return render(request, "childcare/nursery_list.html", {"nurseries": nurseries})


def _group_initial(group) -> dict:  # type: ignore[no-untyped-def]
    return {
        "id": group.pk,
        "kind": group.kind,
        "min_age_months": group.min_age_months,
        "max_age_months": group.max_age_months,
        "places": group.places,
        "places_taken": group.places_taken,
        "free_from": group.free_from,
    }


def _apply_group_errors(formset, exc: ValidationError) -> ValidationError | None:  # type: ignore[no-untyped-def]
    """Move `age_groups-<i>-<field>` errors to the formset; return the rest."""
    rest: dict[str, list[str]] = {}
    for key, errors in exc.message_dict.items():
        parts = key.split("-")
        if parts[0] == "age_groups" and len(parts) == 3 and int(parts[1]) < len(formset.forms):
            for message in errors:
                formset.forms[int(parts[1])].add_error(parts[2], message)
        else:
            rest[key] = errors
    return ValidationError(rest) if rest else None


@role_required(*MANAGER_ROLES)
@require_http_methods(["GET", "POST"])
def nursery_places(request: HttpRequest, pk: int) -> HttpResponse:
    nursery = get_object_or_404(_managed(request).prefetch_related("age_groups"), pk=pk)
    groups = list(nursery.age_groups.all())
    data = request.POST if request.method == "POST" else None
    form = NurseryPlacesForm(
        data,
        opening_hours=nursery.opening_hours,
        initial={
            "is_avip": nursery.is_avip,
            "avip_share": (nursery.avip_share * HUNDRED).quantize(Decimal(1)),
            "social_minima_share": (nursery.social_minima_share * HUNDRED).quantize(Decimal(1)),
        },
    )
    formset = AgeGroupFormSet(
        data, initial=[_group_initial(g) for g in groups], prefix="age_groups"
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        cd = form.cleaned_data
        age_groups = [
            {**fcd, "delete": bool(fcd.get("DELETE"))} for fcd in formset.cleaned_data if fcd
        ]
        try:
            nursery_places_update(
                nursery=nursery,
                by=request.user,
                opening_hours=cd["opening_hours"],
                is_avip=cd["is_avip"],
                avip_share=cd["avip_share"] / HUNDRED,
                social_minima_share=cd["social_minima_share"] / HUNDRED,
                age_groups=age_groups,
            )
        except ValidationError as exc:
            rest = _apply_group_errors(formset, exc)
            if rest is not None:
                apply_errors(form, rest)
        else:
            messages.success(request, "Les places de la crèche sont publiées.")
            return redirect("childcare:nursery_places", pk=nursery.pk)
    return render(
        request,
        "childcare/nursery_places.html",
        {"nursery": nursery, "form": form, "formset": formset, "policy": get_policy()},
        status=400 if request.method == "POST" else 200,
    )
