"""Public commune search for forms: JSON results and an htmx ``<option>`` partial."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from maillage.territory.models import Commune

MAX_RESULTS = 20
MAX_TERM_LENGTH = 100


def commune_label(commune: Commune) -> str:
    """'Saint-Denis (93 · 93200, 93210)'; long postcode lists are cut after three."""
    postcodes = commune.postcodes.split()
    shown = ", ".join(postcodes[:3]) + ("…" if len(postcodes) > 3 else "")
    detail = f"{commune.departement_id} · {shown}" if shown else commune.departement_id
    return f"{commune.name} ({detail})"


def _search_term(request: HttpRequest) -> str:
    # ``q``, or the ``<field>_q`` search box of a CommuneField widget.
    term = request.GET.get("q", "")
    if not term:
        term = next((v for k, v in request.GET.items() if k.endswith("_q") and v), "")
    return term[:MAX_TERM_LENGTH]


def _results(term: str) -> list[Commune]:
    return list(
        Commune.objects.search(term).only(
            "code", "name", "departement_id", "postcodes", "population"
        )[:MAX_RESULTS]
    )


@require_GET
def commune_search(request: HttpRequest) -> JsonResponse:
    results = [
        {
            "code": commune.code,
            "name": commune.name,
            "departement": commune.departement_id,
            "postcodes": commune.postcodes.split(),
            "label": commune_label(commune),
        }
        for commune in _results(_search_term(request))
    ]
    return JsonResponse({"results": results})


@require_GET
def commune_options(request: HttpRequest) -> HttpResponse:
    term = _search_term(request)
    options = [(commune.code, commune_label(commune)) for commune in _results(term)]
    return render(request, "territory/_commune_options.html", {"options": options, "term": term})
