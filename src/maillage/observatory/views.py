"""Observatory pages: public aggregated figures; SDSF action tracking for analysts."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from maillage.observatory import charts, exports, indicators, tables
from maillage.observatory.cliff import (
    AGE_BAND_LABELS,
    Hypotheses,
    cohorts_from_age_bands,
    recruitment_to_keep_coverage,
)
from maillage.observatory.cliff import project as cliff_project
from maillage.observatory.enums import SdsfAxis
from maillage.observatory.forms import CliffForm, ProgressNoteForm, SdsfActionForm
from maillage.observatory.models import SdsfAction
from maillage.observatory.perms import can_edit_action_of, can_edit_actions
from maillage.observatory.services import (
    action_note_add,
    cache_version,
    caf_latest,
    caf_national_median,
    computed_at,
    sdsf_action_save,
    snapshot_values,
    snapshots,
)
from maillage.observatory.services.data import new_childminders_last_year
from maillage.territory.models import Commune, Departement

SHOWN = (
    "children_under_3",
    "places_childminders",
    "places_nurseries",
    "places_total",
    "coverage_rate",
    "free_places",
    "childminders",
    "needs_declared",
    "needs_unserved",
    "unserved_share",
    "unserved_need_age_days",
    "need_to_place_days",
    "job_seekers_served_share",
    "job_offers_open",
    "vacant_posts",
    "substitute_requests_unmet",
    "candidates",
    "dropout_rate",
)


def _indicator_rows(values: dict, national: dict) -> list[dict]:
    rows = []
    for key in SHOWN:
        metric = indicators.METRICS[key]
        v, n = values.get(key), national.get(key)
        rows.append(
            {
                "label": metric.label,
                "unit": metric.unit,
                "value": indicators.NOT_AVAILABLE if v is None else v,
                "national": "" if n is None else n,
            }
        )
    return rows


def _map_context() -> dict:
    return {"tile_url": getattr(settings, "MAILLAGE_MAP_TILE_URL", "")}


def home(request: HttpRequest) -> HttpResponse:
    names = dict(Departement.objects.values_list("code", "name"))
    table = tables.departements_table(names)
    france = tables.masked(snapshot_values("france", indicators.FRANCE_CODE))
    return render(
        request,
        "observatory/home.html",
        {
            "table": table,
            "france": _indicator_rows(france, {}),
            "caf_median": caf_national_median(),
            "computed_at": computed_at(),
            **_map_context(),
        },
    )


def departement(request: HttpRequest, code: str) -> HttpResponse:
    dep = get_object_or_404(Departement, code=code)
    values = snapshot_values("departement", code) or {}
    national = snapshot_values("france", indicators.FRANCE_CODE) or {}
    key = f"observatory:communes-table:{code}:{cache_version()}"
    communes_html = cache.get(key)
    if communes_html is None:
        names = dict(Commune.objects.filter(departement=dep).values_list("code", "name"))
        communes_html = render_to_string(
            "observatory/_table.html",
            {
                "table": tables.communes_table(code, names),
                "table_id": "communes",
                "caption": "Communes, de la moins couverte à la mieux couverte",
                "export_query": f"table=communes&departement={code}",
            },
        )
        cache.set(key, communes_html, 3600)
    caf = caf_latest(code)
    ours = values.get("coverage_rate")
    caf_rate = caf[1].get("txcouv_global") if caf else None
    bands = [(AGE_BAND_LABELS[b], values.get(f"band:{b}")) for b in AGE_BAND_LABELS]
    return render(
        request,
        "observatory/departement.html",
        {
            "dep": dep,
            "indicators": _indicator_rows(tables.masked(values), national),
            "caf": caf,
            "caf_rate": caf_rate,
            "ours": ours,
            "difference": indicators.difference_with_caf(ours, caf_rate),
            "explanation": indicators.CAF_DIFFERENCE_EXPLANATION,
            # Rendered by our own template (autoescaped), cached per indicator version.
            "communes_html": mark_safe(communes_html),  # noqa: S308
            "bands": bands,
            "bands_chart": charts.bar_chart(
                [b for b, _ in bands], [("Assistants maternels", [v or 0 for _, v in bands])]
            ),
            "computed_at": computed_at(),
            **_map_context(),
        },
    )


def commune(request: HttpRequest, code: str) -> HttpResponse:
    com = get_object_or_404(Commune.objects.select_related("departement"), code=code)
    values = snapshot_values("commune", code) or {}
    dep_values = snapshot_values("departement", com.departement_id) or {}
    return render(
        request,
        "observatory/commune.html",
        {
            "commune": com,
            "indicators": _indicator_rows(tables.masked(values), tables.masked(dep_values)),
            "births": sorted((com.births_by_year or {}).items()),
            "computed_at": computed_at(),
        },
    )


def _projection(request: HttpRequest, code: str | None):  # noqa: ANN202
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
    form, proj, needed = _projection(request, code)
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


def export(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format", "csv")
    name = request.GET.get("table", "departements")
    if fmt not in exports.FORMATS:
        return HttpResponseBadRequest("Format inconnu.")
    dep_code = request.GET.get("departement", "")
    if name == "departements":
        table = tables.departements_table(dict(Departement.objects.values_list("code", "name")))
    elif name == "communes":
        dep = get_object_or_404(Departement, code=dep_code)
        names = dict(Commune.objects.filter(departement=dep).values_list("code", "name"))
        table = tables.communes_table(dep.code, names)
    elif name == "cliff":
        if dep_code:
            get_object_or_404(Departement, code=dep_code)
        _form, proj, _needed = _projection(request, dep_code or None)
        table = tables.cliff_table(proj, dep_code or "France")
    else:
        raise Http404("Tableau inconnu.")
    return _file_response(table, fmt, f"observatoire-{name}{('-' + dep_code) if dep_code else ''}")


def _file_response(table: exports.ExportTable, fmt: str, stem: str) -> HttpResponse:
    content_type, ext = exports.FORMATS[fmt]
    response = HttpResponse(exports.write(table, fmt), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{ext}"'
    return response


def opendata_export(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format", "csv")
    name = request.GET.get("table", "age_bands")
    scope = request.GET.get("scope", "departements")
    if fmt not in exports.FORMATS or name not in tables.OPEN_DATA_TABLES:
        return HttpResponseBadRequest("Paramètres inconnus.")
    if scope == "departements":
        deps = Departement.objects.values_list("code", "name", "region_id")
        names = {c: n for c, n, _r in deps}
        group_of = {c: f"R{r}" for c, _n, r in deps}
    else:
        dep = get_object_or_404(Departement, code=scope)
        names = dict(Commune.objects.filter(departement=dep).values_list("code", "name"))
        group_of = dict.fromkeys(names, dep.code)
    key = f"observatory:opendata:{cache_version()}:{name}:{scope}:{fmt}"
    content = cache.get(key)
    if content is None:
        table = tables.open_data_table(name, scope, names, group_of)
        content = exports.write(table, fmt)
        cache.set(key, content, 3600)
    content_type, ext = exports.FORMATS[fmt]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="opendata-{name}-{scope}.{ext}"'
    return response


# --------------------------------------------------------------------------- GeoJSON


def _geometry(text: str) -> dict | None:
    if not text:
        return None
    data = json.loads(text)
    if data.get("type") == "Feature":
        return data.get("geometry")
    if data.get("type") == "FeatureCollection":
        feats = data.get("features") or []
        return feats[0].get("geometry") if feats else None
    return data


def _feature_collection(rows, values: dict[str, dict]) -> str:  # noqa: ANN001
    features = []
    for code, name, contour in rows:
        geometry = _geometry(contour)
        if geometry is None:
            continue
        v = values.get(code, {})
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "code": code,
                    "nom": name,
                    "coverage_rate": v.get("coverage_rate"),
                    "places_total": v.get("places_total"),
                    "children_under_3": v.get("children_under_3"),
                },
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))


def geo_departements(request: HttpRequest) -> HttpResponse:
    key = f"observatory:geo:deps:{cache_version()}"
    body = cache.get(key)
    if body is None:
        body = _feature_collection(
            Departement.objects.values_list("code", "name", "contour"), snapshots("departement")
        )
        cache.set(key, body, 3600)
    return HttpResponse(body, content_type="application/geo+json")


def geo_communes(request: HttpRequest, code: str) -> HttpResponse:
    dep = get_object_or_404(Departement, code=code)
    key = f"observatory:geo:communes:{dep.code}:{cache_version()}"
    body = cache.get(key)
    if body is None:
        rows = list(Commune.objects.filter(departement=dep).values_list("code", "name", "contour"))
        body = _feature_collection(rows, snapshots("commune", [r[0] for r in rows]))
        cache.set(key, body, 3600)
    return HttpResponse(body, content_type="application/geo+json")


# --------------------------------------------------------------------------- SDSF actions


def _actions_for(user):  # noqa: ANN001, ANN202
    if not can_edit_actions(user):
        raise PermissionDenied
    qs = SdsfAction.objects.select_related("departement")
    if not (user.is_superuser or user.role == "admin"):
        codes = list(user.territory_departements.values_list("code", flat=True))
        if codes:
            qs = qs.filter(departement_id__in=codes)
    return qs


@login_required
def action_list(request: HttpRequest) -> HttpResponse:
    qs = _actions_for(request.user)
    dep = request.GET.get("departement", "")
    if dep:
        qs = qs.filter(departement_id=dep)
    return render(
        request,
        "observatory/action_list.html",
        {
            "actions": qs,
            "axes": SdsfAxis.choices,
            "departement": dep,
            "departements": Departement.objects.values_list("code", "name"),
        },
    )


@login_required
def action_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    dep = get_object_or_404(Departement, code=code)
    if not can_edit_action_of(request.user, dep.code):
        raise PermissionDenied
    action = get_object_or_404(_actions_for(request.user), pk=pk, departement=dep) if pk else None
    form = SdsfActionForm(
        request.POST or None,
        instance=action,
        initial={"indicator_keys": action.indicator_keys if action else []},
    )
    note_form = ProgressNoteForm(prefix="note")
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.departement = dep
        try:
            sdsf_action_save(action=obj, indicator_keys=form.cleaned_data["indicator_keys"])
        except Exception as exc:  # noqa: BLE001 - validation errors shown on the form
            form.add_error(None, str(exc))
        else:
            return redirect("observatory:action_edit", code=dep.code, pk=obj.pk)
    values = snapshot_values("departement", dep.code) or {}
    linked = [
        (indicators.METRICS[k].label, values.get(k))
        for k in (action.indicator_keys if action else [])
    ]
    return render(
        request,
        "observatory/action_form.html",
        {
            "dep": dep,
            "form": form,
            "action": action,
            "note_form": note_form,
            "linked": linked,
        },
    )


@login_required
def action_note(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    if request.method != "POST" or not can_edit_action_of(request.user, code):
        raise PermissionDenied
    action = get_object_or_404(_actions_for(request.user), pk=pk, departement_id=code)
    form = ProgressNoteForm(request.POST, prefix="note")
    if form.is_valid():
        action_note_add(
            action=action,
            date=form.cleaned_data["date"],
            text=form.cleaned_data["text"],
            author=request.user,
        )
    return redirect("observatory:action_edit", code=code, pk=pk)


@login_required
def action_axis_summary(request: HttpRequest, code: str, axis: int) -> HttpResponse:
    dep = get_object_or_404(Departement, code=code)
    if axis not in SdsfAxis.values:
        raise Http404
    actions = (
        _actions_for(request.user).filter(departement=dep, axis=axis).prefetch_related("notes")
    )
    values = snapshot_values("departement", dep.code) or {}
    items = [
        {
            "action": a,
            "linked": [
                (indicators.METRICS[k].label, values.get(k))
                for k in a.indicator_keys
                if k in indicators.METRICS
            ],
        }
        for a in actions
    ]
    return render(
        request,
        "observatory/axis_summary.html",
        {
            "dep": dep,
            "axis": SdsfAxis(axis),
            "items": items,
            "computed_at": computed_at(),
        },
    )
