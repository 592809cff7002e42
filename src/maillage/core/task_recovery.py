"""Tasks whose worker died (`kill -9`, a lost container) are put back in the queue, or failed.

django_tasks_db marks a task RUNNING when a worker claims it and only changes that status when
the task returns or raises: a worker killed in between leaves it RUNNING for ever, which nobody
would notice. Here a RUNNING task started more than `MAILLAGE_TASK_STALE_MINUTES` ago is
considered abandoned: it is made READY again (a worker retries it; every Maillage task can run
twice) until it has been claimed `MAILLAGE_TASK_MAX_ATTEMPTS` times, then marked FAILED with
`WorkerLost`, which the admin's task list and `/sante/` show.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


class WorkerLost(Exception):  # noqa: N818 - the name is what the admin's task list shows
    """The worker running this task stopped without reporting (killed, container lost)."""


@dataclass(frozen=True)
class Recovery:
    requeued: int
    failed: int


def stale_after() -> dt.timedelta:
    return dt.timedelta(minutes=getattr(settings, "MAILLAGE_TASK_STALE_MINUTES", 30))


def recover_interrupted_tasks(*, now: dt.datetime | None = None) -> Recovery:
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    max_attempts = getattr(settings, "MAILLAGE_TASK_MAX_ATTEMPTS", 2)
    requeued = failed = 0
    stale = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - stale_after()
    )
    for task_id in stale.values_list("id", flat=True):
        with transaction.atomic():
            task = DBTaskResult.objects.select_for_update().filter(pk=task_id).first()
            # Re-read under the lock: the worker may have finished it in the meantime.
            if task is None or task.status != TaskResultStatus.RUNNING:
                continue
            if len(task.worker_ids) < max_attempts:
                # The conditional UPDATE is what makes it safe on SQLite too (no row locks).
                done = DBTaskResult.objects.filter(
                    pk=task_id, status=TaskResultStatus.RUNNING
                ).update(status=TaskResultStatus.READY, started_at=None)
                requeued += done
                logger.warning(
                    "task_requeued id=%s task=%s attempts=%s",
                    task_id,
                    task.task_path,
                    len(task.worker_ids),
                )
            else:
                task.set_failed(
                    WorkerLost(
                        f"Le processus qui exécutait cette tâche s'est arrêté sans rendre compte "
                        f"({len(task.worker_ids)} tentatives)."
                    )
                )
                failed += 1
                logger.error(
                    "task_failed_worker_lost id=%s task=%s attempts=%s",
                    task_id,
                    task.task_path,
                    len(task.worker_ids),
                )
    return Recovery(requeued=requeued, failed=failed)
