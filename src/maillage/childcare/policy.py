"""Legal and product parameters of childcare, configurable (see docs/domain.md: *verify*).

Defaults come from the domain notes; a deployment overrides any of them with the setting
``MAILLAGE_CHILDCARE_POLICY = {"max_agrement_children": 4, ...}``. Nothing else in the app
hard-codes these figures.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

UNDER_3_MONTHS = 36


@dataclass(frozen=True)
class ChildcarePolicy:
    # Agrément of a childminder (PMI): children accepted at the same time.
    max_agrement_children: int = 4
    # Minors under 11 present at once, her own children included.
    max_minors_under_11: int = 6
    # Children under 3 present at once, her own children included.
    max_under_3: int = 4
    # An agrément is granted for 5 years (*verify*): the furthest validity date accepted.
    agrement_max_years: int = 5
    # AVIP crèches reserve at least this share of places for job-seeking parents.
    avip_min_share: Decimal = Decimal("0.20")
    # Availability not updated for this many days is stale (reminder + lower rank).
    availability_stale_days: int = 30
    # Days between two reminders to the same childminder.
    reminder_every_days: int = 7


def get_policy() -> ChildcarePolicy:
    overrides = dict(getattr(settings, "MAILLAGE_CHILDCARE_POLICY", {}) or {})
    overrides.setdefault(
        "availability_stale_days", getattr(settings, "MAILLAGE_AVAILABILITY_STALE_DAYS", 30)
    )
    known = {f.name for f in dataclasses.fields(ChildcarePolicy)}
    return ChildcarePolicy(**{k: v for k, v in overrides.items() if k in known})


def agrement_errors(
    *,
    capacity: int,
    own_children_under_3: int = 0,
    own_children_under_11: int = 0,
    max_age_months: int | None = None,
    policy: ChildcarePolicy | None = None,
) -> dict[str, str]:
    """French error per field when the declared agrément breaks a legal limit ({} if fine).

    ``own_children_under_11`` includes her children under 3. When every child accepted is
    under 3 (``max_age_months`` ≤ 36), the under-3 limit applies to the whole capacity.
    """
    policy = policy or get_policy()
    errors: dict[str, str] = {}
    if capacity < 1:
        errors["agrement_capacity"] = "Indiquez au moins 1 enfant accueilli."
    elif capacity > policy.max_agrement_children:
        errors["agrement_capacity"] = (
            f"Un agrément permet d'accueillir au plus {policy.max_agrement_children} enfants "
            "en même temps : vérifiez le nombre inscrit sur votre agrément."
        )
    if own_children_under_3 > own_children_under_11:
        errors["own_children_under_3"] = (
            "Vos enfants de moins de 3 ans sont aussi comptés parmi vos enfants de moins de 11 ans."
        )
    if "agrement_capacity" not in errors:
        if capacity + own_children_under_11 > policy.max_minors_under_11:
            errors["agrement_capacity"] = (
                f"Au plus {policy.max_minors_under_11} mineurs de moins de 11 ans peuvent être "
                "présents en même temps, vos propres enfants compris : avec vos "
                f"{own_children_under_11} enfant(s), vous pouvez accueillir au plus "
                f"{max(0, policy.max_minors_under_11 - own_children_under_11)} enfant(s)."
            )
        elif (
            max_age_months is not None
            and max_age_months <= UNDER_3_MONTHS
            and capacity + own_children_under_3 > policy.max_under_3
        ):
            errors["agrement_capacity"] = (
                f"Au plus {policy.max_under_3} enfants de moins de 3 ans peuvent être présents "
                "en même temps, vos propres enfants compris : avec vos "
                f"{own_children_under_3} enfant(s) de moins de 3 ans, vous pouvez en accueillir "
                f"au plus {max(0, policy.max_under_3 - own_children_under_3)}."
            )
    return errors


def under_3_capacity(
    *, capacity: int, own_children_under_3: int, policy: ChildcarePolicy | None = None
) -> int:
    """How many children under 3 she may accept at once, her own under-3s counted."""
    policy = policy or get_policy()
    return max(0, min(capacity, policy.max_under_3 - own_children_under_3))


def share_errors(
    *,
    is_avip: bool,
    avip_share: Decimal,
    social_minima_share: Decimal,
    policy: ChildcarePolicy | None = None,
) -> dict[str, str]:
    """French error per field for the reserved shares of a nursery ({} if fine)."""
    policy = policy or get_policy()
    errors: dict[str, str] = {}
    for field, value in (("avip_share", avip_share), ("social_minima_share", social_minima_share)):
        if not Decimal(0) <= Decimal(value) <= Decimal(1):
            errors[field] = "La part réservée doit être comprise entre 0 et 100 %."
    if "avip_share" not in errors and is_avip and Decimal(avip_share) < policy.avip_min_share:
        errors["avip_share"] = (
            f"Une crèche AVIP réserve au moins {int(policy.avip_min_share * 100)} % de ses "
            "places aux enfants de parents en parcours d'emploi."
        )
    if not errors and Decimal(avip_share) + Decimal(social_minima_share) > 1:
        errors["social_minima_share"] = (
            "Les parts réservées ne peuvent pas dépasser 100 % à elles deux."
        )
    return errors


def is_stale(
    updated_at: dt.datetime | None, now: dt.datetime, policy: ChildcarePolicy | None = None
) -> bool:
    policy = policy or get_policy()
    return updated_at is None or updated_at < now - dt.timedelta(
        days=policy.availability_stale_days
    )
