"""Who set each field of a provider: the register import or the provider herself.

An import never overwrites a field the provider declared (free places, children in care,
hours or sections she edited). The provider-side services call `mark_provider_fields`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from maillage.childcare.enums import FieldSource

# Never written by an import, whatever their recorded source.
PROVIDER_ONLY_FIELDS = frozenset(
    {
        "free_places",
        "available_from",
        "availability_updated_at",
        "children_in_care",
        "own_children_under_3",
        "own_children_under_11",
        "places_taken",
        "free_from",
    }
)


def mark_provider_fields(provider: Any, fields: Iterable[str]) -> bool:
    """Record `fields` as declared by the provider; True when `field_sources` changed."""
    sources = dict(provider.field_sources or {})
    changed = False
    for field in fields:
        if sources.get(field) != FieldSource.PROVIDER:
            sources[field] = FieldSource.PROVIDER.value
            changed = True
    if changed:
        provider.field_sources = sources
    return changed


def declared_by_provider(provider: Any, field: str) -> bool:
    return (
        field in PROVIDER_ONLY_FIELDS
        or (provider.field_sources or {}).get(field) == FieldSource.PROVIDER
    )
