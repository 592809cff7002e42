"""Background work goes through django.tasks with the database backend: no broker needed."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from maillage.childcare.tasks import send_availability_reminders
from tests.childcare.factories import ChildminderFactory

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_a_task_enqueued_in_the_database_is_run_by_a_worker():
    stale = timezone.now() - dt.timedelta(days=90)
    ChildminderFactory(availability_updated_at=stale)

    result = send_availability_reminders.enqueue()
    assert result.status == "READY"
    assert mail.outbox == []

    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*")

    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == 1
    assert len(mail.outbox) == 1
