"""`/sante/`: is this instance able to serve? JSON, 200 when healthy, 503 otherwise.

Checked: the database answers, and the task queue is moving (the oldest task waiting to run is
younger than `MAILLAGE_HEALTH_QUEUE_MAX_AGE_SECONDS`: an older one means no worker is running)
and no task is stuck RUNNING past the stale delay (a worker killed mid-task). Load balancers
and `compose.yaml` probe it; it reveals no personal data.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from maillage.core.task_recovery import stale_after

logger = logging.getLogger(__name__)


def _database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "vendor": connection.vendor}


def _queue() -> dict[str, Any]:
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return {"ok": True, "backend": settings.TASKS["default"]["BACKEND"]}
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    age = int((now - oldest).total_seconds()) if oldest else 0
    stuck = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - stale_after()
    ).count()
    max_age = getattr(settings, "MAILLAGE_HEALTH_QUEUE_MAX_AGE_SECONDS", 900)
    return {
        "ok": age <= max_age and stuck == 0,
        "ready": ready.count(),
        "oldest_ready_age_seconds": age,
        "max_age_seconds": max_age,
        "stuck_running": stuck,
    }


@never_cache
@require_GET
@transaction.non_atomic_requests
def health(request: HttpRequest) -> JsonResponse:
    checks: dict[str, Any] = {}
    for name, check in (("database", _database), ("queue", _queue)):
        try:
            checks[name] = check()
        except Exception as exc:  # noqa: BLE001 - a failing check is the answer, not a crash
            logger.warning("health check %s failed: %s", name, exc)
            checks[name] = {"ok": False, "error": type(exc).__name__}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "erreur", "checks": checks},
        status=200 if healthy else 503,
    )
