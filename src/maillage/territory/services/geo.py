"""Offline geography helpers: distances and resolution of a typed commune or postcode."""

from __future__ import annotations

import math
import re

from maillage.territory.models import Commune
from maillage.territory.text import normalize_query

EARTH_RADIUS_KM = 6371.0088
_POSTCODE = re.compile(r"\b(\d{5})\b")
_LABEL_SUFFIX = re.compile(r"\s*\([^)]*\)\s*$")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two WGS84 points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    delta_phi = math.radians(lat2 - lat1)
    delta_lambda = math.radians(lon2 - lon1)
    a = (
        math.sin(delta_phi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(delta_lambda / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def locate_commune(term: str) -> Commune | None:
    """The commune meant by a typed name, postcode, or both; ``None`` if nothing matches.

    '93200' -> the most populated commune with that postcode; 'saint denis' -> the exact
    name match with the largest population (Saint-Denis 93 before Saint-Denis 974);
    'Saint-Denis 97400' or 'Saint-Denis (97400)' -> the one with that postcode.
    """
    term = (term or "").strip()
    if not term:
        return None
    postcode_match = _POSTCODE.search(term)
    name = _POSTCODE.sub(" ", term) if postcode_match else _LABEL_SUFFIX.sub("", term)
    name = name.replace("(", " ").replace(")", " ").strip(" ,-")
    queryset = Commune.objects.all()
    if postcode_match:
        postcode = postcode_match.group(1)
        queryset = queryset.filter(postcodes__contains=postcode).filter(
            postcodes__regex=rf"(^| ){postcode}( |$)"
        )
        if not normalize_query(name):
            return queryset.order_by("-population", "code").first()
    normalized = normalize_query(name)
    if not normalized:
        return None
    exact = queryset.filter(search_name=normalized).order_by("-population", "code").first()
    if exact is not None:
        return exact
    return queryset.search(name).first()
