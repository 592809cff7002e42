"""Occasional-care situations.

interview_request(parent, commune, day)   a job interview on `day`, 9:00–12:00, child 12 months
crèche_with_free_morning(commune, day)    a multi-accueil whose babies' section has 1 place
"""

from __future__ import annotations

import datetime as dt

from maillage.occasional.enums import HalfDay
from maillage.occasional.services import (
    occasional_request_create,
    occasional_slot_declare_childminder,
    occasional_slot_declare_nursery,
)
from tests.accounts.factories import NurseryManagerFactory, ParentFactory
from tests.childcare.factories import (
    ChildminderFactory,
    NurseryAgeGroupFactory,
    NurseryFactory,
)

BIRTH_12_MONTHS = dt.date(2025, 3, 1)


def t(hhmm: str) -> dt.time:
    h, m = hhmm.split(":")
    return dt.time(int(h), int(m))


def interview_request(*, commune, days, parent=None, today, **kw):
    parent = parent or ParentFactory(job_seeker_parent=True)
    return occasional_request_create(
        by=parent,
        parent=parent,
        child_birth_date=kw.pop("child_birth_date", BIRTH_12_MONTHS),
        commune=commune,
        max_distance_km=kw.pop("max_distance_km", 5),
        reason=kw.pop("reason", "interview"),
        days=[(d, t(s), t(e)) for d, s, e in days],
        today=today,
        **kw,
    )


def nursery_with_slot(*, commune, date, half_day=HalfDay.DAY, places=1, today, **kw):
    manager = NurseryManagerFactory()
    nursery = NurseryFactory(commune=commune, managers=[manager], **kw)
    group = NurseryAgeGroupFactory(nursery=nursery, min_age_months=3, max_age_months=36)
    slot = occasional_slot_declare_nursery(
        age_group=group, date=date, half_day=half_day, places=places, by=manager, today=today
    )
    return manager, nursery, slot


def childminder_with_slot(*, commune, date, start="08:00", end="18:00", places=1, today, **kw):
    childminder = ChildminderFactory(commune=commune, **kw)
    slot = occasional_slot_declare_childminder(
        childminder=childminder,
        date=date,
        start_time=t(start),
        end_time=t(end),
        places=places,
        by=childminder.user,
        today=today,
    )
    return childminder.user, childminder, slot
