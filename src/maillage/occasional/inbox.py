"""What a provider sees of the occasional requests sent to her, day by day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from maillage.occasional.enums import OccasionalRequestStatus, RequestDayStatus
from maillage.occasional.matching import age_in_months
from maillage.occasional.models import (
    OccasionalProposal,
    OccasionalRequestDay,
    OccasionalSlot,
)
from maillage.occasional.services.common import provider_cover


@dataclass
class InboxDay:
    day: OccasionalRequestDay
    state: str  # "open", "mine", "taken", "past", "no_slot"
    slot_id: int | None = None


@dataclass
class InboxRow:
    proposal: OccasionalProposal
    age_months: int
    days: list[InboxDay] = field(default_factory=list)

    @property
    def contact_shared(self) -> bool:
        return any(d.state == "mine" for d in self.days)


def _groups(slots: list[OccasionalSlot]) -> dict[tuple[Any, ...], list[OccasionalSlot]]:
    """Slots usable together: one childminder, or one section of one crèche."""
    groups: dict[tuple[Any, ...], list[OccasionalSlot]] = {}
    for slot in slots:
        key = ("cm", slot.childminder_id) if slot.childminder_id else ("n", slot.age_group_id)
        groups.setdefault(key, []).append(slot)
    return groups


def provider_inbox_rows(user: Any, today: dt.date) -> list[InboxRow]:
    proposals = (
        OccasionalProposal.objects.for_provider(user)
        .exclude(request__status=OccasionalRequestStatus.CANCELLED)
        .filter(request__days__date__gte=today)
        .distinct()
        .select_related("request", "request__commune", "request__parent", "nursery", "childminder")
        .prefetch_related("request__days__bookings__slot")
        .order_by("-notified_at")[:100]
    )
    slots = list(
        OccasionalSlot.objects.of_provider(user)
        .upcoming(today)
        .with_free_place()
        .select_related("nursery", "age_group", "childminder")
    )
    rows = []
    for proposal in proposals:
        request = proposal.request
        mine = [
            s
            for s in slots
            if (s.nursery_id and s.nursery_id == proposal.nursery_id)
            or (s.childminder_id and s.childminder_id == proposal.childminder_id)
        ]
        days = list(request.days.all())
        row = InboxRow(
            proposal=proposal,
            age_months=age_in_months(request.child_birth_date, days[0].date if days else today),
        )
        for day in days:
            row.days.append(_inbox_day(day, proposal, mine, today))
        rows.append(row)
    return rows


def _inbox_day(
    day: OccasionalRequestDay,
    proposal: OccasionalProposal,
    mine: list[OccasionalSlot],
    today: dt.date,
) -> InboxDay:
    if day.status == RequestDayStatus.BOOKED:
        ours = any(
            (b.slot.nursery_id and b.slot.nursery_id == proposal.nursery_id)
            or (b.slot.childminder_id and b.slot.childminder_id == proposal.childminder_id)
            for b in day.bookings.all()
        )
        return InboxDay(day, "mine" if ours else "taken")
    if day.status != RequestDayStatus.OPEN or day.date < today:
        return InboxDay(day, "past")
    for group in _groups(mine).values():
        cover = provider_cover(day, group, proposal.request)
        if cover:
            return InboxDay(day, "open", cover[0])
    return InboxDay(day, "no_slot")
