"""Demo childminders: agrément, age pyramid, hours, MAMs and the children already in care."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from django.contrib.auth import get_user_model

from maillage.accounts.enums import Role
from maillage.childcare.demo.common import (
    DEMO_DOMAIN,
    address,
    availability_stamp,
    jitter,
    next_september,
    person,
)
from maillage.childcare.demo.common import weighted_choice as pick
from maillage.childcare.demo.schedules import child_schedules, childminder_hours, intersect
from maillage.childcare.models import ChildInCare, Childminder, Mam
from maillage.territory.models import Commune

# Policy parameters of the demo (see docs): agrément capacity, age pyramid, behaviours.
CAPACITY_SHARES = {2: 0.10, 3: 0.35, 4: 0.55}
MEAN_CAPACITY = sum(c * s for c, s in CAPACITY_SHARES.items())
# Age bands (years) of childminders: a large share is 55 or older (the 2030 retirement cliff).
AGE_BANDS = {(25, 34): 0.08, (35, 44): 0.20, (45, 54): 0.30, (55, 59): 0.22, (60, 67): 0.20}
MAM_SHARE = 0.10
ATYPICAL_SHARE = 0.15
WEDNESDAY_OFF_SHARE = 0.15
EXPIRED_AGREMENT_SHARE = 0.04
# Occupancy: some have free places now, some will have soon, most are full.
FREE_NOW_SHARE = 0.12
FREEING_SOON_SHARE = 0.23
MAM_NAMES = (
    "Les Petits Pas",
    "Les Bambins",
    "Les Doudous",
    "La Cabane",
    "Les Mini-Pouces",
    "Le Nid",
    "Les Frimousses",
    "Les Galopins",
    "L'Île aux enfants",
    "Les Trottinettes",
)
LANGUAGES = ("anglais", "arabe", "portugais", "espagnol", "tamoul", "turc", "roumain", "wolof")


def _capacities(total_places: int, rng: random.Random) -> list[int]:
    """Capacities drawn from the distribution whose sum is exactly `total_places`."""
    caps: list[int] = []
    remaining = total_places
    while remaining > 0:
        cap = min(pick(rng, CAPACITY_SHARES), remaining)
        caps.append(cap)
        remaining -= cap
    return caps


def _children(
    cm: Childminder, rng: random.Random, today: dt.date
) -> tuple[list[ChildInCare], dt.date | None]:
    """Children holding the childminder's places, and when a place is free."""
    cap = cm.agrement_capacity
    draw = rng.random()
    used = cap
    if draw < FREE_NOW_SHARE:
        used = cap - rng.randint(1, min(2, cap))
    kids: list[ChildInCare] = []
    for _ in range(used):
        for bits in child_schedules(rng):
            kids.append(
                ChildInCare(
                    childminder=cm,
                    age_months=rng.randint(3, 40),
                    schedule=intersect(bits, cm.working_hours),
                )
            )
    if used < cap:
        return kids, today
    if draw < FREE_NOW_SHARE + FREEING_SOON_SHARE and kids:
        leaving = max(kids, key=lambda k: k.age_months)
        if leaving.age_months >= 28 and rng.random() < 0.6:
            leaving.leaves_on = next_september(today)
        else:
            leaving.leaves_on = today + dt.timedelta(days=rng.randint(14, 150))
        return kids, leaving.leaves_on
    return kids, None


