"""What every line check needs, loaded once per import: communes and the scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from maillage.childcare.policy import get_policy
from maillage.registers.formats import CommuneRef, Context
from maillage.territory.models import Commune


def context_load(*, departements: Iterable[str], today: dt.date | None = None) -> Context:
    """Every commune of France (a line in another département gets a precise message), and
    the départements the import may write to."""
    by_code: dict[str, CommuneRef] = {}
    by_postcode_name: dict[tuple[str, str], str] = {}
    rows = Commune.objects.values_list(
        "code", "departement_id", "latitude", "longitude", "postcodes", "search_name"
    )
    for code, departement, lat, lon, postcodes, search_name in rows.iterator(chunk_size=5000):
        by_code[code] = CommuneRef(code, departement, float(lat), float(lon))
        for postcode in postcodes.split():
            by_postcode_name[(postcode, search_name)] = code
    return Context(
        by_code=by_code,
        by_postcode_name=by_postcode_name,
        departements=frozenset(departements),
        today=today or timezone.localdate(),
        policy=get_policy(),
    )
