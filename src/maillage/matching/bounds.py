"""Bounded work: a need's search radius never exceeds the territory's limit.

A family may ask for « 1 000 km »: the engine searches within ``Policy.max_candidates_km`` and
says so in French, instead of building a candidate set the size of the country.
"""

from __future__ import annotations

import dataclasses
import math

from .explain import km_fr
from .model import Need, Policy


def capped_need(need: Need, policy: Policy) -> tuple[Need, str | None]:
    """The need with its radius capped by the policy, and the French note when it was."""
    limit = policy.max_candidates_km
    # A non-finite radius is left for validation to refuse, not silently capped.
    if not math.isfinite(need.max_km) or need.max_km <= limit:
        return need, None
    note = (
        f"Distance maximale demandée : {km_fr(need.max_km)} km ; la recherche est limitée à "
        f"{km_fr(limit)} km autour de chez vous, la limite fixée pour le territoire."
    )
    return dataclasses.replace(need, max_km=limit), note
