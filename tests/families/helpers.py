"""Shared set-up of the families web tests: a frozen clock and a small supply in 93."""

from __future__ import annotations

import datetime as dt

from maillage.core.schedule import week_from_ranges
from maillage.families.enums import NeedStatus
from tests.families.factories import ChildminderFactory, NeedFactory, NurseryFactory

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
WEEKDAYS_8_17 = week_from_ranges({d: [("08:00", "17:00")] for d in range(5)})


def free_childminder(commune, **kwargs):
    """A childminder of `commune` with free places declared from today, fresh availability."""
    defaults = {
        "commune": commune,
        "available_from": TODAY,
        "availability_updated_at": NOW,
        "address": "3 allée des Tilleuls",
        "latitude": commune.latitude + 0.003,
        "longitude": commune.longitude + 0.003,
    }
    return ChildminderFactory(**{**defaults, **kwargs})


def nursery_with_places(commune, places=10, taken=0, **kwargs):
    from maillage.childcare.models import NurseryAgeGroup

    nursery = NurseryFactory(commune=commune, availability_updated_at=NOW, **kwargs)
    NurseryAgeGroup.objects.create(
        nursery=nursery,
        kind="mixed",
        min_age_months=2,
        max_age_months=48,
        places=places,
        places_taken=taken,
    )
    return nursery


def open_need(commune, **kwargs):
    defaults = {
        "commune": commune,
        "status": NeedStatus.OPEN,
        "child_birth_date": dt.date(2026, 3, 1),
        "start_date": dt.date(2027, 1, 4),
        "schedule": WEEKDAYS_8_17,
    }
    return NeedFactory(**{**defaults, **kwargs})
