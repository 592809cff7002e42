"""The web path of an import: the file waits on disk between its check and its import."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from maillage.accounts.perms import can_manage_supply
from maillage.registers.enums import ImportStatus
from maillage.registers.formats import FORMATS
from maillage.registers.models import RegisterImport
from maillage.registers.reading import RegisterFileError, file_rows, max_bytes
from maillage.registers.services.report import ImportReport, RegisterImportRejected
from maillage.registers.services.run import register_import_run

logger = logging.getLogger(__name__)


def _inline(size: int) -> bool:
    return size <= int(getattr(settings, "MAILLAGE_IMPORT_INLINE_MAX_BYTES", 2 * 1024 * 1024))


def register_upload_save(*, by: Any, kind: str, departement: Any, upload: Any) -> RegisterImport:
    """Store the uploaded file (chunk by chunk, refused above the size limit) and check it:
    at once when small, on the task worker otherwise."""
    if not can_manage_supply(by, departement.code):
        raise PermissionDenied("Ce département n'est pas dans votre territoire.")
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            f"Le fichier pèse {upload.size / 1_048_576:.0f} Mo : au-delà de "
            f"{limit / 1_048_576:.0f} Mo, découpez-le et importez chaque partie."
        )
    folder = Path(settings.MAILLAGE_IMPORT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
    path = folder / f"{uuid.uuid4().hex}{suffix}"
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    record = RegisterImport.objects.create(
        kind=kind,
        departement=departement,
        uploaded_by=by,
        file_name=Path(upload.name).name[:200],
        stored_path=str(path),
        size=upload.size,
    )
    logger.info("register upload %s kind=%s by=%s size=%s", record.pk, kind, by.pk, upload.size)
    if _inline(upload.size):
        register_upload_run(import_id=record.pk, dry_run=True)
    else:
        from maillage.registers.tasks import run_register_import

        run_register_import.enqueue(record.pk, True)
    record.refresh_from_db()
    return record


def register_upload_confirm(*, record: RegisterImport, by: Any) -> RegisterImport:
    """Import a checked file (the same file, checked again inside the transaction)."""
    if not can_manage_supply(by, record.departement_id):
        raise PermissionDenied("Ce département n'est pas dans votre territoire.")
    updated = RegisterImport.objects.filter(pk=record.pk, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.IMPORTING
    )
    if not updated:
        raise ValidationError("Ce fichier n'est pas prêt à être importé (déjà importé ou refusé).")
    if _inline(record.size):
        register_upload_run(import_id=record.pk, dry_run=False, by=by)
    else:
        from maillage.registers.tasks import run_register_import

        run_register_import.enqueue(record.pk, False)
    record.refresh_from_db()
    return record


def register_upload_run(*, import_id: int, dry_run: bool, by: Any = None) -> RegisterImport:
    """Check (dry run) or import the stored file and keep its report."""
    record = RegisterImport.objects.select_related("uploaded_by").get(pk=import_id)
    by = by or record.uploaded_by
    kind = record.kind
    try:
        rows = file_rows(Path(record.stored_path), FORMATS[kind].columns)
        from maillage.registers.services import WRITERS

        report = register_import_run(
            kind=kind,
            rows=rows,
            writer=WRITERS[kind],
            by=by,
            departements=[record.departement_id],
            dry_run=dry_run,
        )
    except RegisterFileError as exc:
        report = ImportReport(kind=kind, dry_run=dry_run)
        report.add_error(exc.as_row_error())
    except RegisterImportRejected as exc:
        report = exc.report
    except Exception:
        RegisterImport.objects.filter(pk=record.pk).update(status=ImportStatus.FAILED)
        logger.exception("register import %s failed", record.pk)
        raise
    except FileNotFoundError:
        report = ImportReport(kind=kind, dry_run=dry_run)
        report.notice("Le fichier déposé n'est plus disponible : déposez-le à nouveau.")
        record.status = ImportStatus.FAILED
        record.report = report.to_json()
        record.save(update_fields=["status", "report"])
        return record
    if report.error_count:
        record.status = ImportStatus.REJECTED
    elif dry_run:
        record.status = ImportStatus.PREVIEWED
    else:
        record.status = ImportStatus.IMPORTED
        record.imported_at = timezone.now()
        Path(record.stored_path).unlink(missing_ok=True)
    record.report = report.to_json()
    record.save(update_fields=["status", "report", "imported_at"])
    return record
