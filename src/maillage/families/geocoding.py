"""Where a family lives: an address or a commune resolved to a commune and a point.

The default geocoder works offline: it resolves the commune (typed name, postcode, or the
commune chosen in the form) and returns its centroid. A deployment may plug an online
geocoder (e.g. the Base Adresse Nationale) with the setting ``MAILLAGE_GEOCODER`` (dotted
path of a class implementing :class:`Geocoder`); it is off by default and never used in tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from maillage.territory.models import Commune
from maillage.territory.services.geo import locate_commune

DEFAULT_GEOCODER = "maillage.families.geocoding.OfflineCommuneGeocoder"


@dataclass(frozen=True)
class Location:
    commune: Commune
    latitude: float
    longitude: float
    precise: bool  # True when the point is the address, False for the commune centroid


class Geocoder(Protocol):
    def locate(self, *, address: str, commune: Commune | None) -> Location | None:
        """The family's location, or None when nothing matches."""


class OfflineCommuneGeocoder:
    """No network: the commune's centroid (the address is kept only to find the commune)."""

    def locate(self, *, address: str, commune: Commune | None) -> Location | None:
        found = commune or locate_commune(address)
        if found is None or found.latitude is None or found.longitude is None:
            return None
        return Location(found, float(found.latitude), float(found.longitude), precise=False)


def get_geocoder() -> Geocoder:
    path = getattr(settings, "MAILLAGE_GEOCODER", "") or DEFAULT_GEOCODER
    return import_string(path)()  # type: ignore[no-any-return]
