"""What the public may know of where a provider works: the commune and a rough distance."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from maillage.territory.services.geo import haversine_km

if TYPE_CHECKING:
    from maillage.childcare.models import Childminder

ROUNDING_KM = 0.5


@dataclass(frozen=True)
class PublicLocation:
    commune_name: str
    distance_km: float  # rounded up to the next 0.5 km, at least 0.5

    @property
    def label(self) -> str:
        distance = f"{self.distance_km:.1f}".replace(".", ",").replace(",0", "")
        return f"{self.commune_name}, à environ {distance} km"

    def __str__(self) -> str:
        return self.label


def round_up_distance(km: float) -> float:
    """1.2 -> 1.5, 1.5 -> 1.5, 0.0 -> 0.5: never more precise than half a kilometre."""
    steps = max(1, math.ceil(round(km / ROUNDING_KM, 6)))
    return steps * ROUNDING_KM


def public_location(childminder: Childminder, from_lat: float, from_lon: float) -> PublicLocation:
    """The commune name and the distance rounded up to 0.5 km; never the address."""
    km = haversine_km(from_lat, from_lon, childminder.latitude, childminder.longitude)
    return PublicLocation(commune_name=childminder.commune.name, distance_km=round_up_distance(km))
