"""Applying a one-click relaxation of the results page (« élargir ma recherche »).

The results page offers the changes of `engine_adapter.relaxations_for_need`; the family
clicks one, and `need_relax` turns it into the need's new values through `need_update` (the
history says « Recherche élargie » and which group changed). Values are checked here again:
a posted form is never trusted.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError

from maillage import matching as engine
from maillage.core.schedule import SLOTS_PER_WEEK
from maillage.families.engine_records import FLAG_OF_MODE, engine_policy
from maillage.families.need_services import need_update

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.families.models import Need

logger = logging.getLogger(__name__)

SHIFTS_MINUTES = (-60, -30, 30, 60)
MAX_START_DELAY_DAYS = 366
RELAX_KINDS = ("distance", "shift", "start", "mode")
INVALID = "Cette suggestion n'est plus valable : actualisez la page des résultats."


def shift_week(bits: str, minutes: int) -> str:
    """The same weekly hours `minutes` later (earlier when negative); refused when an hour
    would leave the week."""
    slots = minutes // 30
    if slots >= 0:
        lost, kept = bits[SLOTS_PER_WEEK - slots :], "0" * slots + bits[: SLOTS_PER_WEEK - slots]
    else:
        lost, kept = bits[:-slots], bits[-slots:] + "0" * -slots
    if "1" in lost:
        raise ValidationError(INVALID)
    return kept


def relax_data(*, need: Need, kind: str, value: str) -> dict[str, Any]:
    """The need's new field values for the relaxation `kind`/`value` (ValidationError else)."""
    try:
        if kind == "distance":
            km = Decimal(value).quantize(Decimal("0.1"))
            if not need.max_distance_km < km <= Decimal(str(engine_policy().max_candidates_km)):
                raise ValidationError(INVALID)
            return {"max_distance_km": km}
        if kind == "shift":
            minutes = int(value)
            if minutes not in SHIFTS_MINUTES:
                raise ValidationError(INVALID)
            return {"schedule": shift_week(need.schedule, minutes)}
        if kind == "start":
            start = dt.date.fromisoformat(value)
            latest = need.start_date + dt.timedelta(days=MAX_START_DELAY_DAYS)
            if not need.start_date < start <= latest:
                raise ValidationError(INVALID)
            return {"start_date": start}
        if kind == "mode":
            modes = [engine.CareMode(v) for v in value.split(",")]
            return {FLAG_OF_MODE[m]: True for m in modes}
    except (ValueError, ArithmeticError) as exc:
        raise ValidationError(INVALID) from exc
    raise ValidationError(INVALID)


def need_relax(*, need: Need, by: User, kind: str, value: str) -> list[str]:
    """Apply one relaxation to an open need (its parent or counsellor); return the changed
    groups. Logged, and recorded in the need's history as « Recherche élargie »."""
    data = relax_data(need=need, kind=kind, value=value)
    changed = need_update(need=need, by=by, data=data, label="Recherche élargie")
    logger.info("need_relax need=%s by=%s kind=%s value=%s", need.pk, by.pk, kind, value)
    return changed
