"""The PMI inspection plan of a département: visits planned this year, carried out or not."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from maillage.childcare.models import Nursery
from maillage.observatory.models import InspectionVisit
from maillage.observatory.services.inspections import (
    can_manage_inspections,
    inspection_done,
    inspection_plan,
)
from maillage.territory.models import Departement


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError("Indiquez une date valide.") from None


@login_required
@require_http_methods(["GET", "POST"])
def inspection_plan_page(request: HttpRequest, code: str) -> HttpResponse:
    dep = get_object_or_404(Departement, code=code)
    if not can_manage_inspections(request.user, dep.code):
        raise PermissionDenied(
            "Le plan de contrôle est tenu par la PMI et les agents du territoire."
        )
    nurseries = Nursery.objects.filter(commune__departement=dep).order_by("name")
    year = timezone.localdate().year
    if request.method == "POST":
        try:
            if request.POST.get("what") == "done":
                visit = get_object_or_404(
                    InspectionVisit.objects.filter(nursery__commune__departement=dep),
                    pk=request.POST.get("visit"),
                )
                inspection_done(
                    visit=visit, done_on=_date(request.POST.get("done_on", "")), by=request.user
                )
                messages.success(request, "La visite est enregistrée comme réalisée.")
            else:
                nursery = get_object_or_404(nurseries, pk=request.POST.get("nursery") or 0)
                inspection_plan(
                    nursery=nursery,
                    planned_on=_date(request.POST.get("planned_on", "")),
                    by=request.user,
                )
                messages.success(request, "La visite est ajoutée au plan de contrôle.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("observatory:inspection_plan", code=dep.code)
    visits = InspectionVisit.objects.filter(
        nursery__commune__departement=dep, planned_on__year=year
    ).select_related("nursery__commune")
    done = sum(1 for v in visits if v.done_on)
    return render(
        request,
        "observatory/inspection_plan.html",
        {
            "dep": dep,
            "year": year,
            "visits": visits,
            "done": done,
            "rate": round(100 * done / len(visits), 1) if visits else None,
            "nurseries": nurseries,
            "today": timezone.localdate(),
        },
    )
