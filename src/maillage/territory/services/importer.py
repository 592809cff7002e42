"""Import of the territory referential: read and validate every file, then one atomic write.

Idempotent: existing rows are loaded once, compared field by field in memory; only new rows
are created and only changed fields are updated. Rows absent from the files are reported and
kept, unless ``prune`` is requested.
"""

from __future__ import annotations

import json
import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, models, transaction
from django.db.models.deletion import ProtectedError

from maillage.core.memo import clear_memos
from maillage.territory.models import (
    CafCoverageRate,
    Commune,
    Departement,
    Intercommunality,
    Region,
)
from maillage.territory.services import files, readers
from maillage.territory.services.errors import TerritoryImportError

logger = logging.getLogger(__name__)

# Number of most recent years of births summed into ``children_under_3``.
UNDER_3_YEARS = 3
BATCH_SIZE = 2000
COPY_THRESHOLD = 1000


@dataclass
class Referential:
    """Everything read from the files, ready to be written (rows keyed by natural key)."""

    regions: dict[str, dict]
    departements: dict[str, dict]
    communes: dict[str, dict]
    intercommunalities: dict[str, dict]
    caf_rates: dict[tuple[str, int], dict]
    birth_years: list[str]
    warnings: list[str] = field(default_factory=list)


@dataclass
class ModelCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    missing: list = field(default_factory=list)
    deleted: int = 0


@dataclass
class ImportReport:
    counts: dict[str, ModelCounts]
    warnings: list[str]
    dry_run: bool
    seconds: float = 0.0
    read_seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated or c.deleted for c in self.counts.values())


def read_referential(data_dir: Path) -> Referential:
    """Parse and validate every file in memory; raises TerritoryImportError, writes nothing."""
    data_dir = Path(data_dir)
    regions = readers.read_regions(data_dir)
    departements = readers.read_departements(data_dir, regions)
    communes = readers.read_communes(data_dir, departements, regions)
    intercommunalities, grouping_warnings = readers.read_intercommunalities(data_dir, communes)
    births, years, warnings = readers.read_commune_births(data_dir)
    departement_births = readers.read_departement_births(data_dir)
    caf_rates = readers.read_caf_rates(data_dir)
    contours = {
        "regions": readers.read_contours(data_dir, files.REGION_CONTOURS),
        "departements": readers.read_contours(data_dir, files.DEPARTEMENT_CONTOURS),
        "communes": readers.read_contours(data_dir, files.COMMUNE_CONTOURS),
    }
    warnings += grouping_warnings
    recent_years = years[-UNDER_3_YEARS:]
    without_births = []
    for code, row in communes.items():
        by_year = births.get(code)
        if by_year is None:
            without_births.append(code)
            by_year = {}
        row["births_by_year"] = by_year
        row["children_under_3"] = sum(by_year.get(year, 0) for year in recent_years)
        row["contour"] = contours["communes"].get(code, "")
    for code, row in departements.items():
        row["births_by_year"] = departement_births.get(code, {})
        row["contour"] = contours["departements"].get(code, "")
    for code, row in regions.items():
        row["contour"] = contours["regions"].get(code, "")
    if without_births:
        warnings.append(
            f"{len(without_births)} commune(s) sans ligne de naissances (laissées à 0) : "
            + ", ".join(sorted(without_births)[:10])
        )
    unknown_births = [code for code in births if code not in communes]
    if unknown_births:
        warnings.append(
            f"{len(unknown_births)} ligne(s) de naissances pour des codes hors référentiel, "
            "ignorées : " + ", ".join(sorted(unknown_births)[:10])
        )
    for label, rows in (("communes", communes), ("departements", departements)):
        without = [code for code, row in rows.items() if not row["contour"]]
        if without:
            warnings.append(f"{len(without)} {label} sans contour : {', '.join(without[:10])}")
    return Referential(
        regions, departements, communes, intercommunalities, caf_rates, years, warnings
    )


def _create(model: type[models.Model], rows: list[dict]) -> None:
    """Insert rows: PostgreSQL ``COPY`` for large batches (3x faster), else bulk_create."""
    if not rows:
        return
    if connection.vendor != "postgresql" or len(rows) < COPY_THRESHOLD:
        model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH_SIZE)
        return
    names = list(rows[0].keys())
    model_fields = [model._meta.get_field(name) for name in names]
    json_names = {f.name for f in model_fields if isinstance(f, models.JSONField)}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in model_fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row([json.dumps(row[n]) if n in json_names else row[n] for n in names])


