"""The two passes of every register import.

Pass 1 checks every line (format, communes in scope, legal limits, duplicate keys) and keeps
only the keys and the numbers of the rejected lines. Pass 2 reads the file again and compares
(dry run) or writes (real run) by batches, inside one transaction: a crash or a kill in the
middle leaves the previous data as it was. Memory grows with the number of keys, never with
the size of the file.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone

from maillage.registers.formats import FORMATS, Context, Line
from maillage.registers.reading import RegisterFileError, RowError, RowSource
from maillage.registers.services.context import context_load
from maillage.registers.services.report import ImportReport, RegisterImportRejected

logger = logging.getLogger(__name__)

BATCH = 1000
Progress = Callable[[int], None]


class Writer(Protocol):
    def prepare(self) -> None: ...
    def batch(self, records: list[Any]) -> None: ...
    def finish(self, keys: set[Any]) -> None: ...


WriterFactory = Callable[..., Writer]


def _first_pass(
    kind: str, rows: RowSource, context: Context, report: ImportReport
) -> tuple[set[Any], set[int]]:
    check = FORMATS[kind].check
    key_column = FORMATS[kind].key_column
    seen: dict[Any, int] = {}
    rejected: set[int] = set()
    for number, values in rows():
        report.lines += 1
        line = Line(number, values)
        record = check(line, context)
        if record is not None and record.key in seen:
            line.bad(key_column, f"déjà présent ligne {seen[record.key]} (clé en double).")
        if line.errors:
            rejected.add(number)
            for error in line.errors:
                report.add_error(error)
            continue
        seen[record.key] = number
    report.rejected = len(rejected)
    return set(seen), rejected


def register_import_run(
    *,
    kind: str,
    rows: RowSource,
    writer: WriterFactory,
    by: Any,
    departements: Iterable[str],
    dry_run: bool,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Check every line, then compare or write in one transaction (see the module doc).

    Returns the report; raises RegisterImportRejected (nothing written) when a line is wrong
    and this is not a dry run.
    """
    now = now or timezone.now()
    departements = sorted(set(departements))
    report = ImportReport(kind=kind, dry_run=dry_run)
    if not departements:
        report.add_error(RowError(0, "", "Aucun département à importer n'est indiqué."))
        return _end(report, by, departements)
    context = context_load(departements=departements, today=timezone.localdate(now))
    try:
        keys, rejected = _first_pass(kind, rows, context, report)
    except RegisterFileError as exc:
        report.add_error(exc.as_row_error())
        return _end(report, by, departements)
    if report.lines == 0:
        report.add_error(RowError(0, "", "Le fichier ne contient aucune ligne à importer."))
    if report.error_count and not dry_run:
        return _end(report, by, departements)
    check = FORMATS[kind].check
    with transaction.atomic():
        target = writer(context=context, by=by, dry_run=dry_run, report=report, now=now)
        target.prepare()
        batch: list[Any] = []
        done = 0
        for number, values in rows():
            if number in rejected:
                continue
            record = check(Line(number, values), context)
            if record is None:
                continue
            batch.append(record)
            if len(batch) >= BATCH:
                target.batch(batch)
                done += len(batch)
                batch = []
                if progress:
                    progress(done)
        if batch:
            target.batch(batch)
        if not rejected:
            target.finish(keys)
        if dry_run or report.error_count:
            transaction.set_rollback(True)
    if not dry_run and not report.error_count:
        from maillage.families.engine_records import provider_index_bump_on_commit

        for code in departements:
            provider_index_bump_on_commit(code)
    return _end(report, by, departements)


def _end(report: ImportReport, by: Any, departements: list[str]) -> ImportReport:
    logger.info(
        "register import %s%s by=%s departements=%s: %s",
        report.kind,
        " (dry run)" if report.dry_run else "",
        getattr(by, "pk", None),
        ",".join(departements),
        report.summary() if report.ok else f"{report.error_count} error(s)",
    )
    if report.error_count and not report.dry_run:
        raise RegisterImportRejected(report)
    return report
