"""Table downloads (CSV/XLSX/ODS) and the open-data export with secondary suppression."""

from __future__ import annotations

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404

from maillage.observatory import exports, tables
from maillage.observatory.services import cache_version
from maillage.observatory.views.cliff import projection
from maillage.territory.models import Commune, Departement, Region


def export(request: HttpRequest) -> HttpResponse:
    """Public downloads: counts of people always protected, whoever asks."""
    fmt = request.GET.get("format", "csv")
    name = request.GET.get("table", "departements")
    if fmt not in exports.FORMATS:
        return HttpResponseBadRequest("Format inconnu.")
    dep_code = request.GET.get("departement", "")
    region_code = request.GET.get("region", "")
    if name == "departements" and region_code:
        reg = get_object_or_404(Region, code=region_code)
        deps = dict(reg.departements.values_list("code", "name"))
        table = tables.departements_table(deps, codes=list(deps))
        return _file_response(table, fmt, f"observatoire-departements-region-{reg.code}")
    if name == "departements":
        table = tables.departements_table(dict(Departement.objects.values_list("code", "name")))
    elif name == "regions":
        table = tables.regions_table(dict(Region.objects.values_list("code", "name")))
    elif name == "communes":
        dep = get_object_or_404(Departement, code=dep_code)
        names = dict(Commune.objects.filter(departement=dep).values_list("code", "name"))
        table = tables.communes_table(dep.code, names)
    elif name == "intercommunalites":
        from maillage.observatory.views.territories import _intercommunalities_of

        dep = get_object_or_404(Departement, code=dep_code)
        table = tables.intercommunalities_table(_intercommunalities_of(dep))
    elif name == "cliff":
        if dep_code:
            get_object_or_404(Departement, code=dep_code)
        _form, proj, _needed = projection(request, dep_code or None)
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
