"""Public search, without an account: the same engine and explanations as a parent's results.

A search is a transient, unsaved `Need` (nothing personal is stored): the commune's centroid,
the child's age turned into an approximate birth date, the weekly hours, a distance. Its
criteria can be kept in the session when the visitor asks for contact; after sign-up they
pre-fill the need form (`draft_from_search`). Searches are rate-limited per client address
in the database, one statement per search (`accounts.rate_counters`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from maillage.accounts.rate_counters import rate_counter_hit
from maillage.accounts.throttle import client_ip
from maillage.childcare.querysets import bounding_box
from maillage.core.memo import Memo
from maillage.families import engine_adapter as adapter
from maillage.families.models import Need
from maillage.territory.models import Commune

if TYPE_CHECKING:
    from django.http import HttpRequest

logger = logging.getLogger(__name__)

SESSION_KEY = "families_public_search"
MODE_FLAGS = ("accepts_childminder", "accepts_mam", "accepts_nursery")
CONTOUR_CACHE_SECONDS = 24 * 3600
MAX_CONTOUR_COMMUNES = 80


@dataclass(frozen=True)
class SearchCriteria:
    """What a visitor typed, validated (see `PublicSearchForm`)."""

    commune: Commune
    birth_date: dt.date
    schedule: str
    max_km: Decimal
    start: dt.date
    modes: tuple[str, ...]

    def transient_need(self) -> Need:
        """An unsaved need: the engine's input, never written to the database."""
        return Need(
            commune=self.commune,
            latitude=float(self.commune.latitude),
            longitude=float(self.commune.longitude),
            child_birth_date=self.birth_date,
            max_distance_km=self.max_km,
            start_date=self.start,
            schedule=self.schedule,
            **{flag: flag in self.modes for flag in MODE_FLAGS},
        )

    def as_session(self, provider_key: str = "") -> dict[str, Any]:
        return {
            "commune": self.commune.code,
            "birth_date": self.birth_date.isoformat(),
            "schedule": self.schedule,
            "max_km": str(self.max_km),
            "start": self.start.isoformat(),
            "modes": list(self.modes),
            "provider": provider_key,
        }


