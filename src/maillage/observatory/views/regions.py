"""Public page of a région: its indicators, its départements ranked, a map of them."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from maillage.core.page_cache import public_page_cache
from maillage.observatory import charts, indicators, tables
from maillage.observatory.cliff import (
    AGE_BAND_LABELS,
    Hypotheses,
    cohorts_from_age_bands,
    recruitment_to_keep_coverage,
)
from maillage.observatory.cliff import project as cliff_project
from maillage.observatory.services import computed_at, disclosure, snapshot_values, trends
from maillage.observatory.services.data import new_childminders_last_year
from maillage.observatory.services.outcomes import region_outcomes
from maillage.observatory.views.common import (
    indicator_rows,
    indicators_version,
    map_context,
    national_public,
    region_public,
    sees_raw_national,
    sees_raw_region,
)
from maillage.observatory.views.territories import _children_chart
from maillage.territory.models import Region

FRANCE = indicators.FRANCE_CODE


def _births(region: Region) -> dict[str, int]:
    """Births per year of the région: sum of its départements' published births."""
    out: dict[str, int] = {}
    for births in region.departements.values_list("births_by_year", flat=True):
        for year, n in (births or {}).items():
            out[year] = out.get(year, 0) + int(n or 0)
    return out


def _platform_trend(region: Region) -> dict:
    rows = trends.platform_trend("region", region.code)
    return {
        "rows": rows,
        "chart": charts.line_chart(
            [trends.date_label(r["date"]) for r in rows],
            [
                (
                    f"{region.name} : places libres pour 100 enfants",
                    [r["free_per_100"] for r in rows],
                )
            ],
            reference=("France", [r["france_free_per_100"] for r in rows]),
        ),
    }


def _cliff_summary(region: Region, values: dict) -> dict | None:
    """Retirements and places lost by 2030 under the default hypotheses, from the région's
    childminders by age band; None (masked) when one of those counts is secret."""
    keys = ["childminders", *(f"band:{b}" for b in AGE_BAND_LABELS)]
    if any(not isinstance(values.get(k), int | float) for k in keys):
        return None
    childminders = values.get("childminders") or 0
    places_cm = values.get("places_childminders") or 0
    avg = places_cm / childminders if childminders else 0.0
    bands = {b: values.get(f"band:{b}") or 0 for b in AGE_BAND_LABELS}
    year = timezone.localdate().year
    cohorts = cohorts_from_age_bands(bands, reference_year=year, places_per_childminder=avg)
    hyp = Hypotheses(
        start_year=year,
        yearly_recruitment=float(new_childminders_last_year(region=region.code)),
        places_per_new_childminder=avg or None,
    )
    other = values.get("places_nurseries") or 0
    children = values.get("children_under_3") or 0
    proj = cliff_project(cohorts, hyp, other_places=other, children_under_3=children)
    needed = recruitment_to_keep_coverage(
        cohorts, hyp, other_places=other, children_under_3=children
    )
    return {"projection": proj, "needed": needed}


# Read-only: no request-wide transaction (on SQLite it would take the write lock).
@transaction.non_atomic_requests
@public_page_cache(indicators_version)
def region(request: HttpRequest, code: str) -> HttpResponse:
    reg = get_object_or_404(Region, code=code)
    raw = sees_raw_region(request.user, reg.code)
    values_raw = snapshot_values("region", reg.code) or {}
    national_raw = snapshot_values("france", FRANCE) or {}
    values = values_raw if raw else region_public(values_raw, reg.code)
    national = (
        national_raw if sees_raw_national(request.user) else national_public(national_raw, FRANCE)
    )
    bands = [(AGE_BAND_LABELS[b], values.get(f"band:{b}")) for b in AGE_BAND_LABELS]
    stages = [(label, values.get(f"stage:{k}")) for k, label in disclosure.STAGES.items()]
    deps = dict(reg.departements.values_list("code", "name"))
    return render(
        request,
        "observatory/region.html",
        {
            "region": reg,
            "raw": raw,
            "indicators": indicator_rows(values, national),
            "ours": values.get("coverage_rate"),
            "explanation": indicators.CAF_DIFFERENCE_EXPLANATION,
            "departements": tables.departements_table(deps, raw=raw, codes=list(deps)),
            "bands": bands,
            "bands_chart": charts.bar_chart(
                [b for b, _ in bands],
                [("Assistants maternels", [v if isinstance(v, int) else 0 for _, v in bands])],
            ),
            "stages": stages,
            "cliff": _cliff_summary(reg, values),
            "hidden_note": "" if raw else disclosure.HIDDEN_NOTE,
            "children": _children_chart(trends.children_trend(_births(reg)), reg.name),
            "platform": _platform_trend(reg),
            "outcomes": region_outcomes(reg),
            "computed_at": computed_at(),
            **map_context(),
        },
    )
