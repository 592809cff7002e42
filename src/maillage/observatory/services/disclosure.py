"""Small-cell protection of the counts of people shown on public pages.

Counts of people form four *families* of additive tables (parts → total):

* needs: without solution + with a solution or closed = needs declared;
* job seekers' needs: served + not served = job seekers' needs;
* candidates: one column per current path stage + other (completed, no current stage) +
  dropped out = candidates;
* childminders: one column per age band + age unknown = childminders.

Pages are protected top-down so that no page can be used against another:

1. the **national table** (rows = départements, total = France) is protected once; it serves
   the home page, the France column of every page and each département's own figures;
2. the **régions table** adds the région subtotals to the national table, every département
   and France cell forced hidden or locked published as the national table decided; it
   serves the région pages;
3. each **département table** (rows = its communes, total = the département) is protected
   with the département's cells *forced* hidden when the national table hides them and
   *locked* published when it shows them; it serves the communes table of the département
   page and every commune page.

A commune page therefore shows exactly the cells of its row in the département table, and a
rate or median computed from a hidden count is hidden with it.

Tables are computed after each recompute and stored (``DisclosureTable``, keyed by the
snapshots' ``computed_at``): the national one at once, each département's by a background
task. A page reads the stored table, or computes it on demand while the task has not run;
either way the result is cached per version of the indicators (``cache_version``).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models import Subquery

from maillage.observatory.cliff import AGE_BAND_LABELS
from maillage.observatory.suppression import TOTAL, ProtectedTable, protect_table

logger = logging.getLogger(__name__)

HIDDEN = "secret"
NATIONAL = "FR"  # scope of the national table (rows = départements)
REGIONS = "REG"  # scope of the régions table (région subtotals of the national table)
HIDDEN_NOTE = (
    "« secret » : secret statistique. Aucun effectif de personnes inférieur au seuil n'est "
    "affiché, et des cases complémentaires sont masquées pour qu'aucun effectif secret ne "
    "puisse être recalculé à partir des totaux affichés."
)

try:  # the jobs app gives the stage labels; the keys are stable strings anyway
    from maillage.jobs.enums import PathStageKind

    STAGES: dict[str, str] = dict(PathStageKind.choices)
except ImportError:  # pragma: no cover - jobs app absent
    STAGES = {}

FAMILIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "needs": ("needs_declared", ("needs_unserved", "needs_served")),
    "job_seekers": (
        "needs_job_seekers",
        ("needs_job_seekers_served", "needs_job_seekers_unserved"),
    ),
    "candidates": (
        "candidates",
        (*(f"stage:{k}" for k in STAGES), "candidates_other", "candidates_dropped"),
    ),
    "childminders": (
        "childminders",
        (*(f"band:{b}" for b in AGE_BAND_LABELS), "band:unknown"),
    ),
}
# Commune pages show neither stages nor age bands: the département tables (rows = communes)
# only carry what commune pages show, which keeps them small enough to audit quickly.
COMMUNE_FAMILIES: dict[str, tuple[str, tuple[str, ...]]] = {
    **{k: FAMILIES[k] for k in ("needs", "job_seekers")},
    "candidates": ("candidates", ("candidates_dropped", "candidates_not_dropped")),
    "childminders": ("childminders", ("childminders",)),
}
# Residual part of each family: total minus the other parts.
RESIDUAL = {
    "needs_served",
    "needs_job_seekers_unserved",
    "candidates_other",
    "candidates_not_dropped",
    "band:unknown",
}
# Derived values hidden when any of these counts is hidden.
DEPENDENT: dict[str, tuple[str, ...]] = {
    "unserved_share": ("needs_unserved", "needs_declared"),
    "job_seekers_served_share": ("needs_job_seekers_served", "needs_job_seekers"),
    "dropout_rate": ("candidates_dropped", "candidates"),
    "unserved_need_age_days": ("needs_unserved",),
    "need_to_place_days": ("needs_served", "needs_declared"),
}
PEOPLE_KEYS: frozenset[str] = frozenset(
    key for total, parts in FAMILIES.values() for key in (total, *parts)
)


def _int(values: dict, key: str) -> int:
    v = values.get(key)
    return int(v) if isinstance(v, int | float) and v > 0 else 0


def family_row(values: dict, family: str, families: dict | None = None) -> list[int]:
    """The parts of one family for one territory; the residual part closes the total."""
    total_key, parts = (families or FAMILIES)[family]
    total = _int(values, total_key)
    if parts == (total_key,):
        return [total]
    known = {p: _int(values, p) for p in parts if p not in RESIDUAL}
    residual = max(0, total - sum(known.values()))
    return [known.get(p, residual) for p in parts]


def _decided(decided: dict[str, int | None], key: str) -> bool:
    """Whether the upper table published ``key`` (a residual is published when its total and
    the other parts are)."""
    if key in decided:
        return decided[key] is not None
    if key == "candidates_not_dropped":
        return (
            decided.get("candidates") is not None and decided.get("candidates_dropped") is not None
        )
    return False


def _protect(
    rows: dict[str, dict],
    threshold: int,
    decided: dict[str, int | None] | None,
    families: dict[str, tuple[str, tuple[str, ...]]] = FAMILIES,
) -> dict[str, ProtectedTable]:
    out = {}
    for family, (total_key, parts) in families.items():
        forced, locked = [], []
        if decided is not None:
            for col in (*parts, TOTAL):
                key = total_key if col == TOTAL else col
                (locked if _decided(decided, key) else forced).append((TOTAL, col))
        out[family] = protect_table(
            {code: family_row(v, family, families) for code, v in rows.items()},
            parts,
            threshold=threshold,
            forced=forced,
            locked=locked,
        )
    return out


def _published(
    tables: dict[str, ProtectedTable],
    row: str,
    families: dict[str, tuple[str, tuple[str, ...]]] = FAMILIES,
) -> dict[str, int | None]:
    """{count key: published value or None} for one row of the protected tables."""
    out: dict[str, int | None] = {}
    for family, (total_key, parts) in families.items():
        table = tables[family]
        for col in parts:
            out[col] = table.cells[(row, col)]
        out[total_key] = table.cells[(row, TOTAL)]
    return out


def _version_key(*parts: object) -> str:
    from maillage.observatory.services import cache_version

    return ":".join(["observatory:disclosure", str(cache_version()), *map(str, parts)])


def _france_snapshot():  # noqa: ANN202 - a QuerySet of at most one row
    from maillage.observatory.indicators import FRANCE_CODE
    from maillage.observatory.models import IndicatorSnapshot

    return IndicatorSnapshot.objects.filter(level="france", code=FRANCE_CODE)


def current_version() -> dt.datetime | None:
    """Version of the indicators: ``computed_at`` of the France snapshot (every recompute,
    scoped or not, rewrites it)."""
    return _france_snapshot().values_list("computed_at", flat=True).first()


def _stored(scope: str, threshold: int) -> dict | None:
    """The precomputed table of the current indicators, if the background work stored it."""
    from maillage.observatory.models import DisclosureTable

    return (
        DisclosureTable.objects.filter(
            scope=scope,
            threshold=threshold,
            version=Subquery(_france_snapshot().values("computed_at")[:1]),
        )
        .values_list("cells", flat=True)
        .first()
    )


def _national_compute(threshold: int) -> dict[str, dict[str, int | None]]:
    from maillage.observatory.indicators import FRANCE_CODE
    from maillage.observatory.services import snapshots

    rows = snapshots("departement")
    rows = {code: rows[code] for code in sorted(rows)}
    tables = _protect(rows, threshold, None)
    cells = {code: _published(tables, code) for code in rows}
    cells[FRANCE_CODE] = _published(tables, TOTAL)
    return cells


def _departement_compute(
    departement: str, threshold: int, national: dict[str, dict[str, int | None]]
) -> dict[str, dict[str, int | None]]:
    from maillage.observatory.services import snapshot_values, snapshots
    from maillage.territory.models import Commune

    codes = list(
        Commune.objects.filter(departement_id=departement)
        .order_by("code")
        .values_list("code", flat=True)
    )
    rows = snapshots("commune", codes)
    rows = {c: rows.get(c, {}) for c in codes}
    decided = national.get(departement)
    if decided is None:  # no national snapshot yet: protect the département on its own
        dep_values = snapshot_values("departement", departement) or {}
        decided = _published(_protect({departement: dep_values}, threshold, None), TOTAL)
    tables = _protect(rows, threshold, decided, COMMUNE_FAMILIES)
    cells = {code: _published(tables, code, COMMUNE_FAMILIES) for code in codes}
    cells[departement] = _published(tables, TOTAL, COMMUNE_FAMILIES)
    return cells


def _regions_compute(
    threshold: int, national: dict[str, dict[str, int | None]]
) -> dict[str, dict[str, int | None]]:
    """Région subtotals of the national table, protected with every département and France
    cell *forced* or *locked* as the national table decided: a région page adds subtotals
    (région = sum of its départements) but can never be used to recompute a département's
    hidden count, and the département pages stay exactly as they are."""
    from maillage.observatory.indicators import FRANCE_CODE
    from maillage.observatory.services import snapshots
    from maillage.territory.models import Departement

    region_of = dict(Departement.objects.values_list("code", "region_id"))
    rows = snapshots("departement")
    rows = {code: rows[code] for code in sorted(rows)}
    # "R" prefix: région codes (e.g. 93, PACA) collide with département codes.
    group_of = {code: f"R{region_of.get(code) or '?'}" for code in rows}
    tables = {}
    for family, (total_key, parts) in FAMILIES.items():
        forced, locked = [], []
        for row in [*rows, TOTAL]:
            decided = national.get(FRANCE_CODE if row == TOTAL else row) or {}
            for col in (*parts, TOTAL):
                key = total_key if col == TOTAL else col
                (locked if _decided(decided, key) else forced).append((row, col))
        tables[family] = protect_table(
            {code: family_row(v, family) for code, v in rows.items()},
            parts,
            threshold=threshold,
            group_of=group_of,
            forced=forced,
            locked=locked,
        )
    return {g[1:]: _published(tables, g) for g in sorted(set(group_of.values()))}


def national_cells(threshold: int) -> dict[str, dict[str, int | None]]:
    """{département code or "FR": {count key: published value or None}}."""
    key = _version_key("national", threshold)
    cells = cache.get(key)
    if cells is None:
        cells = _stored(NATIONAL, threshold)
        if cells is None:
            cells = _national_compute(threshold)
        cache.set(key, cells, 3600)
    return cells


def region_cells(threshold: int) -> dict[str, dict[str, int | None]]:
    """{région code: {count key: published value or None}}, consistent with national_cells."""
    key = _version_key("regions", threshold)
    cells = cache.get(key)
    if cells is None:
        cells = _stored(REGIONS, threshold)
        if cells is None:
            cells = _regions_compute(threshold, national_cells(threshold))
        cache.set(key, cells, 3600)
    return cells


def departement_cells(departement: str, threshold: int) -> dict[str, dict[str, int | None]]:
    """{commune code or the département code: {count key: published value or None}}.

    Read from the table stored after the last recompute; computed on demand (a few hundred
    milliseconds for the largest département since the audit is linear) when the background
    task has not run yet."""
    key = _version_key("departement", departement, threshold)
    cells = cache.get(key)
    if cells is None:
        cells = _stored(departement, threshold)
        if cells is None:
            cells = _departement_compute(departement, threshold, national_cells(threshold))
        cache.set(key, cells, 3600)
    return cells


def protected_table_store(
    *, scope: str, version: dt.datetime, threshold: int | None = None
) -> bool:
    """Compute and store one table (``scope`` = NATIONAL or a département code) for the
    indicators of ``version``; False (nothing written) when newer indicators exist."""
    from maillage.observatory.models import DisclosureTable
    from maillage.observatory.services import small_cell_threshold

    threshold = small_cell_threshold() if threshold is None else threshold
    current = current_version()
    if current is None or current != version:
        logger.info("Tableau protégé %s : indicateurs plus récents, abandon.", scope)
        return False
    if scope == NATIONAL:
        cells = _national_compute(threshold)
    elif scope == REGIONS:
        national = _stored(NATIONAL, threshold) or _national_compute(threshold)
        cells = _regions_compute(threshold, national)
    else:
        national = _stored(NATIONAL, threshold) or _national_compute(threshold)
        cells = _departement_compute(scope, threshold, national)
    with transaction.atomic():
        DisclosureTable.objects.update_or_create(
            scope=scope, threshold=threshold, defaults={"version": version, "cells": cells}
        )
    return True


def protected_tables_store_all(*, threshold: int | None = None) -> int:
    """Compute and store the national table and every département's, now (no worker
    needed). Returns the number of tables stored."""
    from maillage.territory.models import Departement

    version = current_version()
    if version is None:
        return 0
    stored = int(protected_table_store(scope=NATIONAL, version=version, threshold=threshold))
    stored += protected_table_store(scope=REGIONS, version=version, threshold=threshold)
    for code in Departement.objects.order_by("code").values_list("code", flat=True):
        stored += protected_table_store(scope=code, version=version, threshold=threshold)
    return stored


def protected_tables_schedule(*, version: dt.datetime) -> int:
    """After a recompute: store the national table now (tens of milliseconds), enqueue one
    background task per département. Returns the number of tasks enqueued."""
    from maillage.observatory.tasks import protect_departement
    from maillage.territory.models import Departement

    protected_table_store(scope=NATIONAL, version=version)
    protected_table_store(scope=REGIONS, version=version)
    codes = list(Departement.objects.order_by("code").values_list("code", flat=True))
    for code in codes:
        protect_departement.enqueue(code, version.isoformat())
    return len(codes)


def apply(values: dict | None, published: dict[str, int | None] | None) -> dict:
    """Values with every protected count replaced by HIDDEN and dependent rates hidden."""
    out = dict(values or {})
    if published is None:  # territory unknown to the protection: hide every count
        published = {}
    for key in PEOPLE_KEYS:
        shown = published.get(key)
        if shown is not None:
            out[key] = shown
        elif out.get(key) is not None:
            out[key] = HIDDEN
    for key, needed in DEPENDENT.items():
        if out.get(key) is not None and any(published.get(k) is None for k in needed):
            out[key] = HIDDEN
    return out


def intercommunality_cells(codes: list[str], threshold: int) -> dict[str, dict[str, int | None]]:
    """{SIREN: {count key: published value or None}} for EPCIs and EPTs.

    An intercommunality's count is published only when every one of its communes' counts is
    published in its département table, as their sum; otherwise it is secret. A published
    value is thus a sum of published cells: it adds nothing that could be used to recompute a
    hidden commune, EPCI or département count, whatever the EPCIs that straddle départements.
    Counts that commune pages never show (stages, age bands) stay secret at this level.
    """
    from django.db.models import Q

    from maillage.territory.models import Commune

    members: dict[str, list[tuple[str, str]]] = {code: [] for code in codes}
    for commune, departement, epci, ept in Commune.objects.filter(
        Q(epci_id__in=codes) | Q(ept_id__in=codes)
    ).values_list("code", "departement_id", "epci_id", "ept_id"):
        for group in (epci, ept):
            if group in members:
                members[group].append((commune, departement))
    tables: dict[str, dict[str, dict[str, int | None]]] = {}
    out: dict[str, dict[str, int | None]] = {}
    for code, communes in members.items():
        published: dict[str, int | None] = {}
        if not communes:
            out[code] = published
            continue
        rows = []
        for commune, departement in communes:
            if departement not in tables:
                tables[departement] = departement_cells(departement, threshold)
            rows.append(tables[departement].get(commune) or {})
        keys = {key for row in rows for key in row}
        for key in keys:
            values = [row.get(key) for row in rows]
            published[key] = None if any(v is None for v in values) else sum(values)  # type: ignore[misc]
        out[code] = published
    return out
