"""Outcome situations: a served need whose follow-up has answers at given checkpoints.

served_need()                                   a matched need of a job-seeking parent (93)
follow_up_with(situations={"m1": "employed"})   answers recorded as the counsellor would
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from maillage.families.enums import NeedStatus
from maillage.outcomes.enums import AnsweredBy
from maillage.outcomes.models import OutcomeCheckpoint
from maillage.outcomes.services import outcome_followup_open
from tests.families.factories import NeedFactory

CARE_START = dt.date(2026, 1, 5)


def served_need(**kw):
    return NeedFactory(job_seeker_parent=True, status=NeedStatus.MATCHED, **kw)


def follow_up_with(situations, *, need=None, mode="nursery", care_start=CARE_START):
    """Answers go straight to the rows: rates tests do not depend on today's date."""
    need = need or served_need()
    follow_up = outcome_followup_open(need=need, mode=mode, care_start=care_start)
    for checkpoint, situation in situations.items():
        OutcomeCheckpoint.objects.filter(follow_up=follow_up, checkpoint=checkpoint).update(
            situation=situation, answered_at=timezone.now(), answered_by=AnsweredBy.COUNSELLOR
        )
    return follow_up
