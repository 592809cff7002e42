"""Public pages (no account): what there is to apply to or register for, in a territory."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.jobs.forms.public import PublicSearchForm
from maillage.jobs.services.public import ALL_KINDS, PublicFilters, public_listing


def public_offers(request: HttpRequest) -> HttpResponse:
    form = PublicSearchForm(request.GET or None)
    filters = PublicFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = PublicFilters(
            departement=data["departement"],
            commune=data["commune"],
            distance_km=data["distance_km"] or 15,
            qualification=data["qualification"],
            contract=data["contract"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            kinds=(data["kind"],) if data["kind"] else ALL_KINDS,
        )
    sections = public_listing(filters) if not form.is_bound or form.is_valid() else []
    return render(
        request, "jobs/public_offers.html", {"form": form, "sections": sections, "f": filters}
    )
