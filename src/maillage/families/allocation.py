"""A counsellor's territory allocation, computed and sent by the task worker.

The engine needs about a second per département, and sending 2,000 proposals (a contact
request, its event and an e-mail each) about ten: neither runs in a request any more. The page
shows the progress and an e-mail tells the counsellor when it is done. Sending goes by chunks,
each in its own transaction, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.querysets import scope_by_commune
from maillage.childcare.models import Childminder, Nursery
from maillage.families import engine_adapter as adapter
from maillage.families.models import Need
from maillage.families.models_allocation import AllocationStatus, TerritoryAllocation

logger = logging.getLogger(__name__)

CHUNK = 50
IN_PROGRESS_MESSAGE = "Une attribution est déjà en cours : attendez qu'elle se termine."


def open_needs_in_scope(user: Any) -> QuerySet[Need]:
    """Open needs with the family's consent, in the counsellor's territories."""
    return (
        scope_by_commune(Need.objects.open(), user)
        .filter(consent_given_at__isnull=False)
        .select_related("commune")
    )


def provider_from_key(key: str) -> dict[str, Any] | None:
    parsed = adapter.parse_provider_key(key)
    if parsed is None:
        return None
    prefix, pk = parsed
    if prefix == adapter.CHILDMINDER_PREFIX:
        childminder = Childminder.objects.visible(timezone.localdate()).filter(pk=pk).first()
        return {"childminder": childminder} if childminder else None
    nursery = Nursery.objects.offered().filter(pk=pk).first()
    return {"nursery": nursery} if nursery else None


def territory_allocation_start(*, counsellor: Any) -> TerritoryAllocation:
    """Record the run and hand the computation to the worker."""
    from maillage.families.tasks import compute_territory_allocation

    with transaction.atomic():
        if TerritoryAllocation.objects.filter(
            counsellor=counsellor,
            status__in=[AllocationStatus.RUNNING, AllocationStatus.SENDING],
        ).exists():
            raise ValidationError(IN_PROGRESS_MESSAGE)
        count = open_needs_in_scope(counsellor).count()
        if not count:
            raise ValidationError("Aucun besoin en recherche dans vos territoires.")
        allocation = TerritoryAllocation.objects.create(counsellor=counsellor, needs_count=count)
        transaction.on_commit(lambda: compute_territory_allocation.enqueue(allocation.pk))
    logger.info(
        "territory allocation %s started by %s (%s needs)", allocation.pk, counsellor.pk, count
    )
    return allocation


def territory_allocation_compute(*, allocation_id: int) -> TerritoryAllocation:
    allocation = TerritoryAllocation.objects.select_related("counsellor").get(pk=allocation_id)
    if allocation.status != AllocationStatus.RUNNING:
        return allocation
    needs = list(open_needs_in_scope(allocation.counsellor))
    try:
        result = adapter.allocate_territory(needs)
    except Exception as exc:  # the engine's failure is shown, never swallowed
        logger.exception("territory allocation %s failed", allocation.pk)
        TerritoryAllocation.objects.filter(
            pk=allocation.pk, status=AllocationStatus.RUNNING
        ).update(status=AllocationStatus.FAILED, error=f"Le calcul a échoué : {exc}"[:300])
        allocation.refresh_from_db()
        return allocation
    proposals = [[p.need_id, p.provider_key, round(p.distance_km, 1)] for p in result.proposals]
    summary = {
        "placed": len(result.proposals),
        "unassigned": len(result.unassigned),
        "skipped": len(result.skipped),
        "providers": result.providers,
        "objective": result.objective,
        "gap": result.gap,
        "seconds": round(result.seconds, 2),
    }
    with transaction.atomic():
        updated = TerritoryAllocation.objects.filter(
            pk=allocation.pk, status=AllocationStatus.RUNNING
        ).update(
            status=AllocationStatus.READY,
            computed_at=timezone.now(),
            needs_count=len(needs),
            summary=summary,
            proposals=proposals,
        )
        allocation.refresh_from_db()
        if updated:
            transaction.on_commit(lambda: _notify(allocation, ready=True))
    logger.info("territory allocation %s computed: %s", allocation.pk, summary)
    return allocation


def territory_allocation_send(*, allocation: TerritoryAllocation, by: Any) -> TerritoryAllocation:
    """The counsellor confirms: the proposals go out through the worker."""
    from maillage.families.tasks import send_territory_allocation

    with transaction.atomic():
        moved = TerritoryAllocation.objects.filter(
            pk=allocation.pk, counsellor=by, status=AllocationStatus.READY
        ).update(status=AllocationStatus.SENDING, offers_total=len(allocation.proposals))
        if moved != 1:
            raise ValidationError(
                "Ces propositions ne peuvent plus être envoyées : relancez une attribution."
            )
        transaction.on_commit(lambda: send_territory_allocation.enqueue(allocation.pk))
    allocation.refresh_from_db()
    logger.info(
        "territory allocation %s: sending %s proposals", allocation.pk, allocation.offers_total
    )
    return allocation


def territory_allocation_send_offers(*, allocation_id: int) -> TerritoryAllocation:
    """Create each proposal's contact request, by chunks; resumes after the last done chunk."""
    from maillage.families.services import InvalidTransition, contact_request_create

    allocation = TerritoryAllocation.objects.select_related("counsellor").get(pk=allocation_id)
    if allocation.status != AllocationStatus.SENDING:
        return allocation
    by = allocation.counsellor
    while True:
        with transaction.atomic():
            current = TerritoryAllocation.objects.get(pk=allocation.pk)
            done = current.offers_sent + current.offers_failed
            chunk = current.proposals[done : done + CHUNK]
            if not chunk:
                break
            needs = open_needs_in_scope(by).in_bulk([row[0] for row in chunk])
            sent = failed = 0
            for need_id, key, _ in chunk:
                need = needs.get(need_id)
                provider = provider_from_key(key)
                if need is None or provider is None:
                    failed += 1
                    continue
                try:
                    contact_request_create(
                        need=need, by=by, proposed_by_allocation=True, **provider
                    )
                    sent += 1
                except (InvalidTransition, ValidationError):
                    failed += 1
            TerritoryAllocation.objects.filter(pk=allocation.pk).update(
                offers_sent=F("offers_sent") + sent, offers_failed=F("offers_failed") + failed
            )
    with transaction.atomic():
        finished = TerritoryAllocation.objects.filter(
            pk=allocation.pk, status=AllocationStatus.SENDING
        ).update(status=AllocationStatus.SENT)
        allocation.refresh_from_db()
        if finished:
            transaction.on_commit(lambda: _notify(allocation, ready=False))
    logger.info(
        "territory allocation %s sent: %s sent, %s not sent",
        allocation.pk,
        allocation.offers_sent,
        allocation.offers_failed,
    )
    return allocation


def _notify(allocation: TerritoryAllocation, *, ready: bool) -> None:
    user = allocation.counsellor
    if not user.email:
        return
    link = getattr(settings, "MAILLAGE_BASE_URL", "").rstrip("/") + reverse(
        "families:counsellor_allocation"
    )
    if ready:
        subject = "Attribution du territoire : les propositions sont prêtes"
        body = (
            f"Le moteur propose une place à {allocation.summary.get('placed', 0)} des "
            f"{allocation.needs_count} familles en recherche de vos territoires. Vérifiez puis "
            f"envoyez les propositions : {link}"
        )
    else:
        subject = "Attribution du territoire : les propositions sont envoyées"
        body = (
            f"{allocation.offers_sent} proposition(s) envoyée(s) aux modes d'accueil"
            + (f", {allocation.offers_failed} non envoyée(s)" if allocation.offers_failed else "")
            + f". Le détail : {link}"
        )
    send_mail(subject, f"Bonjour,\n\n{body}\n\nMaillage", None, [user.email])
