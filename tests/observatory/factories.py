"""Providers and needs for the observatory's tests (created directly with the models)."""

from __future__ import annotations

import datetime as dt
import itertools

from maillage.accounts.models import User
from maillage.childcare.models import Childminder, Nursery, NurseryAgeGroup
from maillage.core.schedule import week_from_ranges

_seq = itertools.count()


def user(role: str = "childminder", **kwargs) -> User:
    n = next(_seq)
    return User.objects.create_user(email=f"obs{n}@example.org", password="x", role=role, **kwargs)


def childminder(commune, *, capacity=4, birth_year=1970, valid_until=dt.date(2030, 1, 1)):
    return Childminder.objects.create(
        user=user(),
        commune=commune,
        latitude=commune.latitude,
        longitude=commune.longitude,
        birth_year=birth_year,
        agrement_capacity=capacity,
        agrement_valid_until=valid_until,
        working_hours=week_from_ranges({d: [("08:00", "18:00")] for d in range(5)}),
    )


def nursery(commune, *, places=20, taken=15):
    n = Nursery.objects.create(
        name=f"Crèche {next(_seq)}",
        kind="collective",
        commune=commune,
        latitude=commune.latitude,
        longitude=commune.longitude,
        opening_hours=week_from_ranges({d: [("07:30", "18:30")] for d in range(5)}),
    )
    NurseryAgeGroup.objects.create(
        nursery=n,
        kind="mixed",
        min_age_months=3,
        max_age_months=36,
        places=places,
        places_taken=taken,
    )
    return n