def _sync(
    model: type[models.Model],
    key_fields: tuple[str, ...],
    rows: dict,
    *,
    write: bool,
    prune: bool,
) -> ModelCounts:
    """Create, update (changed fields only) and optionally delete rows of ``model``."""
    fields = list(next(iter(rows.values())).keys()) if rows else []
    is_pk_key = len(key_fields) == 1 and model._meta.pk.name == key_fields[0]
    pk_name = model._meta.pk.attname
    select = [pk_name] if is_pk_key else [pk_name, *key_fields]
    existing: dict = {}
    for values in model.objects.order_by().values_list(*select, *fields):
        if is_pk_key:
            key, pk, current = values[0], values[0], values[1:]
        else:
            width = len(key_fields)
            pk = values[0]
            key = values[1] if width == 1 else tuple(values[1 : 1 + width])
            current = values[1 + width :]
        existing[key] = (pk, current)

    counts = ModelCounts()
    to_create = []
    to_update: dict[tuple[str, ...], list] = defaultdict(list)
    for key, row in rows.items():
        found = existing.get(key)
        if found is None:
            key_values = (key,) if len(key_fields) == 1 else key
            to_create.append({**dict(zip(key_fields, key_values, strict=True)), **row})
            continue
        pk, current = found
        changed = tuple(name for name, old in zip(fields, current, strict=True) if old != row[name])
        if not changed:
            counts.unchanged += 1
            continue
        instance = model(**{pk_name: pk}, **{name: row[name] for name in changed})
        to_update[changed].append(instance)
    counts.created = len(to_create)
    counts.updated = sum(len(group) for group in to_update.values())
    counts.missing = sorted(key for key in existing if key not in rows)
    if write:
        _create(model, to_create)
        for changed, instances in to_update.items():
            model.objects.bulk_update(instances, list(changed), batch_size=500)
    if prune and counts.missing:
        pks = [existing[key][0] for key in counts.missing]
        if write:
            try:
                for start in range(0, len(pks), 500):
                    model.objects.filter(pk__in=pks[start : start + 500]).delete()
            except ProtectedError as exc:
                raise TerritoryImportError(
                    model._meta.verbose_name_plural,
                    "suppression impossible, des données y sont encore rattachées "
                    f"({len(exc.protected_objects)} objet(s))",
                ) from exc
        counts.deleted = len(pks)
    return counts


def territory_import(
    *, data_dir: Path | str, dry_run: bool = False, prune: bool = False
) -> ImportReport:
    """Import the referential from ``data_dir``; all or nothing.

    Raises TerritoryImportError (French message naming the file and the line) before any
    write when a file is missing or malformed.
    """
    started = time.perf_counter()
    referential = read_referential(Path(data_dir))
    read_seconds = time.perf_counter() - started
    write = not dry_run
    with transaction.atomic():
        counts = {
            "régions": _sync(Region, ("code",), referential.regions, write=write, prune=False),
            "départements": _sync(
                Departement, ("code",), referential.departements, write=write, prune=False
            ),
            "intercommunalités": _sync(
                Intercommunality,
                ("code",),
                referential.intercommunalities,
                write=write,
                prune=False,
            ),
            "communes": _sync(Commune, ("code",), referential.communes, write=write, prune=prune),
            "taux de couverture CAF": _sync(
                CafCoverageRate,
                ("departement_code", "year"),
                referential.caf_rates,
                write=write,
                prune=prune,
            ),
        }
        if prune:
            counts["intercommunalités"].deleted = _sync(
                Intercommunality,
                ("code",),
                referential.intercommunalities,
                write=write,
                prune=True,
            ).deleted
            # Départements and régions are pruned after the communes that point at them.
            counts["départements"].deleted = _sync(
                Departement, ("code",), referential.departements, write=write, prune=True
            ).deleted
            counts["régions"].deleted = _sync(
                Region, ("code",), referential.regions, write=write, prune=True
            ).deleted
    if write:
        # This process's memos of communes and intercommunalities; others expire within 1 h.
        clear_memos()
    report = ImportReport(counts, referential.warnings, dry_run)
    report.seconds = time.perf_counter() - started
    report.read_seconds = read_seconds
    logger.info(
        "territory import%s in %.1f s (reading %.1f s): %s",
        " (dry run)" if dry_run else "",
        report.seconds,
        read_seconds,
        {name: (c.created, c.updated, c.unchanged, c.deleted) for name, c in counts.items()},
    )
    return report
