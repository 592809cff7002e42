import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from maillage.childcare.tasks import send_availability_reminders
from tests.childcare.factories import ChildInCareFactory, ChildminderFactory

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_stale_childminders_get_one_french_email_without_child_data():
    stale = ChildminderFactory(availability_updated_at=NOW - dt.timedelta(days=40))
    ChildInCareFactory(childminder=stale, age_months=17)
    ChildminderFactory()  # fresh
    ChildminderFactory(expired_agrement=True, never_updated=True)  # hidden: no email

    result = send_availability_reminders.enqueue()
    assert result.return_value == 1
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [stale.user.email]
    assert "vos places libres sont-elles à jour" in email.subject
    assert "Confirmez" in email.body or "confirmez" in email.body
    assert "/accueil/mes-disponibilites/" in email.body
    assert "17" not in email.body and "mois" not in email.body

    # Not again the next day; the command runs the same task from cron.
    call_command("send_availability_reminders")
    assert len(mail.outbox) == 1
    stale.refresh_from_db()
    assert stale.availability_reminded_at == NOW
