"""The daily retention job: 2 years after closing, 3 years of inactivity + 30 days, outcomes."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from maillage.accounts.models import User
from maillage.families.enums import ContactRequestStatus, NeedStatus
from maillage.families.models import Need, RequestMessage
from maillage.outcomes.models import OutcomeCheckpoint, OutcomeFollowUp
from maillage.privacy.services.retention import apply_retention
from tests.accounts.factories import CounsellorFactory, ParentFactory
from tests.families.factories import ContactRequestFactory, NeedFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2029, 6, 1, 8, 0, tzinfo=dt.UTC)


def _closed_need(days_ago: int, **kwargs):
    return NeedFactory(
        status=NeedStatus.CLOSED, closed_at=NOW - dt.timedelta(days=days_ago), **kwargs
    )


def test_need_closed_two_years_ago_is_anonymised_and_a_recent_one_is_not():
    old, recent = _closed_need(731), _closed_need(700)
    with time_machine.travel(NOW, tick=False):
        report = apply_retention()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert report.needs == 1
    assert old.anonymised_at is not None and old.parent_id is None
    assert old.child_first_name == "" and old.child_birth_date.day == 1
    assert recent.anonymised_at is None and recent.parent_id is not None


def test_open_need_is_never_anonymised_however_old():
    need = NeedFactory()
    Need.objects.filter(pk=need.pk).update(updated_at=NOW - dt.timedelta(days=2000))
    with time_machine.travel(NOW, tick=False):
        apply_retention()
    need.refresh_from_db()
    assert need.anonymised_at is None


def test_closed_request_loses_its_messages_after_two_years():
    request = ContactRequestFactory(
        status=ContactRequestStatus.DECLINED, status_changed_at=NOW - dt.timedelta(days=800)
    )
    RequestMessage.objects.create(
        request=request, author=None, side="family", body="Bonjour", created_at=NOW
    )
    with time_machine.travel(NOW, tick=False):
        report = apply_retention()
    request.refresh_from_db()
    assert report.requests == 1 and request.anonymised_at is not None
    assert not RequestMessage.objects.filter(request=request).exists()


def test_inactive_parent_is_warned_then_deleted_after_30_days(settings):
    parent = ParentFactory(last_login=NOW - dt.timedelta(days=3 * 365 + 1))
    with time_machine.travel(NOW, tick=False):
        assert apply_retention().warned == 1
    assert mail.outbox[0].to == [parent.email]
    assert "supprimés le 1 juillet 2029" in mail.outbox[0].body
    with time_machine.travel(NOW + dt.timedelta(days=29), tick=False):
        assert apply_retention().deleted == 0
    with time_machine.travel(NOW + dt.timedelta(days=30), tick=False):
        assert apply_retention().deleted == 1
    parent.refresh_from_db()
    assert parent.deleted_at is not None and parent.email.endswith("@compte-supprime.invalid")
    assert len(mail.outbox) == 1


def test_signing_in_after_the_warning_keeps_the_account():
    parent = ParentFactory(last_login=NOW - dt.timedelta(days=3 * 365 + 1))
    with time_machine.travel(NOW, tick=False):
        apply_retention()
    User.objects.filter(pk=parent.pk).update(last_login=NOW + dt.timedelta(days=5))
    with time_machine.travel(NOW + dt.timedelta(days=31), tick=False):
        assert apply_retention().deleted == 0
    parent.refresh_from_db()
    assert parent.deleted_at is None


def test_staff_accounts_are_not_deleted_for_inactivity():
    CounsellorFactory(last_login=NOW - dt.timedelta(days=5 * 365))
    with time_machine.travel(NOW, tick=False):
        assert apply_retention().warned == 0


def test_outcomes_are_cut_from_people_after_24_months():
    need = _closed_need(800)
    parent = need.parent
    follow_up = OutcomeFollowUp.objects.create(
        need=need, mode="childminder", care_start=(NOW - dt.timedelta(days=740)).date()
    )
    answered = OutcomeCheckpoint.objects.create(
        follow_up=follow_up,
        checkpoint="m6",
        due_date=(NOW - dt.timedelta(days=560)).date(),
        situation="employed",
        answered_at=NOW - dt.timedelta(days=550),
        answered_by="parent",
        answered_by_user=parent,
    )
    OutcomeCheckpoint.objects.create(
        follow_up=follow_up, checkpoint="m3", due_date=(NOW - dt.timedelta(days=650)).date()
    )
    with time_machine.travel(NOW, tick=False):
        report = apply_retention()
    answered.refresh_from_db()
    assert report.outcomes == 1
    assert answered.answered_by_user_id is None and answered.situation == "employed"
    assert list(follow_up.checkpoints.values_list("pk", flat=True)) == [answered.pk]


def test_dry_run_changes_nothing_and_daily_jobs_runs_it(capsys):
    old = _closed_need(800)
    with time_machine.travel(NOW, tick=False):
        call_command("apply_retention", "--dry-run")
        out = capsys.readouterr().out
    assert out.startswith("À traiter : 1 besoin(s)")
    old.refresh_from_db()
    assert old.anonymised_at is None
    from maillage.core.management.commands.daily_jobs import DAILY_JOBS

    assert ("apply_retention", ()) in DAILY_JOBS
