"""Background tasks of the observatory (django.tasks backport)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def protect_departement(departement: str, version: str) -> bool:
    """Small-count protection of a département's communes table, stored for its pages."""
    from maillage.observatory.services.disclosure import protected_table_store

    return protected_table_store(scope=departement, version=dt.datetime.fromisoformat(version))
