"""Large register files are checked and imported on the task worker."""

from __future__ import annotations

from django_tasks import task


@task()
def run_register_import(import_id: int, dry_run: bool) -> str:
    from maillage.registers.services.uploads import register_upload_run

    return register_upload_run(import_id=import_id, dry_run=dry_run).status
