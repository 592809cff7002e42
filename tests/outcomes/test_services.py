"""Follow-ups, checkpoints, questionnaires (emails and signed links), with time frozen."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from maillage.outcomes.enums import AnsweredBy
from maillage.outcomes.models import OutcomeCheckpoint
from maillage.outcomes.services import (
    add_months,
    outcome_checkpoint_record,
    outcome_followup_open,
    outcome_questionnaires_send,
)
from tests.families.factories import NeedFactory
from tests.outcomes.conftest import paris
from tests.outcomes.factories import served_need

pytestmark = pytest.mark.django_db


def test_add_months_keeps_the_end_of_the_month():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2026, 3, 15), 3) == dt.date(2026, 6, 15)


def test_opening_a_follow_up_plans_four_checkpoints():
    follow_up = outcome_followup_open(
        need=served_need(), mode="childminder", care_start=dt.date(2026, 1, 31)
    )
    dues = dict(follow_up.checkpoints.values_list("checkpoint", "due_date"))
    assert dues == {
        "start": dt.date(2026, 1, 31),
        "m1": dt.date(2026, 2, 28),
        "m3": dt.date(2026, 4, 30),
        "m6": dt.date(2026, 7, 31),
    }
    with pytest.raises(ValidationError, match="déjà suivi"):
        outcome_followup_open(need=follow_up.need, mode="nursery", care_start=dt.date(2026, 2, 1))


def test_a_need_without_a_confirmed_place_is_not_followed():
    with pytest.raises(ValidationError, match="pas encore de place"):
        outcome_followup_open(need=NeedFactory(), mode="nursery", care_start=dt.date(2026, 1, 5))


def test_a_checkpoint_cannot_be_recorded_before_it_is_due():
    follow_up = outcome_followup_open(
        need=served_need(), mode="nursery", care_start=dt.date(2026, 1, 5)
    )
    m3 = follow_up.checkpoints.get(checkpoint="m3")
    with (
        time_machine.travel(paris(2026, 4, 4, 10), tick=False),
        pytest.raises(ValidationError, match="prévu le 05/04/2026"),
    ):
        outcome_checkpoint_record(checkpoint=m3, situation="employed", by=None)
    with time_machine.travel(paris(2026, 4, 5, 10), tick=False):
        outcome_checkpoint_record(checkpoint=m3, situation="employed", job_change="kept", by=None)
        # A counsellor may correct an answer.
        outcome_checkpoint_record(
            checkpoint=m3, situation="job_seeking", job_change="lost", by=None
        )
    m3.refresh_from_db()
    assert (m3.situation, m3.job_change, m3.answered_by) == ("job_seeking", "lost", "counsellor")


def _link(body):
    return re.search(r"http://\S+/retour-emploi/questionnaire/(\S+)/", body)


def test_questionnaires_are_emailed_once_when_due_without_child_data(client):
    need = served_need(child_first_name="Nour", child_birth_date=dt.date(2025, 6, 14))
    outcome_followup_open(need=need, mode="nursery", care_start=dt.date(2026, 1, 5))
    # The start checkpoint is over 30 days old on 5 February: only the 1-month one is sent.
    with time_machine.travel(paris(2026, 2, 5, 8), tick=False):
        assert outcome_questionnaires_send() == 1
        assert outcome_questionnaires_send() == 0
    message = mail.outbox[0]
    assert message.to == [need.parent.email]
    text = message.subject + message.body
    for private in ("Nour", "2025", "14/06", need.commune.name, need.parent.last_name):
        assert private not in text
    assert "1 mois" in message.body and _link(message.body)


def _sent_token(need):
    outcome_followup_open(need=need, mode="nursery", care_start=dt.date(2026, 1, 5))
    with time_machine.travel(paris(2026, 2, 5, 8), tick=False):
        outcome_questionnaires_send()
    return _link(mail.outbox[-1].body).group(1)


def test_the_parent_answers_once_through_the_link(client):
    need = served_need()
    token = _sent_token(need)
    url = f"/retour-emploi/questionnaire/{token}/"
    with time_machine.travel(paris(2026, 2, 6, 20), tick=False):
        page = client.get(url)
        assert page.status_code == 200 and "Où en êtes-vous" in page.content.decode()
        done = client.post(url, {"situation": "employed", "job_change": "started"})
        assert "Merci" in done.content.decode()
        again = client.post(url, {"situation": "inactive"})
    assert "déjà été rempli" in again.content.decode()
    m1 = OutcomeCheckpoint.objects.get(follow_up__need=need, checkpoint="m1")
    assert (m1.situation, m1.answered_by) == ("employed", AnsweredBy.PARENT)


def test_an_expired_or_tampered_link_is_refused(client):
    token = _sent_token(served_need())
    with time_machine.travel(paris(2026, 3, 8, 9), tick=False):
        expired = client.get(f"/retour-emploi/questionnaire/{token}/")
    assert expired.status_code == 400 and "expiré" in expired.content.decode()
    tampered = client.get(f"/retour-emploi/questionnaire/{token[:-2]}xy/")
    assert tampered.status_code == 400 and "pas valide" in tampered.content.decode()


def test_the_command_sends_the_questionnaires():
    outcome_followup_open(need=served_need(), mode="nursery", care_start=dt.date(2026, 1, 5))
    with time_machine.travel(paris(2026, 1, 5, 8), tick=False):
        call_command("send_outcome_questionnaires", stdout=(out := __import__("io").StringIO()))
    assert "1 questionnaire(s) envoyé(s)" in out.getvalue()