def seed_childminders(
    *,
    departement: str,
    communes: Sequence[Commune],
    places_by_commune: Sequence[int],
    rng: random.Random,
    today: dt.date,
    now: dt.datetime,
) -> dict[str, int]:
    """Create childminders whose agrément capacities sum to the places of each commune."""
    plan: list[tuple[Commune, int]] = []
    for commune, places in zip(communes, places_by_commune, strict=True):
        plan.extend((commune, cap) for cap in _capacities(places, rng))
    dep = departement.lower()
    # Drawn, not saved: the register import creates the accounts (see below).
    user_model = get_user_model()
    users = [
        user_model(
            email=f"am.{dep}.{i:05d}@{DEMO_DOMAIN}",
            role=Role.CHILDMINDER,
            first_name=first,
            last_name=last,
        )
        for i, (first, last) in enumerate(person(rng, female_share=0.98) for _ in plan)
    ]
    # MAMs: about one childminder in ten, in groups of 2 to 4 within a commune.
    mams: list[Mam] = []
    mam_of: dict[int, int] = {}
    by_commune: dict[str, list[int]] = {}
    for index, (commune, _) in enumerate(plan):
        by_commune.setdefault(commune.code, []).append(index)
    for commune in communes:
        members = [i for i in by_commune.get(commune.code, []) if rng.random() < MAM_SHARE]
        while len(members) >= 2:
            size = min(rng.choice((2, 3, 3, 4)), len(members))
            group, members = members[:size], members[size:]
            if len(members) == 1:
                group, members = group + members, []
            lat, lon = jitter(commune, rng)
            mams.append(
                Mam(
                    name=f"MAM {rng.choice(MAM_NAMES)}",
                    commune=commune,
                    address=address(rng),
                    latitude=lat,
                    longitude=lon,
                )
            )
            for i in group:
                mam_of[i] = len(mams) - 1

    childminders: list[Childminder] = []
    kids_of: list[list[ChildInCare]] = []
    for index, ((commune, cap), user) in enumerate(zip(plan, users, strict=True)):
        age = rng.randint(*pick(rng, AGE_BANDS))
        atypical = index not in mam_of and rng.random() < ATYPICAL_SHARE
        mam = mams[mam_of[index]] if index in mam_of else None
        lat, lon = (mam.latitude, mam.longitude) if mam else jitter(commune, rng)
        if rng.random() < EXPIRED_AGREMENT_SHARE:
            valid_until = today - dt.timedelta(days=rng.randint(1, 300))
        else:
            valid_until = today + dt.timedelta(days=rng.randint(30, 5 * 365))
        cm = Childminder(
            user=user,
            mam=mam,
            commune=commune,
            address=address(rng),
            latitude=lat,
            longitude=lon,
            birth_year=today.year - age,
            agrement_number=f"{departement}-AM-{index + 1:05d}",
            agrement_capacity=cap,
            agrement_max_age_months=36 if rng.random() < 0.05 else 72,
            agrement_valid_until=valid_until,
            own_children_under_3=1 if rng.random() < 0.05 else 0,
            working_hours=childminder_hours(
                rng,
                atypical=atypical,
                wednesday_off=rng.random() < WEDNESDAY_OFF_SHARE,
            ),
            accepts_atypical_hours=atypical,
            has_garden=rng.random() < (0.25 if commune.population > 50_000 else 0.6),
            disability_experience=rng.random() < 0.08,
            languages=rng.choice(LANGUAGES) if rng.random() < 0.25 else "",
            availability_updated_at=availability_stamp(rng, now),
        )
        kids, free_from = _children(cm, rng, today)
        cm.available_from = free_from
        childminders.append(cm)
        kids_of.append(kids)
    # Through the PMI register file, as a real territory loads its childminders.
    from maillage.registers.demo import demo_childminders_import

    imported = demo_childminders_import(
        departement=departement, childminders=childminders, mams=mams, kids_of=kids_of
    )
    kids = imported["kids"]
    return {
        "childminders": len(childminders),
        "childminder_places": sum(cm.agrement_capacity for cm in childminders),
        "mams": len(mams),
        "childminders_in_mam": len(mam_of),
        "children_in_care": len(kids),
        "childminders_atypical": sum(cm.accepts_atypical_hours for cm in childminders),
        "childminders_free_now": sum(cm.available_from == today for cm in childminders),
        "childminders_55_plus": sum(today.year - (cm.birth_year or 0) >= 55 for cm in childminders),
    }
