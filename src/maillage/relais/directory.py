"""The Relais Petite Enfance covering a commune, as shown beside search results and on the
no-result pages: read on every search, so kept per process (`core.memo`). The directory changes
with an import, which empties this process's memos; other processes see it within 5 minutes."""

from __future__ import annotations

from typing import Any

from maillage.core.memo import Memo
from maillage.relais.models import RelaisPetiteEnfance

_COVERING: Memo[list[RelaisPetiteEnfance]] = Memo("relais_covering", ttl_seconds=300)


def relais_covering(commune: Any) -> list[RelaisPetiteEnfance]:
    """The relais of a commune (a Commune or its INSEE code), by name; shared: read only."""
    if commune is None:
        return []
    code = getattr(commune, "pk", commune)
    return _COVERING.get_or_compute(code, lambda: list(RelaisPetiteEnfance.objects.covering(code)))
