"""National allocation: one task per département on the task workers, with progress; a
management command and admin actions start it."""

from __future__ import annotations

from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from maillage.families.models import NationalAllocation, NationalAllocationPart
from maillage.families.models_allocation import AllocationStatus, NationalStatus
from maillage.families.national import (
    national_allocation_start,
    national_part_compute,
    national_progress,
)
from tests.families.helpers import NOW, free_childminder, open_need

pytestmark = pytest.mark.django_db
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_each_departement_is_a_task_and_the_run_ends_with_the_last(
    saint_denis, mayotte, django_capture_on_commit_callbacks
):
    free_childminder(saint_denis)
    open_need(saint_denis)
    open_need(mayotte)  # no provider there: computed, nobody placed
    # immediate backend (tests): each task runs at enqueue, as a worker would take it
    with django_capture_on_commit_callbacks(execute=True):
        run = national_allocation_start()
    parts = {p.departement_id: p for p in NationalAllocationPart.objects.filter(run=run)}
    assert sorted(parts) == ["93", "976"]
    assert all(p.status == AllocationStatus.READY for p in parts.values())
    assert parts["93"].summary["placed"] == 1 and len(parts["93"].proposals) == 1
    assert parts["976"].summary["placed"] == 0 and parts["976"].needs_count == 1
    run.refresh_from_db()
    assert run.status == NationalStatus.DONE and run.finished_at is not None
    progress = national_progress(run)
    assert (progress.total, progress.done, progress.failed, progress.placed) == (2, 2, 0, 1)
    assert progress.text_fr.startswith("2 / 2 département(s) calculé(s)")


@pytest.mark.django_db(transaction=True)
def test_the_workers_take_the_departements_with_the_most_needs_first(saint_denis, mayotte):
    from django_tasks_db.models import DBTaskResult

    open_need(saint_denis)
    open_need(mayotte)
    open_need(mayotte)
    with override_settings(TASKS=DATABASE_TASKS):
        run = national_allocation_start()
    code_of = dict(run.parts.values_list("pk", "departement_id"))
    # the order a worker claims them in (the queue's own ordering: priority first)
    queued = [code_of[task.args_kwargs["args"][0]] for task in DBTaskResult.objects.ready()]
    assert queued == ["976", "93"]  # 2 open needs before 1, whatever the codes' order
    assert [task.priority for task in DBTaskResult.objects.ready()] == [0, -1]


def test_part_priorities_stay_within_the_queue_s_range():
    from maillage.families.national import largest_first, part_priority

    assert largest_first({"01": 3, "75": 9, "13": 9}) == ["13", "75", "01"]
    assert [part_priority(rank) for rank in (0, 1, 100, 150)] == [0, -1, -100, -100]


@pytest.mark.django_db(transaction=True)
def test_the_start_only_queues_one_task_per_departement(saint_denis, mayotte):
    from django_tasks_db.models import DBTaskResult

    open_need(saint_denis)
    open_need(mayotte)
    with override_settings(TASKS=DATABASE_TASKS):
        run = national_allocation_start(departements=["93", "976", "01"])
    assert run.departements_total == 2  # no open need in 01
    assert DBTaskResult.objects.count() == 2
    progress = national_progress(run)
    assert (progress.done, progress.status) == (0, NationalStatus.RUNNING)
    with pytest.raises(ValidationError, match="déjà en cours"):
        national_allocation_start()
    # a worker takes one part: progress moves, the run waits for the other
    first = run.parts.order_by("departement_id").first()
    national_part_compute(part_id=first.pk)
    assert national_progress(run).done == 1
    run.refresh_from_db()
    assert run.status == NationalStatus.RUNNING
    for part in run.parts.all():
        national_part_compute(part_id=part.pk)
    run.refresh_from_db()
    assert run.status == NationalStatus.DONE


def test_an_engine_failure_is_recorded_on_its_departement(
    saint_denis, monkeypatch, django_capture_on_commit_callbacks
):
    from maillage.families import engine_adapter

    open_need(saint_denis)

    def broken(needs):
        raise RuntimeError("panne")

    monkeypatch.setattr(engine_adapter, "allocate_territory", broken)
    with django_capture_on_commit_callbacks(execute=True):
        run = national_allocation_start()
    part = run.parts.get()
    assert part.status == AllocationStatus.FAILED and "panne" in part.error
    run.refresh_from_db()
    assert run.status == NationalStatus.FAILED


@pytest.mark.django_db(transaction=True)
def test_the_command_starts_and_follows_the_run(saint_denis):
    free_childminder(saint_denis)
    open_need(saint_denis)
    out = StringIO()
    # autocommit: the immediate backend runs each task as soon as the start commits
    call_command("allocate_national", "--wait", "--interval", "0", "--timeout", "60", stdout=out)
    text = out.getvalue()
    assert "1 département(s) en file d'attente" in text
    assert "1 / 1 département(s) calculé(s)" in text and "Terminée" in text
    assert NationalAllocation.objects.get().status == NationalStatus.DONE


def test_the_command_says_when_there_is_nothing_to_do():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Aucun besoin"):
        call_command("allocate_national", stdout=StringIO())


def test_the_admin_action_starts_a_run_on_the_selected_departements(
    client, saint_denis, django_capture_on_commit_callbacks
):
    free_childminder(saint_denis)
    open_need(saint_denis)
    admin = get_user_model().objects.create_superuser("admin@example.org", "pw-admin-123456")
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:territory_departement_changelist"),
            {"action": "start_national_allocation", "_selected_action": ["93"]},
            follow=True,
        )
    assert "lancée" in response.content.decode()
    run = NationalAllocation.objects.get()
    assert run.status == NationalStatus.DONE and run.created_by == admin
    page = client.get(reverse("admin:families_nationalallocation_changelist")).content.decode()
    assert "1 / 1 département(s) calculé(s)" in page
    detail = client.get(reverse("admin:families_nationalallocation_change", args=[run.pk]))
    assert detail.status_code == 200
    client.post(
        reverse("admin:families_nationalallocation_changelist"),
        {"action": "start_again", "_selected_action": [str(run.pk)]},
    )
    assert NationalAllocation.objects.count() == 2
