"""Demo families and their care needs.

Assumption (documented, a parameter): at a given moment, the families of about 10 % of the
children born in the last year are looking for a formal care place through the platform
(`NEED_RATE`): roughly 55-60 % of children under 3 are cared for formally, entries spread over
the first three years, and not every family uses the platform. Needs are spread over the
communes in proportion to their latest year of births.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from maillage.accounts.enums import Role
from maillage.childcare.demo import bulk_users, jitter, largest_remainder
from maillage.childcare.demo.common import CHILD_NAMES, DEMO_DOMAIN, person
from maillage.childcare.demo.common import weighted_choice as pick
from maillage.childcare.demo.schedules import family_schedule
from maillage.families.enums import NeedStatus
from maillage.families.models import Need
from maillage.territory.models import Commune

NEED_RATE = 0.10
JOB_SEEKER_SHARE = 0.30
ATYPICAL_SHARE = {True: 0.20, False: 0.10}  # by job seeker or not: their future jobs
WEEKEND_SHARE = 0.05
WITHOUT_ACCOUNT_SHARE = 0.05  # recorded by a counsellor for a family without an account
STATUS_SHARES = {
    NeedStatus.OPEN: 0.85,
    NeedStatus.DRAFT: 0.05,
    NeedStatus.MATCHED: 0.05,
    NeedStatus.CLOSED: 0.03,
    NeedStatus.CANCELLED: 0.02,
}
DISTANCES_KM = {2: 0.15, 3: 0.25, 5: 0.30, 7: 0.15, 10: 0.15}
MODES = {  # (childminder, mam, nursery)
    (True, True, True): 0.60,
    (False, False, True): 0.15,
    (True, True, False): 0.15,
    (True, False, False): 0.10,
}


def births_last_year(commune: Commune) -> int:
    births = commune.births_by_year or {}
    if births:
        return int(births[max(births)] or 0)
    return commune.children_under_3 // 3


def needs_target(communes: Sequence[Commune], scale: float = 1.0) -> list[int]:
    weights = [float(births_last_year(c)) for c in communes]
    return largest_remainder(round(sum(weights) * NEED_RATE * scale), weights)


def _situation(rng: random.Random, job_seeker_share: float) -> dict[str, bool]:
    job_seeker = rng.random() < job_seeker_share
    in_training = not job_seeker and rng.random() < 0.08
    return {
        "job_seeker": job_seeker,
        "in_training": in_training,
        "employed": not (job_seeker or in_training) or rng.random() < 0.05,
        "single_parent": rng.random() < (0.35 if job_seeker else 0.18),
        "social_minima": rng.random() < (0.35 if job_seeker else 0.07),
        "child_disability": rng.random() < 0.02,
        "sibling_placed": rng.random() < 0.12,
        "counsellor_referral": job_seeker and rng.random() < 0.40,
    }


def seed_needs(
    *,
    departement: str,
    communes: Sequence[Commune],
    rng: random.Random,
    today: dt.date,
    now: dt.datetime,
    counsellor: Any,
    scale: float = 1.0,
    job_seeker_share: float = JOB_SEEKER_SHARE,
) -> dict[str, int]:
    """Create parents (fast accounts) and their needs; `counsellor` follows the referrals."""
    counts = needs_target(communes, scale)
    plan = [c for c, n in zip(communes, counts, strict=True) for _ in range(n)]
    with_account = [rng.random() >= WITHOUT_ACCOUNT_SHARE for _ in plan]
    dep = departement.lower()
    parents = iter(
        bulk_users(
            {
                "email": f"parent.{dep}.{i + 1:05d}@{DEMO_DOMAIN}",
                "role": Role.PARENT,
                "first_name": first,
                "last_name": last,
                "email_verified": True,
            }
            for i, (first, last) in enumerate(
                person(rng, female_share=0.7) for has in with_account if has
            )
        )
    )
    needs: list[Need] = []
    for index, (commune, has_account) in enumerate(zip(plan, with_account, strict=True)):
        situation = _situation(rng, job_seeker_share)
        if not has_account:
            situation["counsellor_referral"] = True
        parent = next(parents) if has_account else None
        weekend = rng.random() < WEEKEND_SHARE
        schedule, _ = family_schedule(
            rng, atypical=rng.random() < ATYPICAL_SHARE[situation["job_seeker"]], weekend=weekend
        )
        if rng.random() < 0.15:
            birth = today + dt.timedelta(days=rng.randint(10, 100))  # expected birth
        else:
            birth = today - dt.timedelta(days=rng.randint(30, 420))
        start = max(today + dt.timedelta(days=rng.randint(7, 183)), birth + dt.timedelta(days=75))
        status = pick(rng, STATUS_SHARES)
        childminder, mam, nursery = pick(rng, MODES)
        lat, lon = jitter(commune, rng)
        consent = None
        if status != NeedStatus.DRAFT:
            consent = now - dt.timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 1439))
            consent = consent.replace(microsecond=0)
        needs.append(
            Need(
                parent=parent,
                family_email="" if parent else f"famille.{dep}.{index + 1:05d}@{DEMO_DOMAIN}",
                created_by=parent or counsellor,
                counsellor=counsellor if situation["counsellor_referral"] else None,
                child_first_name=rng.choice(CHILD_NAMES) if rng.random() < 0.7 else "",
                child_birth_date=birth,
                commune=commune,
                latitude=lat,
                longitude=lon,
                max_distance_km=Decimal(pick(rng, DISTANCES_KM)),
                start_date=start,
                accepts_childminder=childminder,
                accepts_mam=mam,
                accepts_nursery=nursery,
                schedule=schedule,
                consent_given_at=consent,
                status=status,
                closed_at=consent if status in (NeedStatus.MATCHED, NeedStatus.CLOSED) else None,
                **situation,
            )
        )
    Need.objects.bulk_create(needs, batch_size=1000)
    return {
        "parents": sum(with_account),
        "needs": len(needs),
        "needs_open": sum(n.status == NeedStatus.OPEN for n in needs),
        "needs_job_seekers": sum(n.job_seeker for n in needs),
        "needs_atypical_or_weekend": sum(_atypical(n.schedule) for n in needs),
    }


def _atypical(bits: str) -> bool:
    """Before 7:00, after 19:00, or on a weekend."""
    for day in range(7):
        row = bits[day * 48 : (day + 1) * 48]
        if "1" in row and (day >= 5 or "1" in row[:14] or "1" in row[38:]):
            return True
    return False
