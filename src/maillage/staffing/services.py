"""Staff of a crèche: posts, people in post, absences, and what they mean for places each day.

Writes are typed service functions under one transaction, logged; reads load a crèche's (or many
crèches') sections, staff and absences in three queries, then compute in memory.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.childcare.models import Nursery, NurseryAgeGroup
from maillage.core.schedule import week_to_ranges
from maillage.jobs.enums import Qualification
from maillage.jobs.ratio import MOST_QUALIFIED
from maillage.staffing.capacity import DayCapacity, SectionPlaces, places_that_can_open
from maillage.staffing.enums import AbsenceKind, ContractType
from maillage.staffing.models import FULL_TIME_HOURS, StaffAbsence, StaffMember, StaffPost

logger = logging.getLogger(__name__)

# The substitute request asks for the walking status: babies do not walk, the others do.
NOT_WALKING_KINDS = frozenset({"babies"})


# ------------------------------------------------------------------------------------ writes


def staff_posts_set(*, nursery: Nursery, by: Any, posts: Mapping[str, Decimal]) -> None:
    """Replace the authorised posts (ETP per qualification); a zero removes the line."""
    errors = [
        f"Nombre de postes invalide pour « {Qualification(q).label} » (entre 0 et 500 ETP)."
        for q, fte in posts.items()
        if fte < 0 or fte > 500
    ]
    unknown = [q for q in posts if q not in Qualification.values]
    errors += [f"Diplôme inconnu : « {q} »." for q in unknown]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for qualification, fte in posts.items():
            if fte == 0:
                StaffPost.objects.filter(nursery=nursery, qualification=qualification).delete()
            else:
                StaffPost.objects.update_or_create(
                    nursery=nursery, qualification=qualification, defaults={"authorised_fte": fte}
                )
    logger.info(
        "staff posts of nursery %s set by %s: %s", nursery.pk, getattr(by, "pk", None), dict(posts)
    )


def _check_member(
    *,
    qualification: str,
    weekly_hours: Decimal,
    working_days: str,
    contract_type: str,
    start_date: dt.date,
    end_date: dt.date | None,
) -> None:
    errors: dict[str, str] = {}
    if qualification not in Qualification.values:
        errors["qualification"] = "Choisissez un diplôme de la liste."
    if not (Decimal(1) <= weekly_hours <= Decimal(48)):
        errors["weekly_hours"] = "La durée hebdomadaire doit être comprise entre 1 et 48 heures."
    if len(working_days) != 7 or set(working_days) - {"0", "1"} or "1" not in working_days:
        errors["working_days"] = "Cochez au moins un jour travaillé."
    if contract_type not in ContractType.values:
        errors["contract_type"] = "Choisissez un type de contrat de la liste."
    if end_date is not None and end_date < start_date:
        errors["end_date"] = "La fin de contrat ne peut pas précéder son début."
    if errors:
        raise ValidationError(errors)


def staff_member_add(
    *,
    nursery: Nursery,
    by: Any,
    qualification: str,
    weekly_hours: Decimal,
    contract_type: str,
    start_date: dt.date,
    working_days: str = "1111100",
    end_date: dt.date | None = None,
    label: str = "",
) -> StaffMember:
    _check_member(
        qualification=qualification,
        weekly_hours=weekly_hours,
        working_days=working_days,
        contract_type=contract_type,
        start_date=start_date,
        end_date=end_date,
    )
    with transaction.atomic():
        member = StaffMember.objects.create(
            nursery=nursery,
            qualification=qualification,
            weekly_hours=weekly_hours,
            working_days=working_days,
            contract_type=contract_type,
            start_date=start_date,
            end_date=end_date,
            label=label[:20],
        )
    logger.info(
        "staff member %s added to nursery %s by %s", member.pk, nursery.pk, getattr(by, "pk", None)
    )
    return member


def staff_member_end(*, member: StaffMember, by: Any, end_date: dt.date) -> StaffMember:
    """A professional leaves: her post becomes vacant after `end_date`."""
    if end_date < member.start_date:
        raise ValidationError({"end_date": "La date de départ ne peut pas précéder l'arrivée."})
    with transaction.atomic():
        StaffMember.objects.filter(pk=member.pk).update(end_date=end_date)
        member.end_date = end_date
    logger.info(
        "staff member %s leaves on %s (by %s)", member.pk, end_date, getattr(by, "pk", None)
    )
    return member


def staff_absence_record(
    *, member: StaffMember, by: Any, start_date: dt.date, end_date: dt.date, kind: str
) -> StaffAbsence:
    errors: dict[str, str] = {}
    if end_date < start_date:
        errors["end_date"] = "La fin de l'absence ne peut pas précéder son début."
    if kind not in AbsenceKind.values:
        errors["kind"] = "Choisissez un motif de la liste."
    if end_date - start_date > dt.timedelta(days=366):
        errors["end_date"] = "Une absence de plus d'un an se déclare comme un départ."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        absence = StaffAbsence.objects.create(
            member=member, start_date=start_date, end_date=end_date, kind=kind, recorded_by=by
        )
    logger.info(
        "absence %s of staff member %s (%s → %s) recorded by %s",
        absence.pk,
        member.pk,
        start_date,
        end_date,
        getattr(by, "pk", None),
    )
    return absence


# ------------------------------------------------------------------------------------- reads


@dataclass(frozen=True)
class StaffingDay:
    day: dt.date
    capacity: DayCapacity
    absent: int
    present_by_qualification: dict[str, int]
    hours: tuple[str, str]  # opening, closing ("07:30", "19:00")

    @property
    def has_gap(self) -> bool:
        return self.capacity.closed > 0


@dataclass(frozen=True)
class VacancyLine:
    qualification: str
    authorised_fte: Decimal
    in_post_fte: Decimal

    @property
    def label(self) -> str:
        return Qualification(self.qualification).label

    @property
    def vacant_fte(self) -> Decimal:
        return max(Decimal(0), self.authorised_fte - self.in_post_fte)


def _openings(nursery_hours: str) -> dict[int, tuple[str, str]]:
    """Opening and closing time of each weekday the crèche opens."""
    return {
        weekday: (ranges[0][0], ranges[-1][1])
        for weekday, ranges in week_to_ranges(nursery_hours).items()
        if ranges
    }


def _days(first: dt.date, count: int) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range(count)]


def staffing_days_for(
    nurseries: Iterable[Nursery], *, first: dt.date, days: int, everywhere: bool = False
) -> dict[int, list[StaffingDay]]:
    """Every opening day of every crèche given, with the places its staff can open.

    ``everywhere``: the crèches given are all those with staff (the national recompute): the
    tables are read whole instead of through a list of tens of thousands of ids."""
    nurseries = list(nurseries)
    ids = [n.pk for n in nurseries]
    scope = {} if everywhere else {"nursery_id__in": ids}
    last = first + dt.timedelta(days=days - 1)
    sections: dict[int, list[SectionPlaces]] = defaultdict(list)
    for nursery_id, kind, places in NurseryAgeGroup.objects.filter(**scope).values_list(
        "nursery_id", "kind", "places"
    ):
        sections[nursery_id].append(SectionPlaces(kind, places))
    # Plain tuples, not model instances: a département has tens of thousands of professionals.
    members: dict[int, list[tuple[int, str, str, dt.date, dt.date | None]]] = defaultdict(list)
    for pk, nursery_id, qualification, working_days, start, end in (
        StaffMember.objects.filter(**scope)
        .in_post_during(first, last)
        .values_list("pk", "nursery_id", "qualification", "working_days", "start_date", "end_date")
    ):
        members[nursery_id].append((pk, qualification, working_days, start, end))
    absences: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for member_id, start, end in StaffAbsence.objects.filter(
        **{f"member__{k}": v for k, v in scope.items()},
        start_date__lte=last,
        end_date__gte=first,
    ).values_list("member_id", "start_date", "end_date"):
        absences[member_id].append((start, end))
    result: dict[int, list[StaffingDay]] = {}
    openings: dict[str, dict[int, tuple[str, str]]] = {}
    for nursery in nurseries:
        opening = openings.get(nursery.opening_hours)
        if opening is None:
            opening = openings[nursery.opening_hours] = _openings(nursery.opening_hours)
        rows = []
        for day in _days(first, days):
            hours = opening.get(day.weekday())
            if hours is None:
                continue
            present: dict[str, int] = defaultdict(int)
            absent = 0
            weekday = day.weekday()
            for pk, qualification, working_days, start, end in members[nursery.pk]:
                if working_days[weekday] != "1" or day < start or (end is not None and day > end):
                    continue
                if any(a_start <= day <= a_end for a_start, a_end in absences[pk]):
                    absent += 1
                    continue
                present[qualification] += 1
            total = sum(present.values())
            qualified = sum(n for q, n in present.items() if q in MOST_QUALIFIED)
            capacity = places_that_can_open(
                sections[nursery.pk], staff_present=total, qualified_present=qualified
            )
            rows.append(StaffingDay(day, capacity, absent, dict(present), hours))
        result[nursery.pk] = rows
    return result


def nursery_staffing_days(*, nursery: Nursery, first: dt.date, days: int = 14) -> list[StaffingDay]:
    return staffing_days_for([nursery], first=first, days=days)[nursery.pk]


def nursery_vacancies(*, nursery: Nursery, on: dt.date) -> list[VacancyLine]:
    """Authorised posts against the full-time equivalents in post on that day, by diploma."""
    in_post: dict[str, Decimal] = defaultdict(Decimal)
    for qualification, hours in (
        StaffMember.objects.filter(nursery=nursery)
        .in_post_on(on)
        .values_list("qualification", "weekly_hours")
    ):
        in_post[qualification] += hours / FULL_TIME_HOURS
    lines = [
        VacancyLine(
            post.qualification,
            post.authorised_fte,
            in_post.get(post.qualification, Decimal(0)).quantize(Decimal("0.01")),
        )
        for post in StaffPost.objects.filter(nursery=nursery).order_by("qualification")
    ]
    return lines


# ------------------------------------------------------------------ the substitute request


def substitute_prefill(*, nursery: Nursery, staffing_day: StaffingDay) -> dict[str, Any]:
    """What the crèche's substitute request for that day says before she sends it: the day,
    its opening hours, the authorised places as the children to welcome, the staff present."""
    not_walking = walking = 0
    for kind, places in NurseryAgeGroup.objects.filter(nursery=nursery).values_list(
        "kind", "places"
    ):
        if kind in NOT_WALKING_KINDS:
            not_walking += places
        else:
            walking += places
    return {
        "start_date": staffing_day.day,
        "end_date": staffing_day.day,
        "start_time": staffing_day.hours[0],
        "end_time": staffing_day.hours[1],
        "children_not_walking": not_walking,
        "children_walking": walking,
        "staff_present": dict(staffing_day.present_by_qualification),
        "include_weekends": staffing_day.day.weekday() >= 5,
    }


def staffing_substitute_request_send(
    *, nursery: Nursery, day: dt.date, by: Any, note: str = ""
) -> Any:
    """Post the pre-filled substitute request of a day with a gap (the jobs app notifies the
    pool). Refused when the staff of that day already opens every place."""
    from maillage.jobs.errors import JobsError
    from maillage.jobs.services.substitute_requests import substitute_request_create

    rows = nursery_staffing_days(nursery=nursery, first=day, days=1)
    if not rows:
        raise ValidationError("La crèche est fermée ce jour-là : aucun remplacement à demander.")
    staffing_day = rows[0]
    if not staffing_day.has_gap:
        raise ValidationError(
            "Toutes les places peuvent ouvrir ce jour-là avec l'équipe présente : "
            "aucun remplacement n'est nécessaire."
        )
    prefill = substitute_prefill(nursery=nursery, staffing_day=staffing_day)
    try:
        request = substitute_request_create(nursery=nursery, created_by=by, note=note, **prefill)
    except JobsError as exc:
        raise ValidationError(exc.messages) from None
    logger.info(
        "substitute request %s sent from the staffing of nursery %s for %s",
        request.pk,
        nursery.pk,
        day,
    )
    return request


# ------------------------------------------------------------------------- occupancy


def occupancy_record(
    *, nursery: Nursery, by: Any, month: dt.date, hours_offered: int, hours_billed: int
) -> Any:
    """Record (or correct) a month's hours offered and billed."""
    from maillage.staffing.models import NurseryOccupancy

    errors: dict[str, str] = {}
    first = month.replace(day=1)
    if first > timezone.localdate().replace(day=1):
        errors["month"] = "Ce mois n'est pas encore commencé."
    if hours_offered <= 0:
        errors["hours_offered"] = "Indiquez les heures offertes du mois (plus de zéro)."
    if hours_billed < 0 or hours_billed > hours_offered:
        errors["hours_billed"] = "Les heures facturées ne peuvent pas dépasser les heures offertes."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row, _created = NurseryOccupancy.objects.update_or_create(
            nursery=nursery,
            month=first,
            defaults={
                "hours_offered": hours_offered,
                "hours_billed": hours_billed,
                "recorded_by": by,
            },
        )
    logger.info(
        "occupancy of nursery %s for %s: %s/%s h", nursery.pk, first, hours_billed, hours_offered
    )
    return row
