"""A slow task and a slow save, for bench/faults.py only (never imported by the application)."""

from __future__ import annotations

import time

from django_tasks import task


@task()
def slow_task(seconds: float) -> str:
    """Long enough to be killed in the middle."""
    time.sleep(seconds)
    return "terminée"


def slow_user_save(sender, instance, created, **kwargs):  # noqa: ARG001 - signal signature
    """post_save receiver: the row is written, the request's transaction not yet committed."""
    if created and instance.email.startswith("coupure-"):
        time.sleep(8)
