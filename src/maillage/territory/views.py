"""Public commune search for forms: JSON results and an htmx ``<option>`` partial."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from maillage.territory.models import Commune

MAX_RESULTS = 20
MAX_TERM_LENGTH = 100


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
            "label": commune.label,
        }
        for commune in _results(_search_term(request))
    ]
    return JsonResponse({"results": results})


@require_GET
def commune_options(request: HttpRequest) -> HttpResponse:
    term = _search_term(request)
    options = [(commune.code, commune.label) for commune in _results(term)]
    return render(request, "territory/_commune_options.html", {"options": options, "term": term})
