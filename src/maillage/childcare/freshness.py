"""How much a stale availability sinks in the ranking (used by the matching adapter)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from maillage.childcare.policy import get_policy

if TYPE_CHECKING:
    from maillage.childcare.models import Childminder


def freshness_penalty(childminder: Childminder, today: dt.date) -> float:
    """0.0 while the availability is fresh, then rising linearly to 1.0 over one more stale
    period; 1.0 when it was never confirmed. The adapter multiplies its score by (1 − p)."""
    updated = childminder.availability_updated_at
    if updated is None:
        return 1.0
    stale_days = max(1, get_policy().availability_stale_days)
    age_days = (today - timezone.localdate(updated)).days
    if age_days <= stale_days:
        return 0.0
    return min(1.0, (age_days - stale_days) / stale_days)
