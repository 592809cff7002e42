"""Shared pieces of the occasional-care demo: accounts, communes, dates, counts."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from maillage.childcare.models import Childminder, Nursery
from maillage.families.demo_users import DEMO_ACCOUNTS
from maillage.occasional.enums import (
    HalfDay,
    OccasionalReason,
)
from maillage.occasional.models import (
    OccasionalBooking,
    OccasionalProposal,
    OccasionalRequest,
    OccasionalSlot,
)
from maillage.occasional.services.common import horizon_days
from maillage.territory.models import Commune, Departement

# The fixed demo accounts of seed_demo, one per role (read here, never created).
_DEMO_EMAILS = {account.key: account.email for account in DEMO_ACCOUNTS}
DEMO_PARENT = _DEMO_EMAILS["parent"]
DEMO_CHILDMINDER = _DEMO_EMAILS["childminder"]
DEMO_NURSERY_MANAGER = _DEMO_EMAILS["nursery_manager"]
DEMO_COUNSELLOR = _DEMO_EMAILS["counsellor"]

COMMUNES = 4  # the most populated commune plus the best-provided others
CHILDMINDERS_PER_COMMUNE = 4
NURSERIES_PER_COMMUNE = 2
REQUESTS_PER_COMMUNE = 3
DATES = 6  # weekdays offered, from tomorrow
REASONS = {
    OccasionalReason.INTERVIEW: 0.45,
    OccasionalReason.TRAINING_DAY: 0.3,
    OccasionalReason.TRIAL_WEEK: 0.15,
    OccasionalReason.OTHER: 0.1,
}
CHILDMINDER_HOURS = (("08:00", "18:00"), ("08:30", "12:30"), ("13:30", "18:00"))
NURSERY_HALF_DAYS = (HalfDay.DAY, HalfDay.DAY, HalfDay.MORNING, HalfDay.AFTERNOON)


@dataclass
class DemoActors:
    """The demo accounts that belong to this département (None when seeded elsewhere)."""

    parent: Any = None
    counsellor: Any = None
    childminder: Childminder | None = None
    nursery: Nursery | None = None
    provider_keys: set[str] = field(default_factory=set)


def t(hhmm: str) -> dt.time:
    hours, minutes = hhmm.split(":")
    return dt.time(int(hours), int(minutes))


def has_base_demo(departement: Departement) -> bool:
    """`seed_demo` ran for this département (its generated childminders exist)."""
    dep = departement.code.lower()
    return get_user_model().objects.filter(email__startswith=f"am.{dep}.").exists()


def has_occasional_data(departement: Departement) -> bool:
    in_dep = Q(nursery__commune__departement=departement) | Q(
        childminder__commune__departement=departement
    )
    return (
        OccasionalRequest.objects.filter(commune__departement=departement).exists()
        or OccasionalSlot.objects.filter(in_dep).exists()
    )


def next_weekdays(today: dt.date, count: int) -> list[dt.date]:
    """The next `count` weekdays after today, within the request horizon."""
    last = today + dt.timedelta(days=horizon_days())
    out, day = [], today + dt.timedelta(days=1)
    while len(out) < count and day <= last:
        if day.weekday() < 5:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def demo_actors(departement: Departement) -> DemoActors:
    emails = [DEMO_PARENT, DEMO_COUNSELLOR]
    users = {u.email: u for u in get_user_model().objects.filter(email__in=emails)}
    actors = DemoActors(parent=users.get(DEMO_PARENT), counsellor=users.get(DEMO_COUNSELLOR))
    actors.childminder = Childminder.objects.filter(
        user__email=DEMO_CHILDMINDER, commune__departement=departement
    ).first()
    actors.nursery = (
        Nursery.objects.filter(
            managers__email=DEMO_NURSERY_MANAGER, commune__departement=departement
        )
        .order_by("pk")
        .first()
    )
    if actors.childminder:
        actors.provider_keys.add(f"childminder:{actors.childminder.pk}")
    if actors.nursery:
        actors.provider_keys.add(f"nursery:{actors.nursery.pk}")
    return actors


def pick_communes(departement: Departement, actors: DemoActors) -> list[Commune]:
    """The most populated commune (where the demo parent and childminder live), the demo
    crèche's commune, then the communes with the most childminders and crèches."""
    communes = list(Commune.objects.filter(departement=departement).order_by("code"))
    main = max(communes, key=lambda c: (c.population, c.code))
    providers = Counter(
        dict(
            Childminder.objects.filter(commune__departement=departement)
            .values_list("commune")
            .annotate(n=Count("pk"))
        )
    )
    providers.update(
        dict(
            Nursery.objects.filter(commune__departement=departement)
            .values_list("commune")
            .annotate(n=Count("pk"))
        )
    )
    chosen = [main]
    if actors.nursery and actors.nursery.commune_id != main.pk:
        chosen.append(actors.nursery.commune)
    by_pk = {c.pk: c for c in communes}
    for pk, _ in sorted(providers.items(), key=lambda kv: (-kv[1], by_pk[kv[0]].code)):
        if len(chosen) >= COMMUNES:
            break
        if pk not in {c.pk for c in chosen}:
            chosen.append(by_pk[pk])
    return chosen


def occasional_counts(departement: Departement) -> dict[str, int]:
    requests = OccasionalRequest.objects.filter(commune__departement=departement)
    by_status = Counter(requests.values_list("status", flat=True))
    proposals = OccasionalProposal.objects.filter(request__in=requests)
    by_response = Counter(proposals.values_list("response", flat=True))
    slots = OccasionalSlot.objects.filter(
        Q(nursery__commune__departement=departement)
        | Q(childminder__commune__departement=departement)
    )
    return {
        "requests": requests.count(),
        **{f"requests_{k}": v for k, v in by_status.items()},
        "slots": slots.count(),
        "proposals": proposals.count(),
        **{f"proposals_{k}": v for k, v in by_response.items()},
        "bookings": OccasionalBooking.objects.filter(request_day__request__in=requests).count(),
    }