def birth_date_for_age(age_months: int, today: dt.date | None = None) -> dt.date:
    """An approximate birth date for a child of `age_months` today (the 1st of the month)."""
    today = today or timezone.localdate()
    months = today.year * 12 + today.month - 1 - age_months
    return dt.date(months // 12, months % 12 + 1, 1)


# The commune meant by a typed term is the same for every visitor (a territory import
# empties the memos). The instance itself is kept: it is only read (a need's foreign key, its
# name and centroid), and loading it again cost a query per search.
_COMMUNE_OF_TERM: Memo[Commune] = Memo("commune_of_term")


def clear_memos() -> None:
    from maillage.core.memo import clear_memos as clear_all

    clear_all()


def commune_for_term(term: str) -> Commune | None:
    """The commune meant by a typed name or postcode (`locate_commune`), memoised by term."""
    from maillage.territory.services.geo import locate_commune

    key = " ".join(term.lower().split())
    found = _COMMUNE_OF_TERM.get(key)
    if found is not None:
        return found
    found = locate_commune(term)
    if found is not None:
        _COMMUNE_OF_TERM.put(key, found)
    return found


def departements_for(criteria: SearchCriteria) -> tuple[str, ...]:
    """The départements whose providers may fit (with the relaxations' margin)."""
    around = max(float(criteria.max_km), 1.0) + adapter.RELAXATION_MARGIN_KM
    commune = criteria.commune
    return adapter.departements_around(float(commune.latitude), float(commune.longitude), around)


def search_index(criteria: SearchCriteria) -> adapter.ProviderIndex:
    """The providers' index this search reads (one query for its version). The same search
    under the same `.version` gives the same page (`core.page_cache`)."""
    return adapter.provider_index(departements_for(criteria))


def search_options(
    criteria: SearchCriteria, *, index: adapter.ProviderIndex | None = None
) -> adapter.OptionsView:
    """The engine's ranked, explained options for these criteria (nothing saved); `index`
    spares a second read of the index's version when the caller has it."""
    need = criteria.transient_need()
    return adapter.options_for_need(need, departements=departements_for(criteria), index=index)


# ---------------------------------------------------------------- rate limit


def client_address(request: HttpRequest) -> str:
    """The client's address, read as the login throttle reads it (behind
    `MAILLAGE_TRUSTED_PROXY_COUNT` reverse proxies, the one they saw)."""
    return client_ip(request) or "inconnu"


def search_rate() -> tuple[int, int]:
    count, seconds = getattr(settings, "MAILLAGE_PUBLIC_SEARCH_RATE", (30, 60))
    return int(count), int(seconds)


def rate_limited(request: HttpRequest) -> bool:
    """Counts this search for its client; True when it is over the limit of the window.

    One atomic statement (`accounts.rate_counters`): concurrent searches of one client are
    all counted, from any number of server processes."""
    count, seconds = search_rate()
    if count <= 0:
        return False
    address = client_address(request)
    # The address is personal data: only its digest is stored, for one window.
    digest = hashlib.sha256(address.encode()).hexdigest()[:40]
    used = rate_counter_hit(key=f"public-search:{digest}", window_seconds=seconds)
    if used == count + 1:
        logger.info("public_search rate_limited client=%s", address)
    return used > count


# ---------------------------------------------------------------- offline map base


def contours_geojson(commune: Commune, km: float) -> str:
    """The shipped contours of the communes around the searched one, as a GeoJSON
    FeatureCollection (the map's offline base; cached per commune and radius)."""
    radius = min(max(km, 1.0), 50.0) + 3.0
    key = f"public-search-contours:{commune.code}:{radius:g}"
    cached = cache.get(key)
    if cached is not None:
        return str(cached)
    min_lat, max_lat, min_lon, max_lon = bounding_box(
        float(commune.latitude), float(commune.longitude), radius
    )
    rows = (
        Commune.objects.filter(
            latitude__gte=min_lat,
            latitude__lte=max_lat,
            longitude__gte=min_lon,
            longitude__lte=max_lon,
        )
        .exclude(contour="")
        .order_by("-population")
        .values_list("code", "name", "contour")[:MAX_CONTOUR_COMMUNES]
    )
    features = []
    for code, name, contour in rows:
        try:
            geometry = json.loads(contour)
        except ValueError:
            continue
        if isinstance(geometry, dict) and geometry.get("type") == "Feature":
            geometry = geometry.get("geometry")
        features.append(
            {
                "type": "Feature",
                "properties": {"code": code, "name": name, "searched": code == commune.code},
                "geometry": geometry,
            }
        )
    text = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
    cache.set(key, text, CONTOUR_CACHE_SECONDS)
    return text


# ---------------------------------------------------------------- search -> need form


def remember_search(
    request: HttpRequest, criteria: SearchCriteria, provider_key: str, *, alert: bool = False
) -> None:
    request.session[SESSION_KEY] = {**criteria.as_session(provider_key), "alert": alert}


def remembered_search(request: HttpRequest) -> dict[str, Any] | None:
    data = request.session.get(SESSION_KEY)
    return dict(data) if isinstance(data, dict) else None


def draft_from_search(data: dict[str, Any]) -> dict[str, dict[str, list[str]]]:
    """The need form's session draft (steps « enfant », « horaires », « lieu ») filled from
    a kept search; the parent checks each step and gives her consent on the last one."""
    from maillage.core.schedule import week_to_ranges

    hours: dict[str, list[str]] = {}
    for day, spans in week_to_ranges(str(data.get("schedule", ""))).items():
        for number, (start, end) in enumerate(spans[:2], start=1):
            hours[f"hours_d{day}_{number}_start"] = [start]
            hours[f"hours_d{day}_{number}_end"] = [end]
    start = str(data.get("start", ""))
    if start < timezone.localdate().isoformat():
        start = timezone.localdate().isoformat()
    return {
        "enfant": {"child_first_name": [""], "child_birth_date": [str(data.get("birth_date"))]},
        "horaires": hours,
        "lieu": {
            "address": [""],
            "commune": [str(data.get("commune", ""))],
            "max_distance_km": [str(data.get("max_km", "5"))],
            "start_date": [start],
            "modes": [m for m in data.get("modes", []) if m in MODE_FLAGS] or list(MODE_FLAGS),
        },
    }
