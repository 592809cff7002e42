"""GeoJSON of départements and communes with their coverage rate, for the maps."""

from __future__ import annotations

import json

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from maillage.observatory.services import cache_version, snapshots
from maillage.territory.models import Commune, Departement, Intercommunality, Region


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
    """Every département, or those of one région with ``?region=<code>`` (404 if unknown)."""
    region = request.GET.get("region")
    deps = Departement.objects.all()
    if region is not None:
        region = get_object_or_404(Region, code=region).code
        deps = deps.filter(region_id=region)
    key = f"observatory:geo:deps:{region or ''}:{cache_version()}"
    body = cache.get(key)
    if body is None:
        rows = list(deps.values_list("code", "name", "contour"))
        codes = None if region is None else [r[0] for r in rows]
        body = _feature_collection(rows, snapshots("departement", codes))
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


def geo_intercommunality(request: HttpRequest, code: str) -> HttpResponse:
    """The communes of an EPCI or an EPT with their coverage rate."""
    epci = get_object_or_404(Intercommunality, code=code)
    key = f"observatory:geo:epci:{epci.code}:{cache_version()}"
    body = cache.get(key)
    if body is None:
        members = Commune.objects.filter(**{"ept" if epci.is_ept else "epci": epci})
        rows = list(members.values_list("code", "name", "contour"))
        body = _feature_collection(rows, snapshots("commune", [r[0] for r in rows]))
        cache.set(key, body, 3600)
    return HttpResponse(body, content_type="application/geo+json")
