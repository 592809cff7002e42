"""National allocation: every open need, one task per département on the task workers.

A run records one part per département and hands each to the worker queue; every worker
takes parts as they come (several workers share the départements: on PostgreSQL each claims
its task with a row lock), the départements with the most open needs first (task priority),
so the run goes as fast as there are workers. A part runs the engine on the département's
open needs (with the family's consent) and its own providers, so that no place is proposed
twice. Progress is the number of parts finished. Proposals are
kept for review; nothing is sent.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django_tasks.base import TASK_MIN_PRIORITY

from maillage.families import engine_adapter as adapter
from maillage.families.models import Need
from maillage.families.models_allocation import (
    AllocationStatus,
    NationalAllocation,
    NationalAllocationPart,
    NationalStatus,
)

logger = logging.getLogger(__name__)

IN_PROGRESS_MESSAGE = "Une attribution nationale est déjà en cours : attendez qu'elle se termine."


def open_needs_of(code: str) -> list[Need]:
    """Open needs with the family's consent, in one département."""
    return list(
        Need.objects.open()
        .filter(consent_given_at__isnull=False, commune__departement_id=code)
        .select_related("commune")
        .order_by("pk")
    )


def open_needs_per_departement() -> dict[str, int]:
    """Open needs with the family's consent, counted per département."""
    rows = (
        Need.objects.open()
        .filter(consent_given_at__isnull=False)
        .order_by()
        .values_list("commune__departement_id")
        .annotate(count=Count("pk"))
    )
    return dict(rows)


def largest_first(counts: dict[str, int]) -> list[str]:
    """Départements by open needs, most first (then by code): the longest parts start first,
    so that no worker is left with a large one when the others are done."""
    return sorted(counts, key=lambda code: (-counts[code], code))


def part_priority(rank: int) -> int:
    """Task priority of the part at ``rank`` (0: the largest): the workers take the highest
    first; never above the default (0), so that everyday tasks (alerts, e-mails) are not held
    up by a national run."""
    return max(TASK_MIN_PRIORITY, -rank)


def national_allocation_start(
    *, by: Any = None, departements: Iterable[str] | None = None
) -> NationalAllocation:
    """Record the run and one part per département, then queue one task per part."""
    from maillage.families.tasks import compute_national_part

    codes = sorted(set(departements)) if departements is not None else None
    with transaction.atomic():
        if NationalAllocation.objects.filter(status=NationalStatus.RUNNING).exists():
            raise ValidationError(IN_PROGRESS_MESSAGE)
        counts = open_needs_per_departement()
        codes = largest_first(
            {c: counts[c] for c in (codes if codes is not None else counts) if c in counts}
        )
        if not codes:
            raise ValidationError("Aucun besoin en recherche dans ces départements.")
        run = NationalAllocation.objects.create(
            created_by=by if getattr(by, "pk", None) else None, departements_total=len(codes)
        )
        parts = NationalAllocationPart.objects.bulk_create(
            NationalAllocationPart(run=run, departement_id=code) for code in codes
        )
        ids = [part.pk for part in parts]
        if not ids:  # a database that returns no keys from a bulk insert
            pk_of = dict(run.parts.values_list("departement_id", "pk"))
            ids = [pk_of[code] for code in codes]

        def enqueue() -> None:
            for rank, pk in enumerate(ids):
                compute_national_part.using(priority=part_priority(rank)).enqueue(pk)

        transaction.on_commit(enqueue)
    logger.info("national allocation %s started: %s départements", run.pk, len(codes))
    return run


def national_part_compute(*, part_id: int) -> NationalAllocationPart:
    part = NationalAllocationPart.objects.get(pk=part_id)
    if part.status != AllocationStatus.RUNNING:
        return part
    needs = open_needs_of(part.departement_id)
    try:
        result = adapter.allocate_territory(needs)
    except Exception as exc:  # the engine's failure is recorded, never swallowed
        logger.exception("national allocation part %s failed", part.pk)
        NationalAllocationPart.objects.filter(pk=part.pk, status=AllocationStatus.RUNNING).update(
            status=AllocationStatus.FAILED,
            computed_at=timezone.now(),
            needs_count=len(needs),
            error=f"Le calcul a échoué : {exc}"[:300],
        )
    else:
        NationalAllocationPart.objects.filter(pk=part.pk, status=AllocationStatus.RUNNING).update(
            status=AllocationStatus.READY,
            computed_at=timezone.now(),
            needs_count=len(needs),
            summary={
                "placed": len(result.proposals),
                "unassigned": len(result.unassigned),
                "skipped": len(result.skipped),
                "providers": result.providers,
                "objective": result.objective,
                "upper_bound": result.upper_bound,
                "gap": result.gap,
                "seconds": round(result.seconds, 2),
            },
            proposals=[
                [p.need_id, p.provider_key, round(p.distance_km, 1)] for p in result.proposals
            ],
        )
    _finish_if_last(part.run_id)
    part.refresh_from_db()
    return part


def _finish_if_last(run_id: int) -> None:
    with transaction.atomic():
        parts = NationalAllocationPart.objects.filter(run_id=run_id)
        if parts.filter(status=AllocationStatus.RUNNING).exists():
            return
        failed = parts.filter(status=AllocationStatus.FAILED).exists()
        NationalAllocation.objects.filter(pk=run_id, status=NationalStatus.RUNNING).update(
            status=NationalStatus.FAILED if failed else NationalStatus.DONE,
            finished_at=timezone.now(),
        )


@dataclass(frozen=True)
class Progress:
    total: int
    done: int
    failed: int
    needs: int
    placed: int
    status: str

    @property
    def text_fr(self) -> str:
        text = f"{self.done + self.failed} / {self.total} département(s) calculé(s)"
        if self.failed:
            text += f" dont {self.failed} en échec"
        return text + f" ; {self.placed} place(s) proposée(s) pour {self.needs} besoin(s)"


def national_progress(run: NationalAllocation) -> Progress:
    counts = run.parts.aggregate(
        done=Count("pk", filter=Q(status=AllocationStatus.READY)),
        failed=Count("pk", filter=Q(status=AllocationStatus.FAILED)),
    )
    placed = needs = 0
    for summary, count in run.parts.exclude(status=AllocationStatus.RUNNING).values_list(
        "summary", "needs_count"
    ):
        placed += int((summary or {}).get("placed", 0))
        needs += count
    run.refresh_from_db(fields=["status"])
    return Progress(
        run.departements_total, counts["done"], counts["failed"], needs, placed, run.status
    )
