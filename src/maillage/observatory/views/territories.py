"""Public pages of territories: France (map of départements), a département, a commune
(the région page is in ``views.regions``)."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from maillage.accounts.perms import is_admin
from maillage.core.memo import Memo
from maillage.core.page_cache import public_page_cache
from maillage.observatory import charts, indicators, tables
from maillage.observatory.cliff import AGE_BAND_LABELS
from maillage.observatory.services import (
    cache_version,
    caf_latest,
    caf_national_median,
    computed_at,
    disclosure,
    snapshot_values,
    trends,
)
from maillage.observatory.services.inspections import can_manage_inspections
from maillage.observatory.services.outcomes import departement_outcomes
from maillage.observatory.views.common import (
    commune_public,
    indicator_rows,
    indicators_version,
    map_context,
    national_public,
    sees_raw_commune,
    sees_raw_departement,
    sees_raw_national,
)
from maillage.territory.models import Commune, Departement, Intercommunality, Region

FRANCE = indicators.FRANCE_CODE


# Read-only: no request-wide transaction (on SQLite it would take the write lock).
@transaction.non_atomic_requests
@public_page_cache(indicators_version)
def home(request: HttpRequest) -> HttpResponse:
    raw = sees_raw_national(request.user)
    names = dict(Departement.objects.values_list("code", "name"))
    france_raw = snapshot_values("france", FRANCE) or {}
    france = france_raw if raw else national_public(france_raw, FRANCE)
    return render(
        request,
        "observatory/home.html",
        {
            "table": tables.departements_table(names, raw=raw),
            "regions": tables.regions_table(
                dict(Region.objects.values_list("code", "name")), raw=raw
            ),
            "france": indicator_rows(france, {}),
            "france_scope": {
                "with_data": france_raw.get("departements_with_data"),
                "total": len(names),
                "communes": france_raw.get("communes_with_data"),
            },
            "caf_median": caf_national_median(),
            "computed_at": computed_at(),
            "raw": raw,
            **map_context(),
        },
    )


def _communes_html(dep: Departement, raw: bool) -> str:
    key = f"observatory:communes-table:{dep.code}:{int(raw)}:{cache_version()}"
    html = cache.get(key)
    if html is None:
        names = dict(Commune.objects.filter(departement=dep).values_list("code", "name"))
        html = render_to_string(
            "observatory/_table.html",
            {
                "table": tables.communes_table(dep.code, names, raw=raw),
                "table_id": "communes",
                "caption": "Communes, de la moins couverte à la mieux couverte",
                "export_query": f"table=communes&departement={dep.code}",
            },
        )
        cache.set(key, html, 3600)
    return html


def _children_chart(trend: list[dict], name: str) -> dict:
    labels = [str(r["year"]) for r in trend]
    return {
        "rows": trend,
        "chart": charts.line_chart(
            labels,
            [(f"{name} (indice)", [r["index"] for r in trend])],
            reference=("France (indice)", [r["france_index"] for r in trend]),
        ),
    }


def _departement_trends(dep: Departement) -> dict:
    children = trends.children_trend(dep.births_by_year)
    caf = trends.caf_trend(dep.code)
    platform = trends.platform_trend("departement", dep.code)
    return {
        "children": _children_chart(children, dep.name),
        "caf": {
            "rows": caf,
            "chart": charts.line_chart(
                [str(r["year"]) for r in caf],
                [(f"{dep.name} (Caf)", [r["global"] for r in caf])],
                reference=("Médiane des départements", [r["national_median"] for r in caf]),
            ),
        },
        "platform": {
            "rows": platform,
            "chart": charts.line_chart(
                [trends.date_label(r["date"]) for r in platform],
                [
                    (
                        f"{dep.name} : places libres pour 100 enfants",
                        [r["free_per_100"] for r in platform],
                    )
                ],
                reference=("France", [r["france_free_per_100"] for r in platform]),
            ),
        },
    }


# Reference data (a territory import empties it): the join over every commune is slow.
_INTERCOMMUNALITIES: Memo[dict[str, str]] = Memo("intercommunalities_of", max_size=256)


def _intercommunalities_of(dep: Departement) -> dict[str, str]:
    """EPCIs and EPTs with at least one commune in the département."""
    return _INTERCOMMUNALITIES.get_or_compute(dep.code, lambda: _intercommunalities_query(dep))


def _intercommunalities_query(dep: Departement) -> dict[str, str]:
    from django.db.models import Q

    return dict(
        Intercommunality.objects.filter(
            Q(communes__departement=dep) | Q(ept_communes__departement=dep)
        )
        .distinct()
        .values_list("code", "name")
    )


def _caf_estimate(caf: tuple | None, children: int | None) -> int | None:
    """Places of childminders and crèches implied by the CAF's latest rates."""
    if not caf or not children:
        return None
    am, eaje = caf[1].get("txcouv_assistante_maternelle"), caf[1].get("txcouv_eaje")
    if am is None or eaje is None:
        return None
    return round((am + eaje) * children / 100)


