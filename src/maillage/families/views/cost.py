"""The household figures of the cost estimates (kept for the visit, or stored on request)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from maillage.families.cost.forms import HouseholdForm
from maillage.families.cost.services import household_forget, household_save


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}) and target.startswith("/"):
        return redirect(target + "#cout")
    return redirect("core:home")


@require_POST
def cost_household(request: HttpRequest) -> HttpResponse:
    """Anyone may ask for an estimate (the public search too): the figures stay in the
    session unless a signed-in parent asks to keep them."""
    if request.POST.get("action") == "forget":
        household_forget(request=request)
        messages.success(request, "Vos ressources sont effacées : les coûts sont des fourchettes.")
        return _back(request)
    form = HouseholdForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, f"Coût non recalculé : {errors[0]}")
        return _back(request)
    data = form.cleaned_data
    household_save(
        request=request,
        monthly_resources=data["monthly_resources"],
        children=data["children"],
        aeeh=data["aeeh"],
        remember=data["remember"] and request.user.is_authenticated,
    )
    messages.success(request, "Coûts recalculés avec vos ressources.")
    return _back(request)
