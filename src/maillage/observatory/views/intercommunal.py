"""Pages of an EPCI or an EPT (e.g. the EPT Est Ensemble): indicators, trends, communes, map."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from maillage.accounts.perms import is_admin
from maillage.accounts.querysets import communes_in_scope
from maillage.observatory import tables
from maillage.observatory.services import (
    computed_at,
    disclosure,
    small_cell_threshold,
    snapshot_values,
    trends,
)
from maillage.observatory.views.common import indicator_rows, map_context, national_public
from maillage.territory.models import Commune, Intercommunality


def _member_communes(epci: Intercommunality):  # noqa: ANN202 - a QuerySet of communes
    field = "ept" if epci.is_ept else "epci"
    return Commune.objects.filter(**{field: epci}).order_by("name")


def sees_raw_intercommunality(user, epci: Intercommunality) -> bool:  # noqa: ANN001
    """Admins, and counsellors/analysts whose territory covers every commune of it."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_admin(user):
        return True
    members = _member_communes(epci)
    return (
        members.exists()
        and not members.exclude(code__in=communes_in_scope(user).values("code")).exists()
    )


def intercommunality_public(values: dict | None, code: str) -> dict:
    cells = disclosure.intercommunality_cells([code], small_cell_threshold())
    return disclosure.apply(values, cells.get(code))


def intercommunality(request: HttpRequest, code: str) -> HttpResponse:
    epci = get_object_or_404(
        Intercommunality.objects.select_related("departement__region"), code=code
    )
    raw = sees_raw_intercommunality(request.user, epci)
    values_raw = snapshot_values("epci", code) or {}
    values = values_raw if raw else intercommunality_public(values_raw, code)
    dep_raw = snapshot_values("departement", epci.departement_id) or {}
    dep_values = (
        dep_raw if is_admin(request.user) else national_public(dep_raw, epci.departement_id)
    )
    members = list(_member_communes(epci).values_list("code", "name"))
    return render(
        request,
        "observatory/intercommunality.html",
        {
            "epci": epci,
            "raw": raw,
            "indicators": indicator_rows(values, dep_values),
            "communes": tables.communes_of_table(epci.name, dict(members), raw=raw),
            "supply_trend": trends.supply_trend("epci", code),
            "supply_trend_keys": trends.SUPPLY_TREND_KEYS,
            "hidden_note": "" if raw else disclosure.HIDDEN_NOTE,
            "computed_at": computed_at(),
            **map_context(),
        },
    )
