"""Provider register imports (PMI agréments, EAJE, MAMs): the public services.

    childminder_register_import(*, rows, by, departements, dry_run)
    nursery_register_import(...), mam_register_import(...)

`rows` is a reader from `maillage.registers.reading` (`file_rows(path, columns)` for a CSV or
XLSX file, `dict_rows(list_of_dicts, columns)` for rows in memory) or a plain list of dicts
keyed by the documented column names (docs/imports.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from maillage.registers.formats import FORMATS
from maillage.registers.reading import RowSource, dict_rows
from maillage.registers.services.childminders import ChildminderWriter
from maillage.registers.services.departures import departures_pending, register_departure_decide
from maillage.registers.services.mams import MamWriter
from maillage.registers.services.nurseries import NurseryWriter
from maillage.registers.services.report import (
    ImportReport,
    RegisterImportRejected,
    errors_csv,
)
from maillage.registers.services.run import Progress, register_import_run
from maillage.registers.services.uploads import register_upload_confirm, register_upload_save

WRITERS = {"childminders": ChildminderWriter, "nurseries": NurseryWriter, "mams": MamWriter}


def register_import(
    *,
    kind: str,
    rows: RowSource | list[dict[str, Any]],
    by: Any,
    departements: Iterable[str],
    dry_run: bool = False,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import one register file (kind: childminders, nurseries or mams); see run.py."""
    if isinstance(rows, list):
        rows = dict_rows(rows, FORMATS[kind].columns)
    return register_import_run(
        kind=kind,
        rows=rows,
        writer=WRITERS[kind],
        by=by,
        departements=departements,
        dry_run=dry_run,
        now=now,
        progress=progress,
    )


def childminder_register_import(**kwargs: Any) -> ImportReport:
    return register_import(kind="childminders", **kwargs)


def nursery_register_import(**kwargs: Any) -> ImportReport:
    return register_import(kind="nurseries", **kwargs)


def mam_register_import(**kwargs: Any) -> ImportReport:
    return register_import(kind="mams", **kwargs)


__all__ = [
    "ImportReport",
    "RegisterImportRejected",
    "childminder_register_import",
    "departures_pending",
    "errors_csv",
    "mam_register_import",
    "nursery_register_import",
    "register_departure_decide",
    "register_import",
    "register_upload_confirm",
    "register_upload_save",
]
