"""After the confirmation: the return-to-work follow-up opens; unanswered requests expire."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from maillage.families.enums import ContactRequestStatus as S
from maillage.families.services import (
    contact_request_create,
    contact_request_transition,
    contact_requests_expire,
)
from maillage.outcomes.models import OutcomeCheckpoint, OutcomeFollowUp
from tests.families.helpers import NOW, free_childminder, nursery_with_places, open_need

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_confirmed_crèche_place_opens_the_return_to_work_follow_up(saint_denis):
    nursery = nursery_with_places(saint_denis, places=10, taken=0)
    need = open_need(saint_denis, job_seeker=True)
    request = contact_request_create(need=need, nursery=nursery, by=need.parent)
    contact_request_transition(request=request, to_status=S.ACCEPTED, by=nursery.managers.get())
    contact_request_transition(request=request, to_status=S.CONFIRMED, by=need.parent)
    follow_up = OutcomeFollowUp.objects.get(need=need)
    assert follow_up.mode == "nursery"
    assert follow_up.care_start == need.start_date
    due = dict(
        OutcomeCheckpoint.objects.filter(follow_up=follow_up).values_list("checkpoint", "due_date")
    )
    assert len(due) == 4
    assert max(due.values()) == dt.date(2027, 7, 4)  # six months after 4 January 2027


def test_a_childminder_place_is_followed_with_the_proposed_start_date(saint_denis):
    childminder = free_childminder(saint_denis)
    need = open_need(saint_denis)
    request = contact_request_create(need=need, childminder=childminder, by=need.parent)
    contact_request_transition(
        request=request,
        to_status=S.DATE_PROPOSED,
        by=childminder.user,
        proposed_start_date=dt.date(2027, 2, 1),
    )
    contact_request_transition(request=request, to_status=S.CONFIRMED, by=need.parent)
    follow_up = OutcomeFollowUp.objects.get(need=need)
    assert (follow_up.mode, follow_up.care_start) == ("childminder", dt.date(2027, 2, 1))


def test_unanswered_requests_expire_and_answered_ones_stay(saint_denis):
    need = open_need(saint_denis)
    silent = contact_request_create(
        need=need, childminder=free_childminder(saint_denis), by=need.parent
    )
    answered_cm = free_childminder(saint_denis)
    answered = contact_request_create(need=need, childminder=answered_cm, by=need.parent)
    contact_request_transition(request=answered, to_status=S.ACCEPTED, by=answered_cm.user)
    with time_machine.travel(NOW + dt.timedelta(days=5), tick=False):
        assert contact_requests_expire() == 0
    answered.expires_at = NOW + dt.timedelta(days=30)
    answered.save(update_fields=["expires_at"])
    with time_machine.travel(NOW + dt.timedelta(days=11), tick=False):
        assert contact_requests_expire() == 1
    silent.refresh_from_db()
    answered.refresh_from_db()
    assert silent.status == S.EXPIRED
    assert silent.events.filter(to_status=S.EXPIRED, actor=None).exists()
    assert answered.status == S.ACCEPTED


def test_daily_jobs_run_every_job(saint_denis, capsys):
    call_command("daily_jobs")
    out = capsys.readouterr().out
    for job in (
        "expire_contact_requests",
        "expire_substitute_requests",
        "send_availability_reminders",
        "send_outcome_questionnaires",
        "observatory_recompute",
    ):
        assert f"== {job}" in out
    assert "Traitements quotidiens terminés." in out
