"""« Mes tarifs »: a childminder's prices, shown to families as an estimated monthly cost."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from maillage.accounts.forms import MaillageForm
from maillage.accounts.perms import role_required
from maillage.childcare.models import ChildminderRate
from maillage.childcare.perms import CHILDMINDER_ROLES
from maillage.childcare.services.rates import childminder_rate_update

MONEY_ERRORS = {
    "required": "Indiquez un montant (0 si aucun).",
    "invalid": "Indiquez un montant en euros, par exemple 4,20.",
    "min_value": "Le montant ne peut pas être négatif.",
    "max_value": "Le montant paraît trop élevé : vérifiez-le.",
}


def _money(label: str, help_text: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        min_value=Decimal(0),
        max_value=Decimal(50),
        decimal_places=2,
        localize=True,
        error_messages=MONEY_ERRORS,
    )


class RateForm(MaillageForm):
    hourly_wage = _money("Salaire horaire net (€)", "Par exemple : 4,20.")
    maintenance_per_day = _money(
        "Indemnité d'entretien par jour (€)", "Pour une journée d'accueil. Par exemple : 4,00."
    )
    meal_per_day = _money("Frais de repas par jour (€)", "0 si les parents fournissent les repas.")


@role_required(*CHILDMINDER_ROLES)
@require_http_methods(["GET", "POST"])
def childminder_rates(request: HttpRequest) -> HttpResponse:
    current = ChildminderRate.objects.filter(childminder__user=request.user).first()
    initial = (
        {
            "hourly_wage": current.hourly_wage,
            "maintenance_per_day": current.maintenance_per_day,
            "meal_per_day": current.meal_per_day,
        }
        if current
        else {"maintenance_per_day": Decimal(0), "meal_per_day": Decimal(0)}
    )
    form = RateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            childminder_rate_update(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Vos tarifs sont enregistrés.")
            return redirect("childcare:childminder_rates")
    return render(
        request,
        "childcare/childminder_rates.html",
        {"form": form, "current": current},
        status=400 if request.method == "POST" else 200,
    )
