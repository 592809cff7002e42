"""The public directory of the Relais Petite Enfance, by commune (no account needed)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from maillage.relais.models import RelaisPetiteEnfance
from maillage.territory.services.geo import locate_commune


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("commune", "").strip()[:80]
    commune = locate_commune(query) if query else None
    relais = (
        list(RelaisPetiteEnfance.objects.covering(commune).prefetch_related("communes"))
        if commune
        else []
    )
    return render(
        request,
        "relais/directory.html",
        {"query": query, "commune": commune, "relais_list": relais},
    )
