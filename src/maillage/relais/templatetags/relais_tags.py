"""`{% relais_for commune as relais_list %}`: the Relais Petite Enfance covering a commune, for
pages of other apps (the public search) that show them without changing their views."""

from __future__ import annotations

from typing import Any

from django import template

from maillage.core.memo import Memo
from maillage.relais.models import RelaisPetiteEnfance

register = template.Library()

# The directory changes with an import (which empties this process's memos); other processes
# see it within five minutes. Read on every public search.
_COVERING: Memo[list[RelaisPetiteEnfance]] = Memo("relais_covering", ttl_seconds=300)


@register.simple_tag
def relais_for(commune: Any) -> list[RelaisPetiteEnfance]:
    if commune is None:
        return []
    code = getattr(commune, "pk", commune)
    return _COVERING.get_or_compute(
        code, lambda: list(RelaisPetiteEnfance.objects.covering(commune))
    )
