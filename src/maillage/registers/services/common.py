"""Helpers shared by the three writers: field sources, supply history, left providers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import models

from maillage.childcare.enums import FieldSource, RegisterStatus
from maillage.childcare.models_history import PlaceChange, SupplySource
from maillage.childcare.sources import declared_by_provider

REGISTER = FieldSource.REGISTER.value


def apply_fields(provider: Any, values: dict[str, Any]) -> tuple[list[str], int]:
    """Set the register's values on `provider`, except fields she declared herself.

    Returns (changed field names, number of fields kept because she declared them)."""
    changed: list[str] = []
    kept = 0
    sources = dict(provider.field_sources or {})
    for name, value in values.items():
        if getattr(provider, name) == value:
            continue
        if provider.pk and declared_by_provider(provider, name):
            kept += 1
            continue
        setattr(provider, name, value)
        sources[name] = REGISTER
        changed.append(name)
    if changed:
        provider.field_sources = sources
        changed.append("field_sources")
    return changed, kept


def register_sources(fields: Iterable[str]) -> dict[str, str]:
    return dict.fromkeys(fields, REGISTER)


def place_change(
    *, commune: str, kind: str, provider_id: int, before: int, after: int, at: dt.datetime
) -> PlaceChange | None:
    """The dated supply line an import adds (as `place_change_record` does, source import)."""
    if after == before:
        return None
    return PlaceChange(
        at=at,
        commune_id=commune,
        provider_kind=kind,
        provider_id=provider_id,
        delta=after - before,
        source=SupplySource.IMPORT,
    )


def mark_left(
    *,
    model: type[models.Model],
    departements: Iterable[str],
    present: set[Any],
    key_of: Any,
    fields: tuple[str, ...],
    now: dt.datetime,
    dry_run: bool,
) -> int:
    """Providers listed in the register of these départements but absent from this file are
    marked "left" (a territory administrator confirms before they leave the results)."""
    rows = model._default_manager.filter(  # type: ignore[attr-defined]
        commune__departement_id__in=list(departements),
        register_status=RegisterStatus.LISTED,
    ).values_list("pk", *fields)
    gone = [row[0] for row in rows.iterator(chunk_size=5000) if key_of(row[1:]) not in present]
    if not dry_run:
        for start in range(0, len(gone), 500):
            model._default_manager.filter(pk__in=gone[start : start + 500]).update(  # type: ignore[attr-defined]
                register_status=RegisterStatus.LEFT, register_left_at=now
            )
    return len(gone)
