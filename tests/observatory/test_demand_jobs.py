"""Demand and jobs indicators computed from real rows, with hand-checked values."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from maillage.families.enums import NeedStatus
from maillage.families.models import ContactRequest, Need, RequestEvent
from maillage.jobs.enums import PathStatus, StageStatus
from maillage.jobs.models import (
    JobOffer,
    PathStage,
    RomeJob,
    SubstituteAssignment,
    SubstituteRequest,
)
from maillage.jobs.services.paths import path_start
from maillage.observatory.services import indicators_recompute, snapshot_values
from tests.families.factories import ContactRequestFactory, NeedFactory
from tests.jobs.factories import CandidateProfileFactory, NurseryFactory, PathTemplateFactory
from tests.staffing.factories import StaffMemberFactory, StaffPostFactory
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def _need_created(days_ago: int, **kw) -> Need:
    need = NeedFactory(**kw)
    Need.objects.filter(pk=need.pk).update(created_at=NOW - dt.timedelta(days=days_ago))
    return need


def _confirmed(need: Need, days_after_need: int) -> None:
    request = ContactRequestFactory(need=need, childminder__commune=need.commune)
    created = Need.objects.get(pk=need.pk).created_at
    at = created + dt.timedelta(days=days_after_need)
    ContactRequest.objects.filter(pk=request.pk).update(status="confirmed", status_changed_at=NOW)
    RequestEvent.objects.create(
        request=request, at=at, from_status="accepted", to_status="confirmed"
    )


@time_machine.travel(NOW, tick=False)
def test_needs_unserved_age_delay_and_job_seekers_share():
    sd = CommuneFactory(saint_denis=True, children_under_3=100)
    # Open needs aged 10, 20 and 40 days: median age 20.
    _need_created(10)
    _need_created(20, job_seeker_parent=True)
    _need_created(40)
    # Matched needs: confirmed 6 and 14 days after the need (RequestEvent dates, not the
    # request's status date): median delay 10 days.
    m1 = _need_created(30, job_seeker_parent=True, status=NeedStatus.MATCHED)
    _confirmed(m1, 6)
    m2 = _need_created(50, status=NeedStatus.MATCHED)
    _confirmed(m2, 14)
    # Draft and cancelled needs are not declared needs.
    NeedFactory(draft=True)
    NeedFactory(status=NeedStatus.CANCELLED)
    indicators_recompute()
    c = snapshot_values("commune", sd.code)
    assert c["needs_declared"] == 5
    assert c["needs_unserved"] == 3
    assert c["unserved_share"] == 60.0
    assert c["unserved_need_age_days"] == 20.0
    assert c["need_to_place_days"] == 10.0
    assert c["needs_job_seekers"] == 2 and c["needs_job_seekers_served"] == 1
    assert c["job_seekers_served_share"] == 50.0
    assert snapshot_values("departement", "93")["needs_declared"] == 5


@time_machine.travel(NOW, tick=False)
def test_offers_vacant_posts_substitutes_and_candidate_stages():
    sd = CommuneFactory(saint_denis=True, children_under_3=100)
    nursery = NurseryFactory(commune=sd)
    rome = RomeJob.objects.get_or_create(code="J1304", defaults={"label": "Auxiliaire"})[0]

    def offer(status, start):
        return JobOffer.objects.create(
            nursery=nursery,
            rome=rome,
            title="Auxiliaire de puériculture",
            contract_type="cdi",
            hours_per_week=35,
            start_date=start,
            commune=sd,
            latitude=sd.latitude,
            longitude=sd.longitude,
            status=status,
        )

    offer("published", dt.date(2026, 1, 5))
    offer("published", dt.date(2026, 4, 1))
    # Vacant posts come from the crèche's staff: 2 AP posts authorised, one AP in post.
    StaffPostFactory(nursery=nursery, authorised_fte=2)
    StaffMemberFactory(nursery=nursery, start_date=dt.date(2025, 1, 1))
    offer("closed", dt.date(2025, 9, 1))
    offer("draft", dt.date(2026, 1, 5))

    def substitutes(status, needed, filled):
        req = SubstituteRequest.objects.create(
            nursery=nursery,
            start_date=dt.date(2026, 3, 2),
            end_date=dt.date(2026, 3, 6),
            start_slot=16,
            end_slot=36,
            children_not_walking=4,
            children_walking=8,
            substitutes_needed=needed,
            status=status,
        )
        for position in range(filled):
            SubstituteAssignment.objects.create(
                request=req, candidate=CandidateProfileFactory(), position=position
            )

    substitutes("open", 2, 0)  # 2 unmet
    substitutes("partially_filled", 3, 1)  # 2 unmet
    substitutes("filled", 2, 2)  # 0
    substitutes("expired", 1, 0)  # 1 unmet

    template = PathTemplateFactory()  # information → training
    paths = [
        path_start(candidate=CandidateProfileFactory(), template=template, on=dt.date(2026, 1, 5))
        for _ in range(4)
    ]
    # Path 2 is in training, path 3 dropped out, path 4 completed.
    PathStage.objects.filter(path=paths[1], order=1).update(status=StageStatus.COMPLETED)
    PathStage.objects.filter(path=paths[1], order=2).update(status=StageStatus.IN_PROGRESS)
    paths[2].status = PathStatus.DROPPED_OUT
    paths[2].save()
    paths[3].status = PathStatus.COMPLETED
    paths[3].save()
    indicators_recompute()
    c = snapshot_values("commune", sd.code)
    assert c["job_offers_open"] == 2
    assert c["vacant_posts"] == 1
    assert c["places_closed_staff"] == 0  # no section: no place to close
    assert c["substitute_requests_unmet"] == 5
    assert c["candidates"] == 4 and c["candidates_dropped"] == 1
    assert c["dropout_rate"] == 25.0
    assert c["stage:information"] == 1 and c["stage:training"] == 1
