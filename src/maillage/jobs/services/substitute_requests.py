"""Substitute requests: creation with the staffing need computed, the ratio before and after
the pool answered, cancellation and expiry.

The staffing need is computed by ``jobs.ratio`` with the policy chosen on the form (by walking
or on average); the "after" view adds the confirmed substitutes to the staff present, each
counted with the qualification of the position filled (positions 1..qualified_needed are
auxiliaire de puériculture or above, the others CAP AEPE or above).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from maillage.jobs.enums import AssignmentStatus, RatioModeChoice, SubstituteRequestStatus
from maillage.jobs.errors import JobsError
from maillage.jobs.models import SubstituteRequest
from maillage.jobs.ratio import (
    DEFAULT_POLICY,
    RatioInputError,
    RatioMode,
    StaffingPolicy,
    StaffingResult,
    staffing_need,
)

logger = logging.getLogger(__name__)

CLOSED_STATUSES = (SubstituteRequestStatus.CANCELLED, SubstituteRequestStatus.EXPIRED)


def _slot(hhmm: str) -> int:
    hours, minutes = (int(p) for p in hhmm.split(":"))
    if hours == 24 and minutes == 0:
        return 48
    if not (0 <= hours < 24 and minutes in (0, 30)):
        raise JobsError(f"Heure invalide (demi-heures uniquement) : {hhmm}.")
    return hours * 2 + minutes // 30


def staffing_policy(
    *, ratio_mode: str = RatioModeChoice.BY_WALKING, children_per_staff: int | None = None
) -> StaffingPolicy:
    """The policy chosen on the form; a ratio of zero (or negative) is a French error."""
    if ratio_mode not in RatioModeChoice.values:
        raise JobsError(f"Mode de calcul du taux d'encadrement inconnu : « {ratio_mode} ».")
    if ratio_mode == RatioModeChoice.BY_WALKING:
        return DEFAULT_POLICY
    try:
        return StaffingPolicy(
            mode=RatioMode.AVERAGE,
            children_per_staff_average=(
                DEFAULT_POLICY.children_per_staff_average
                if children_per_staff is None
                else children_per_staff
            ),
        )
    except RatioInputError as exc:
        raise JobsError(str(exc)) from None


def staffing_preview(
    *,
    children_not_walking: int,
    children_walking: int,
    staff_present: Mapping[str, int],
    ratio_mode: str = RatioModeChoice.BY_WALKING,
    children_per_staff: int | None = None,
) -> StaffingResult:
    """The staffing need shown before posting (nothing is saved)."""
    policy = staffing_policy(ratio_mode=ratio_mode, children_per_staff=children_per_staff)
    try:
        return staffing_need(
            not_walking=children_not_walking,
            walking=children_walking,
            staff_present=staff_present,
            policy=policy,
        )
    except RatioInputError as exc:
        raise JobsError(str(exc)) from None


def substitute_request_create(
    *,
    nursery: Any,
    start_date: date,
    end_date: date,
    start_time: str,
    end_time: str,
    children_not_walking: int,
    children_walking: int,
    staff_present: Mapping[str, int],
    age_group: Any = None,
    include_weekends: bool = False,
    note: str = "",
    created_by: Any = None,
    ratio_mode: str = RatioModeChoice.BY_WALKING,
    children_per_staff: int | None = None,
) -> SubstituteRequest:
    errors: list[str] = []
    if end_date < start_date:
        errors.append("La date de fin du remplacement précède la date de début.")
    start_slot, end_slot = _slot(start_time), _slot(end_time)
    if end_slot <= start_slot:
        errors.append(f"Plage horaire vide ou inversée : {start_time}–{end_time}.")
    if age_group is not None and age_group.nursery_id != nursery.pk:
        errors.append("Cette section n'appartient pas à cette crèche.")
    result = None
    try:
        result = staffing_preview(
            children_not_walking=children_not_walking,
            children_walking=children_walking,
            staff_present=staff_present,
            ratio_mode=ratio_mode,
            children_per_staff=children_per_staff,
        )
    except JobsError as exc:
        errors.extend(exc.messages)
    if errors or result is None:
        raise JobsError(errors)
    with transaction.atomic():
        request = SubstituteRequest(
            nursery=nursery,
            age_group=age_group,
            created_by=created_by,
            start_date=start_date,
            end_date=end_date,
            include_weekends=include_weekends,
            start_slot=start_slot,
            end_slot=end_slot,
            children_not_walking=children_not_walking,
            children_walking=children_walking,
            staff_present={k: v for k, v in staff_present.items() if v},
            ratio_mode=ratio_mode,
            children_per_staff=(
                children_per_staff if ratio_mode == RatioModeChoice.AVERAGE else None
            ),
            ratio_respected=result.ratio_respected,
            substitutes_needed=result.missing_total,
            qualified_needed=result.missing_qualified,
            staffing_summary=result.summary_fr(),
            note=note,
            status=(
                SubstituteRequestStatus.OPEN
                if result.missing_total
                else SubstituteRequestStatus.FILLED
            ),
        )
        if not request.dates():
            raise JobsError("Aucun jour ouvré dans cette période (cochez le week-end si besoin).")
        request.save()
    logger.info(
        "substitute request %s: %s needed (%s qualified)",
        request.pk,
        request.substitutes_needed,
        request.qualified_needed,
    )
    return request


# ---------------------------------------------------------------- ratio before / after


@dataclass(frozen=True)
class StaffingView:
    before: StaffingResult
    after: StaffingResult
    confirmed: int

    @property
    def restored(self) -> bool:
        """The ratio was not respected at posting time and the substitutes restore it."""
        return not self.before.ratio_respected and self.after.ratio_respected

    @property
    def summary_fr(self) -> str:
        if self.before.ratio_respected:
            return "Le taux d'encadrement était déjà respecté : aucun remplaçant n'est nécessaire."
        if self.after.ratio_respected:
            return (
                f"Taux d'encadrement rétabli : {self.confirmed} remplaçant(s) confirmé(s), "
                f"{self.after.present_total} professionnel(s) présent(s) pour "
                f"{self.after.required_total} requis."
            )
        return (
            f"Taux d'encadrement pas encore rétabli : il manque encore "
            f"{self.after.missing_total} professionnel(s)."
        )


def substitute_request_staffing(request: SubstituteRequest) -> StaffingView:
    """The section's ratio at posting time and with the confirmed substitutes added."""
    from maillage.jobs.services.substitutes import position_qualification

    policy = staffing_policy(
        ratio_mode=request.ratio_mode, children_per_staff=request.children_per_staff
    )
    present = {k: int(v) for k, v in (request.staff_present or {}).items()}

    def need(staff: Mapping[str, int]) -> StaffingResult:
        return staffing_need(
            not_walking=request.children_not_walking,
            walking=request.children_walking,
            staff_present=staff,
            policy=policy,
        )

    positions = request.assignments.filter(status=AssignmentStatus.CONFIRMED).values_list(
        "position", flat=True
    )
    added = Counter(position_qualification(request, p) for p in positions)
    after = Counter(present)
    after.update(added)
    return StaffingView(before=need(present), after=need(dict(after)), confirmed=len(positions))


# ---------------------------------------------------------------- cancel, expire


def substitute_request_cancel(*, request: SubstituteRequest) -> SubstituteRequest:
    from maillage.jobs.services.substitutes import _confirmed

    if request.status in CLOSED_STATUSES:
        raise JobsError("Cette demande est déjà close.")
    with transaction.atomic():
        for assignment in _confirmed(request):
            assignment.bookings.all().delete()
        _confirmed(request).update(status=AssignmentStatus.CANCELLED)
        request.status = SubstituteRequestStatus.CANCELLED
        request.save(update_fields=["status"])
    logger.info("substitute request %s cancelled", request.pk)
    return request


def substitute_requests_expire(*, today: date) -> int:
    with transaction.atomic():
        return SubstituteRequest.objects.filter(
            end_date__lt=today,
            status__in=[SubstituteRequestStatus.OPEN, SubstituteRequestStatus.PARTIALLY_FILLED],
        ).update(status=SubstituteRequestStatus.EXPIRED)
