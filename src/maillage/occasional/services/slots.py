"""Providers declare their occasional free slots: a crèche per day and half-day and per
section (places left free by absent children), a childminder her one-off free slots."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.core.schedule import week_to_ranges
from maillage.occasional.enums import HalfDay
from maillage.occasional.models import OccasionalSlot
from maillage.occasional.services.common import check_half_hour

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.childcare.models import Childminder, NurseryAgeGroup

logger = logging.getLogger(__name__)

# Morning and afternoon meet here, so that a crèche's two half-days cover a whole day.
MIDDAY = dt.time(13, 0)
# How far ahead a provider may declare a one-off free slot.
DECLARE_AHEAD_DAYS = 90


def _check_date(date: dt.date, today: dt.date) -> None:
    if date < today:
        raise ValidationError({"date": "La date ne peut pas être passée."})
    if date > today + dt.timedelta(days=DECLARE_AHEAD_DAYS):
        raise ValidationError(
            {"date": f"Déclarez des créneaux pour les {DECLARE_AHEAD_DAYS} prochains jours."}
        )


def _parse(hhmm: str) -> dt.time:
    hours, mins = (int(p) for p in hhmm.split(":"))
    return dt.time(23, 59) if hours == 24 else dt.time(hours, mins)


def half_day_times(opening_hours: str, date: dt.date, half_day: str) -> tuple[dt.time, dt.time]:
    """Start and end of a crèche's half-day on that date, from its opening hours."""
    spans = week_to_ranges(opening_hours).get(date.weekday())
    if not spans:
        raise ValidationError({"date": "La crèche est fermée ce jour-là."})
    opens, closes = _parse(spans[0][0]), _parse(spans[-1][1])
    if half_day == HalfDay.MORNING:
        start, end = opens, min(closes, MIDDAY)
    elif half_day == HalfDay.AFTERNOON:
        start, end = max(opens, MIDDAY), closes
    elif half_day == HalfDay.DAY:
        start, end = opens, closes
    else:
        raise ValidationError({"half_day": "Choisissez le matin, l'après-midi ou la journée."})
    if start >= end:
        raise ValidationError({"half_day": "La crèche n'est pas ouverte sur cette période."})
    return start, end


def occasional_slot_declare_nursery(
    *,
    age_group: NurseryAgeGroup,
    date: dt.date,
    half_day: HalfDay | str,
    places: int,
    by: User,
    today: dt.date | None = None,
) -> OccasionalSlot:
    """Places of one section left free on one half-day (or the whole day)."""
    nursery = age_group.nursery
    if not nursery.managers.filter(pk=by.pk).exists():
        raise ValidationError("Vous ne gérez pas cette crèche.")
    _check_date(date, today or timezone.localdate())
    if places < 1:
        raise ValidationError({"places": "Indiquez au moins une place."})
    if places > age_group.places:
        raise ValidationError(
            {"places": f"Cette section compte {age_group.places} places autorisées au plus."}
        )
    start, end = half_day_times(nursery.opening_hours, date, half_day)
    slot = OccasionalSlot(
        nursery=nursery,
        age_group=age_group,
        date=date,
        half_day=half_day,
        start_time=start,
        end_time=end,
        places=places,
    )
    slot.full_clean()
    with transaction.atomic():
        slot.save()
    logger.info("occasional_slot_declare_nursery slot=%s by=%s", slot.pk, by.pk)
    return slot


def occasional_slot_declare_childminder(
    *,
    childminder: Childminder,
    date: dt.date,
    start_time: dt.time,
    end_time: dt.time,
    places: int,
    by: User,
    today: dt.date | None = None,
) -> OccasionalSlot:
    """A childminder's one-off free slot (within her agrément capacity)."""
    if childminder.user_id != by.pk:
        raise ValidationError("Ce profil n'est pas le vôtre.")
    today = today or timezone.localdate()
    _check_date(date, today)
    if childminder.agrement_valid_until < date:
        raise ValidationError({"date": "Votre agrément n'est plus valable à cette date."})
    check_half_hour(start_time, "Heure de début")
    check_half_hour(end_time, "Heure de fin")
    if start_time >= end_time:
        raise ValidationError({"end_time": "L'heure de fin doit suivre l'heure de début."})
    if not 1 <= places <= childminder.agrement_capacity:
        raise ValidationError(
            {"places": f"Entre 1 et {childminder.agrement_capacity} places (votre agrément)."}
        )
    slot = OccasionalSlot(
        childminder=childminder,
        date=date,
        half_day=HalfDay.HOURS,
        start_time=start_time,
        end_time=end_time,
        places=places,
    )
    slot.full_clean()
    with transaction.atomic():
        slot.save()
    logger.info("occasional_slot_declare_childminder slot=%s by=%s", slot.pk, by.pk)
    return slot


def occasional_slot_withdraw(*, slot: OccasionalSlot, by: User) -> None:
    """Withdraw a free slot nobody has booked yet."""
    with transaction.atomic():
        deleted, _ = OccasionalSlot.objects.filter(pk=slot.pk, places_taken=0).delete()
        if not deleted:
            raise ValidationError(
                "Une famille a déjà réservé ce créneau : il ne peut plus être retiré."
            )
    logger.info("occasional_slot_withdraw slot=%s by=%s", slot.pk, by.pk)