# Read-only: no request-wide transaction (on SQLite it would take the write lock).
@transaction.non_atomic_requests
@public_page_cache(indicators_version)
def departement(request: HttpRequest, code: str) -> HttpResponse:
    dep = get_object_or_404(Departement.objects.select_related("region"), code=code)
    raw = sees_raw_departement(request.user, dep.code)
    values_raw = snapshot_values("departement", code) or {}
    national_raw = snapshot_values("france", FRANCE) or {}
    values = values_raw if raw else national_public(values_raw, dep.code)
    national = (
        national_raw if sees_raw_national(request.user) else national_public(national_raw, FRANCE)
    )
    caf = caf_latest(code)
    ours = values.get("coverage_rate")
    caf_rate = caf[1].get("txcouv_global") if caf else None
    bands = [(AGE_BAND_LABELS[b], values.get(f"band:{b}")) for b in AGE_BAND_LABELS]
    has_data = values_raw.get("communes_with_data", 1) != 0
    estimated = _caf_estimate(caf, values_raw.get("children_under_3"))
    rate = values_raw.get("data_coverage_rate")
    stages = [(label, values.get(f"stage:{k}")) for k, label in disclosure.STAGES.items()]
    return render(
        request,
        "observatory/departement.html",
        {
            "dep": dep,
            "raw": raw,
            "indicators": indicator_rows(values, national),
            "caf": caf,
            "caf_rate": caf_rate,
            "ours": ours,
            "difference": indicators.difference_with_caf(ours, caf_rate),
            "has_data": has_data,
            "coverage": {
                "rate": rate,
                "bar": min(100, round(rate)) if rate is not None else 0,
                "places": values_raw.get("places_total"),
                "estimated": estimated,
            },
            "explanation": indicators.CAF_DIFFERENCE_EXPLANATION,
            # Rendered by our own template (autoescaped), cached per indicator version.
            "communes_html": mark_safe(_communes_html(dep, raw)),  # noqa: S308
            "can_inspect": can_manage_inspections(request.user, dep.code),
            "intercommunalities": tables.intercommunalities_table(
                _intercommunalities_of(dep),
                raw=is_admin(request.user),
                title=f"Intercommunalités {dep.code}",
            ),
            "bands": bands,
            "bands_chart": charts.bar_chart(
                [b for b, _ in bands],
                [("Assistants maternels", [v if isinstance(v, int) else 0 for _, v in bands])],
            ),
            "stages": stages,
            "hidden_note": "" if raw else disclosure.HIDDEN_NOTE,
            "trends": _departement_trends(dep),
            "supply_trend": trends.supply_trend("departement", dep.code),
            "supply_trend_keys": trends.SUPPLY_TREND_KEYS,
            "outcomes": departement_outcomes(dep),
            "computed_at": computed_at(),
            **map_context(),
        },
    )


# Read-only: no request-wide transaction (on SQLite it would take the write lock).
@transaction.non_atomic_requests
@public_page_cache(indicators_version)
def commune(request: HttpRequest, code: str) -> HttpResponse:
    com = get_object_or_404(
        Commune.objects.select_related("departement__region", "epci", "ept"), code=code
    )
    dep_code = com.departement_id
    values_raw = snapshot_values("commune", code) or {}
    dep_raw = snapshot_values("departement", dep_code) or {}
    raw = sees_raw_commune(request.user, code)
    values = values_raw if raw else commune_public(values_raw, code, dep_code)
    dep_values = (
        dep_raw
        if sees_raw_departement(request.user, dep_code)
        else national_public(dep_raw, dep_code)
    )
    return render(
        request,
        "observatory/commune.html",
        {
            "commune": com,
            "indicators": indicator_rows(values, dep_values),
            "children": _children_chart(trends.children_trend(com.births_by_year), com.name),
            "births": sorted((com.births_by_year or {}).items()),
            "hidden_note": "" if raw else disclosure.HIDDEN_NOTE,
            "computed_at": computed_at(),
        },
    )
