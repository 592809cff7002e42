"""Occasional-care demo data, on top of `seed_demo` (its parents, childminders and crèches).

Everything goes through the real services (slots, requests, proposals, acceptances), so the
demo shows what the platform really computes; emails are muted. Reproducible for one seed,
département and day: dates are the next weekdays after today.

The demo accounts get something to do: the demo childminder and the demo crèche have free
slots and pending proposals in their inbox, the demo parent has a trial week partly covered,
the demo counsellor follows a request made for a family without an account.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from maillage.childcare.models import Childminder, Nursery
from maillage.families.models import Need
from maillage.occasional.demo.common import (
    CHILDMINDER_HOURS,
    CHILDMINDERS_PER_COMMUNE,
    DATES,
    NURSERIES_PER_COMMUNE,
    NURSERY_HALF_DAYS,
    REASONS,
    REQUESTS_PER_COMMUNE,
    demo_actors,
    next_weekdays,
    occasional_counts,
    pick_communes,
    t,
)
from maillage.occasional.enums import (
    HalfDay,
    OccasionalReason,
    OccasionalRequestStatus,
    ProposalResponse,
)
from maillage.occasional.models import (
    OccasionalProposal,
    OccasionalRequest,
    OccasionalSlot,
)
from maillage.occasional.services import (
    occasional_offer_accept,
    occasional_offer_decline,
    occasional_request_cancel,
    occasional_request_create,
    occasional_slot_declare_childminder,
    occasional_slot_declare_nursery,
)
from maillage.occasional.services.notify import emails_muted
from maillage.territory.models import Commune, Departement

logger = logging.getLogger(__name__)


class OccasionalDemo:
    """One run of the demo generator (see `seed_occasional`)."""

    def __init__(self, *, departement: Departement, seed: int, today: dt.date) -> None:
        self.departement = departement
        self.rng = random.Random(f"maillage-occasional-demo:{seed}:{departement.code}")
        self.today = today
        self.dates = next_weekdays(today, DATES)
        self.actors = demo_actors(departement)

    # Slots ---------------------------------------------------------------------------------

    def declare_childminder(
        self, childminder: Childminder, dates: list[dt.date], hours: tuple[str, str] | None = None
    ) -> None:
        for date in dates:
            start, end = hours or self.rng.choice(CHILDMINDER_HOURS)
            try:
                occasional_slot_declare_childminder(
                    childminder=childminder,
                    date=date,
                    start_time=t(start),
                    end_time=t(end),
                    places=min(childminder.agrement_capacity, self.rng.choice((1, 1, 2))),
                    by=childminder.user,
                    today=self.today,
                )
            except ValidationError:
                continue  # agrément ending, no capacity: she would not declare it

    def declare_nursery(self, nursery: Nursery, dates: list[dt.date], half_day: str = "") -> None:
        manager = nursery.managers.order_by("pk").first()
        groups = list(nursery.age_groups.order_by("pk"))
        if manager is None or not groups:
            return
        for date in dates:
            group = self.rng.choice(groups)
            try:
                occasional_slot_declare_nursery(
                    age_group=group,
                    date=date,
                    half_day=half_day or self.rng.choice(NURSERY_HALF_DAYS),
                    places=self.rng.randint(1, min(2, group.places)),
                    by=manager,
                    today=self.today,
                )
            except ValidationError:
                continue  # closed that day (halte-garderie, Wednesday...)

    def declare_slots(self, communes: list[Commune]) -> None:
        last = self.dates[-1]
        for commune in communes:
            childminders = list(
                Childminder.objects.filter(
                    commune=commune, agrement_valid_until__gte=last, agrement_capacity__gte=1
                )
                .exclude(pk=getattr(self.actors.childminder, "pk", None))
                .select_related("user")
                .order_by("pk")
            )
            for cm in self.rng.sample(
                childminders, min(CHILDMINDERS_PER_COMMUNE, len(childminders))
            ):
                self.declare_childminder(cm, self.rng.sample(self.dates, 3))
            nurseries = list(
                Nursery.objects.filter(commune=commune)
                .exclude(pk=getattr(self.actors.nursery, "pk", None))
                .order_by("pk")
            )
            for nursery in self.rng.sample(nurseries, min(NURSERIES_PER_COMMUNE, len(nurseries))):
                self.declare_nursery(nursery, self.rng.sample(self.dates, 3))
        if self.actors.childminder:
            self.declare_childminder(self.actors.childminder, self.dates[:4], ("07:30", "18:30"))
        if self.actors.nursery:
            self.declare_nursery(self.actors.nursery, self.dates[:3], HalfDay.DAY)

    # Requests ------------------------------------------------------------------------------

    def birth_date(self, need: Need | None) -> dt.date:
        """The need's child when already 3 to 30 months old, else a child of that age."""
        if need is not None:
            days_old = (self.today - need.child_birth_date).days
            if 90 <= days_old <= 900:
                return need.child_birth_date
        return self.today - dt.timedelta(days=self.rng.randint(120, 900))

    def days_for(self, reason: str) -> list[tuple[dt.date, dt.time, dt.time]]:
        if reason == OccasionalReason.TRIAL_WEEK:
            first = self.rng.randint(0, len(self.dates) - 3)
            return [(d, t("08:30"), t("17:30")) for d in self.dates[first : first + 3]]
        if reason == OccasionalReason.TRAINING_DAY:
            dates = self.rng.sample(self.dates, self.rng.choice((1, 1, 2)))
            return [(d, t("08:30"), t("17:30")) for d in dates]
        start, end = self.rng.choice((("09:00", "12:00"), ("13:30", "17:00"), ("09:00", "16:00")))
        return [(self.rng.choice(self.dates), t(start), t(end))]

    def modes(self) -> dict[str, bool]:
        draw = self.rng.random()
        return {
            "accepts_childminder": draw >= 0.15,
            "accepts_nursery": not 0.15 <= draw < 0.3,
        }

    def create_requests(self, communes: list[Commune]) -> list[OccasionalRequest]:
        """Parents of seed_demo (with an account) ask for a few days near home."""
        created: list[OccasionalRequest] = []
        skip = [u.pk for u in (self.actors.parent,) if u is not None]
        for commune in communes:
            needs = list(
                Need.objects.filter(commune=commune, parent__isnull=False)
                .exclude(parent_id__in=skip)
                .select_related("parent")
                .order_by("pk")
            )
            for need in self.rng.sample(needs, min(REQUESTS_PER_COMMUNE, len(needs))):
                reason = self.rng.choices(list(REASONS), weights=list(REASONS.values()))[0]
                created.append(
                    occasional_request_create(
                        by=need.parent,
                        parent=need.parent,
                        child_birth_date=self.birth_date(need),
                        commune=commune,
                        latitude=need.latitude,
                        longitude=need.longitude,
                        max_distance_km=self.rng.choice((3, 5, 5, 8)),
                        reason=reason,
                        days=self.days_for(reason),
                        today=self.today,
                        **self.modes(),
                    )
                )
        return created

    def counsellor_request(self, commune: Commune) -> OccasionalRequest | None:
        """The demo counsellor asks for a family without an account (a training day)."""
        counsellor = self.actors.counsellor
        need = (
            Need.objects.filter(commune=commune, parent__isnull=True)
            .exclude(family_email="")
            .order_by("pk")
            .first()
        )
        if counsellor is None or need is None:
            return None
        return occasional_request_create(
            by=counsellor,
            family_email=need.family_email,
            counsellor=counsellor,
            child_birth_date=self.birth_date(need),
            commune=commune,
            max_distance_km=5,
            reason=OccasionalReason.TRAINING_DAY,
            days=[(self.dates[1], t("08:30"), t("17:30"))],
            today=self.today,
        )

    def demo_parent_request(self, commune: Commune) -> OccasionalRequest | None:
        """The demo parent's trial week, on the demo childminder's free days."""
        parent = self.actors.parent
        if parent is None:
            return None
        return occasional_request_create(
            by=parent,
            parent=parent,
            counsellor=self.actors.counsellor,
            child_birth_date=self.today - dt.timedelta(days=240),
            commune=commune,
            max_distance_km=5,
            reason=OccasionalReason.TRIAL_WEEK,
            days=[(d, t("08:30"), t("17:30")) for d in self.dates[:3]],
            today=self.today,
        )

    def demo_nursery_request(self) -> OccasionalRequest | None:
        """A job interview near the demo crèche, for a child of one of its sections."""
        nursery = self.actors.nursery
        group = nursery.age_groups.order_by("-places", "pk").first() if nursery else None
        need = (
            Need.objects.filter(commune=nursery.commune, parent__isnull=False)
            .exclude(parent=self.actors.parent)
            .order_by("-pk")
            .first()
            if nursery
            else None
        )
        if nursery is None or group is None or need is None:
            return None
        months = max(3, (group.min_age_months + group.max_age_months) // 2)
        return occasional_request_create(
            by=need.parent,
            parent=need.parent,
            child_birth_date=self.today - dt.timedelta(days=months * 30 + 15),
            commune=nursery.commune,
            latitude=nursery.latitude,
            longitude=nursery.longitude,
            max_distance_km=3,
            reason=OccasionalReason.INTERVIEW,
            days=[(self.dates[0], t("09:00"), t("12:00"))],
            accepts_childminder=False,
            today=self.today,
        )

    # Answers -------------------------------------------------------------------------------

    def provider_user(self, proposal: OccasionalProposal) -> Any:
        if proposal.childminder_id:
            return proposal.childminder.user
        return proposal.nursery.managers.order_by("pk").first()

    def provider_slots(self, proposal: OccasionalProposal, date: dt.date) -> list[OccasionalSlot]:
        who = (
            Q(childminder_id=proposal.childminder_id)
            if proposal.childminder_id
            else Q(nursery_id=proposal.nursery_id)
        )
        return list(OccasionalSlot.objects.filter(who, date=date).with_free_place().order_by("pk"))

    def others(self, request: OccasionalRequest) -> list[OccasionalProposal]:
        """Pending proposals of the request, demo providers left out (their turn to answer)."""
        return [
            p
            for p in request.proposals.filter(response=ProposalResponse.PENDING)
            .select_related("childminder__user", "nursery")
            .order_by("rank")
            if (f"nursery:{p.nursery_id}" if p.nursery_id else f"childminder:{p.childminder_id}")
            not in self.actors.provider_keys
        ]

    def accept_day(self, request: OccasionalRequest, day: Any) -> bool:
        """The best-ranked provider able to take the day takes it (first acceptor wins)."""
        for proposal in self.others(request):
            user = self.provider_user(proposal)
            for slot in self.provider_slots(proposal, day.date):
                try:
                    occasional_offer_accept(request_day=day, slot=slot, by=user)
                except ValidationError:
                    continue
                return True
        return False

    def decline_one(self, request: OccasionalRequest) -> bool:
        pending = self.others(request)
        if not pending:
            return False
        proposal = self.rng.choice(pending)
        occasional_offer_decline(proposal=proposal, by=self.provider_user(proposal))
        return True

    def answer(self, requests: list[OccasionalRequest]) -> None:
        """About four in ten requests get (part of) their days, some providers decline, one
        family no longer needs care; the rest wait for an answer."""
        declined = False
        for request in requests:
            draw = self.rng.random()
            if draw < 0.4:
                days = list(request.days.order_by("date"))
                for day in days[: self.rng.randint(1, len(days))]:
                    self.accept_day(request, day)
            if 0.3 <= draw < 0.6:
                declined = self.decline_one(request) or declined
        for request in requests if not declined else []:  # at least one refusal to show
            if self.decline_one(request):
                break
        still_open = list(
            OccasionalRequest.objects.filter(
                pk__in=[r.pk for r in requests], status=OccasionalRequestStatus.OPEN
            ).order_by("pk")
        )
        if still_open:
            request = self.rng.choice(still_open)
            occasional_request_cancel(request=request, by=request.created_by)


def seed_occasional(*, departement: Departement, seed: int, today: dt.date) -> dict[str, int]:
    """Create the occasional-care demo of the département; returns the counts to print."""
    demo = OccasionalDemo(departement=departement, seed=seed, today=today)
    if len(demo.dates) < 3:
        raise ValidationError("L'horizon de l'accueil occasionnel est trop court pour la démo.")
    communes = pick_communes(departement, demo.actors)
    with emails_muted(), transaction.atomic():
        demo.declare_slots(communes)
        requests = demo.create_requests(communes)
        demo.answer(requests)
        main = communes[0]
        if (own := demo.demo_parent_request(main)) is not None:
            demo.accept_day(own, own.days.order_by("date").first())
        demo.counsellor_request(main)
        demo.demo_nursery_request()
    counts = occasional_counts(departement)
    counts["communes"] = len(communes)
    logger.info("seed_occasional departement=%s seed=%s counts=%s", departement.code, seed, counts)
    return counts
