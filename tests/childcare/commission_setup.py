"""A small, hand-checkable commission: one crèche of Saint-Denis with 2 free places and four
families around it (points with the default grid: job seeker 30, single parent 20).

    A  job seeker + single parent   50 points  (declared last)
    B  job seeker                   30 points
    D  single parent                20 points
    C  no priority                   0 points  (declared first)

Both modes place A and B; D then C wait."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import time_machine

from maillage.childcare.models import Nursery, NurseryAgeGroup
from maillage.families.models import Need
from tests.accounts.factories import NurseryManagerFactory
from tests.families.factories import NurseryFactory
from tests.families.helpers import NOW, open_need
from tests.territory.factories import CommuneFactory


@dataclass
class Territory:
    manager: object
    nursery: Nursery
    section: NurseryAgeGroup
    a: Need
    b: Need
    c: Need
    d: Need


def small_territory(places: int = 2, nursery_name: str = "Crèche des Coquelicots") -> Territory:
    saint_denis = CommuneFactory(saint_denis=True)
    manager = NurseryManagerFactory(first_name="Sylvie", last_name="Martin")
    nursery = NurseryFactory(
        name=nursery_name, commune=saint_denis, managers=[manager], availability_updated_at=NOW
    )
    section = NurseryAgeGroup.objects.create(
        nursery=nursery,
        kind="mixed",
        min_age_months=2,
        max_age_months=36,
        places=12,
        places_taken=12 - places,
    )
    needs = {}
    for name, minutes, flags in [
        ("c", 0, {}),
        ("d", 1, {"single_parent": True}),
        ("b", 2, {"job_seeker": True, "employed": False}),
        ("a", 3, {"job_seeker": True, "single_parent": True, "employed": False}),
    ]:
        with time_machine.travel(NOW - dt.timedelta(days=10) + dt.timedelta(minutes=minutes)):
            needs[name] = open_need(saint_denis, **flags)
    return Territory(manager, nursery, section, **needs)
