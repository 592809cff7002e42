"""Territory administrators choose the paths offered in their départements and edit their own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from maillage.jobs import perms
from maillage.jobs.errors import JobsError
from maillage.jobs.forms.territory import PathSettingForm, PathStepFormSet, TerritoryPathForm
from maillage.jobs.models import PathTemplate, PathTerritorySetting
from maillage.jobs.querysets import paths_offered_in
from maillage.jobs.services.territory_paths import (
    path_adapt,
    path_territory_set,
    path_territory_update,
)
from maillage.jobs.views.common import require


def _departement(request: HttpRequest, code: str | None):  # noqa: ANN202
    require(perms.can_manage_territory_paths(request.user))
    departements = perms.path_departements(request.user)
    if code:
        return get_object_or_404(departements, code=code)
    return departements.order_by("code").first()


def _templates_of(departement) -> object:  # noqa: ANN001
    return PathTemplate.objects.filter(is_active=True).filter(
        Q(departement__isnull=True) | Q(departement=departement)
    )


@login_required
def territory_paths(request: HttpRequest) -> HttpResponse:
    dep = _departement(request, request.GET.get("departement"))
    offered = set(paths_offered_in(dep.code).values_list("pk", flat=True))
    settings = {s.template_id: s for s in PathTerritorySetting.objects.filter(departement=dep)}
    rows = []
    for template in _templates_of(dep).prefetch_related("steps"):
        setting = settings.get(template.pk)
        rows.append(
            {
                "template": template,
                "offered": template.pk in offered,
                "setting": setting,
                "by_default": setting is None,
                "form": PathSettingForm(
                    prefix=f"p{template.pk}",
                    initial={
                        "enabled": template.pk in offered,
                        "local_note": setting.local_note if setting else "",
                    },
                ),
            }
        )
    return render(
        request,
        "jobs/territory_paths.html",
        {
            "dep": dep,
            "rows": rows,
            "departements": perms.path_departements(request.user).order_by("code"),
        },
    )


@login_required
@require_POST
def territory_path_set(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    dep = _departement(request, code)
    template = get_object_or_404(_templates_of(dep), pk=pk)
    form = PathSettingForm(request.POST, prefix=f"p{template.pk}")
    if form.is_valid():
        try:
            path_territory_set(
                template=template,
                departement=dep,
                enabled=form.cleaned_data["enabled"],
                local_note=form.cleaned_data["local_note"],
                by=request.user,
            )
        except JobsError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            state = "proposé" if form.cleaned_data["enabled"] else "n'est plus proposé"
            messages.success(request, f"« {template.name} » : {state} dans le département.")
    return redirect(f"{reverse('jobs:territory_paths')}?departement={dep.code}")


@login_required
@require_POST
def territory_path_adapt(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    dep = _departement(request, code)
    template = get_object_or_404(_templates_of(dep), pk=pk, departement__isnull=True)
    copy = path_adapt(template=template, departement=dep, by=request.user)
    messages.success(
        request,
        f"« {copy.name} » est le parcours de votre territoire : modifiez-le ici. Il remplace "
        f"« {template.name} » dans le département.",
    )
    return redirect("jobs:territory_path_edit", code=dep.code, pk=copy.pk)


@login_required
def territory_path_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    dep = _departement(request, code)
    template = get_object_or_404(PathTemplate, pk=pk, departement=dep)
    steps = template.steps.order_by("order")
    initial_steps = [
        {"kind": s.kind, "title": s.title, "duration_hours": s.duration_hours} for s in steps
    ]
    form = TerritoryPathForm(
        request.POST or None, initial={"name": template.name, "description": template.description}
    )
    formset = PathStepFormSet(request.POST or None, initial=initial_steps, prefix="step")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        kept = [
            f.cleaned_data
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("title")
        ]
        try:
            path_territory_update(
                template=template,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                steps=kept,
            )
        except JobsError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, f"Parcours « {template.name} » enregistré.")
            return redirect("jobs:territory_path_edit", code=dep.code, pk=template.pk)
    return render(
        request,
        "jobs/territory_path_edit.html",
        {"dep": dep, "template": template, "form": form, "formset": formset},
        status=400 if request.method == "POST" else 200,
    )
