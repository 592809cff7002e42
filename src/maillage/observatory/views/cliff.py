"""The 2030 cliff: childminders' retirements, projection and what-if."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from maillage.observatory import charts, indicators, tables
from maillage.observatory.cliff import (
    AGE_BAND_LABELS,
    Hypotheses,
    cohorts_from_age_bands,
    recruitment_to_keep_coverage,
)
from maillage.observatory.cliff import project as cliff_project
from maillage.observatory.forms import CliffForm
from maillage.observatory.services import snapshot_values
from maillage.observatory.services.data import new_childminders_last_year
from maillage.territory.models import Departement


def projection(request: HttpRequest, code: str | None):  # noqa: ANN201
    level, key = ("departement", code) if code else ("france", indicators.FRANCE_CODE)
    values = snapshot_values(level, key) or {}
    form = CliffForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    childminders = values.get("childminders") or 0
    places_cm = values.get("places_childminders") or 0
    avg = places_cm / childminders if childminders else 0.0
    bands = {b: values.get(f"band:{b}") or 0 for b in AGE_BAND_LABELS}
    year = timezone.localdate().year
    cohorts = cohorts_from_age_bands(bands, reference_year=year, places_per_childminder=avg)
    recruitment = data.get("yearly_recruitment")
    if recruitment is None:
        recruitment = new_childminders_last_year(departement=code)
    ppn = data.get("places_per_new_childminder")
    hyp = Hypotheses(
        start_year=year,
        retirement_age=data.get("retirement_age") or 62,
        yearly_recruitment=float(recruitment),
        places_per_new_childminder=float(ppn) if ppn else (avg or None),
    )
    other = values.get("places_nurseries") or 0
    children = values.get("children_under_3") or 0
    proj = cliff_project(cohorts, hyp, other_places=other, children_under_3=children)
    needed = recruitment_to_keep_coverage(
        cohorts, hyp, other_places=other, children_under_3=children
    )
    return form, proj, needed


def cliff(request: HttpRequest, code: str | None = None) -> HttpResponse:
    dep = get_object_or_404(Departement, code=code) if code else None
    form, proj, needed = projection(request, code)
    table = tables.cliff_table(proj, dep.name if dep else "France")
    chart = charts.bar_chart(
        [str(y.year) for y in proj.years],
        [
            ("Places perdues (retraites)", [y.places_lost for y in proj.years]),
            ("Places créées (nouveaux agréments)", [y.places_created for y in proj.years]),
        ],
    )
    return render(
        request,
        "observatory/cliff.html",
        {
            "dep": dep,
            "form": form,
            "projection": proj,
            "needed": needed,
            "table": table,
            "chart": chart,
            "export_query": f"table=cliff&departement={dep.code if dep else ''}&"
            + request.GET.urlencode(),
        },
    )
