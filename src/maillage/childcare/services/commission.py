"""Commission d'attribution: run the engine on a manager's crèches, adjust, validate.

`commission_run` records the commission and computes it inline, or enqueues the computation
(`tasks.compute_commission`) when the candidate set is large; `commission_compute` calls the
one engine adapter (`families.engine_adapter.allocate_nurseries`) and writes the ranked
proposals; `commission_adjust` / `commission_reorder` change a draft; `commission_validate`
records the decision and offers each accepted place to its family (an accepted
`ContactRequest`, through `families.services`, so the family is notified and can confirm).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone

from maillage.childcare.commission_candidates import commission_candidates
from maillage.childcare.cotation import (
    GROUP_LABELS,
    cotation_grid,
    cotation_grid_for,
    points_breakdown,
)
from maillage.childcare.enums import (
    CommissionMode,
    CommissionStatus,
    ProposalDecision,
    ProposalNote,
)
from maillage.childcare.models import Commission, CommissionProposal, Nursery, NurseryAgeGroup

if TYPE_CHECKING:
    from maillage.accounts.models import User

logger = logging.getLogger(__name__)

INLINE_MAX_NEEDS = 300
HOLDING = (ProposalDecision.PROPOSED, ProposalDecision.ACCEPTED)
VALIDATED_MESSAGE = "Cette commission est validée : ses décisions ne peuvent plus être modifiées."
RUNNING_MESSAGE = "Le calcul de cette commission n'est pas terminé."


def inline_max_needs() -> int:
    """Above this many candidate needs, the engine runs as a background task."""
    return int(getattr(settings, "MAILLAGE_COMMISSION_INLINE_MAX", INLINE_MAX_NEEDS))


def _selected(commission: Commission) -> list[Nursery]:
    sections = NurseryAgeGroup.objects.order_by("min_age_months", "pk")
    return list(
        commission.nurseries.select_related("commune").prefetch_related(
            Prefetch("age_groups", queryset=sections)
        )
    )


# ---------------------------------------------------------------- run


def commission_run(*, manager: User, nurseries: Iterable[Nursery], mode: str) -> Commission:
    """Record a commission on these crèches (all managed by `manager`) and compute it: inline
    for a small candidate set, as a background task above `inline_max_needs()`."""
    chosen = {n.pk for n in nurseries}
    if not chosen:
        raise ValidationError("Choisissez au moins une crèche.")
    if mode not in CommissionMode.values:
        raise ValidationError("Choisissez le mode d'attribution : stable ou optimal.")
    managed = Nursery.objects.managed_by(manager).filter(pk__in=chosen)
    if managed.count() != len(chosen):
        raise PermissionDenied("Vous ne gérez pas toutes ces crèches.")
    if managed.offered().count() != len(chosen):
        raise ValidationError(
            "Une crèche en attente de validation ou dont les places ne sont pas confirmées "
            "ne peut pas encore attribuer de places."
        )
    grid = commission_grid(managed.select_related("commune"))
    with transaction.atomic():
        commission = Commission.objects.create(
            mode=mode, grid=grid, run_by=manager, run_at=timezone.now()
        )
        commission.nurseries.set(sorted(chosen))
        count = len(commission_candidates(_selected(commission)))
        commission.candidates = count
        commission.save(update_fields=["candidates"])
    logger.info(
        "commission_run commission=%s by=%s nurseries=%s mode=%s candidates=%s",
        commission.pk,
        manager.pk,
        sorted(chosen),
        mode,
        count,
    )
    if count > inline_max_needs():
        from maillage.childcare.tasks import compute_commission

        compute_commission.enqueue(commission.pk)
        commission.refresh_from_db()
        return commission
    return commission_compute(commission=commission)


def commission_grid(nurseries: Iterable[Nursery]) -> dict[str, int]:
    """The cotation grid of the crèches' territory (the one that also ranks the families'
    options and the counsellors' allocation); crèches under two different grids cannot sit
    in one commission."""
    departements = sorted({n.commune.departement_id for n in nurseries})
    grids = {code: cotation_grid_for(code) for code in departements}
    distinct = {tuple(sorted(g.items())) for g in grids.values()}
    if len(distinct) > 1:
        raise ValidationError(
            "Ces crèches relèvent de territoires dont les grilles de cotation diffèrent "
            f"({', '.join(departements)}) : lancez une commission par territoire."
        )
    return next(iter(grids.values())) if grids else cotation_grid()


def _section_label(group: NurseryAgeGroup) -> str:
    return f"{group.get_kind_display()} ({group.min_age_months}–{group.max_age_months} mois)"


def commission_compute(*, commission: Commission) -> Commission:
    """Run the engine for a recorded commission and write its ranked proposals (the engine
    runs outside any transaction; the writing is atomic)."""
    from maillage.families import engine_adapter

    nurseries = _selected(commission)
    candidates = commission_candidates(nurseries)
    try:
        view = engine_adapter.allocate_nurseries(
            [c.need for c in candidates], nurseries, mode=commission.mode, points=commission.grid
        )
    except engine_adapter.EngineFailure as exc:
        logger.exception("commission_compute commission=%s failed", commission.pk)
        Commission.objects.filter(pk=commission.pk, status=CommissionStatus.RUNNING).update(
            status=CommissionStatus.FAILED, error=f"Le calcul a échoué : {exc}"[:300]
        )
        commission.refresh_from_db()
        return commission
    sections = {g.pk: g for n in nurseries for g in n.age_groups.all()}
    left = {pk: g.places_free for pk, g in sections.items()}
    rows: list[CommissionProposal] = []
    for c in sorted(candidates, key=lambda c: c.need.pk):
        if c.need.pk in view.skipped:
            continue
        points = points_breakdown(c.need, commission.grid)
        placement = view.placements.get(c.need.pk)
        if placement is not None:
            nursery_pk, km = placement
            fit = next(f for f in c.fits if f[1] == nursery_pk)
        else:
            km, nursery_pk, _ = fit = c.fits[0]
        groups = fit[2]
        group_pk = next((g for g in groups if left.get(g, 0) > 0), groups[0])
        if placement is not None:
            left[group_pk] = left.get(group_pk, 0) - 1
        rows.append(
            CommissionProposal(
                commission=commission,
                need=c.need,
                nursery_id=nursery_pk,
                age_group_id=group_pk,
                age_group_label=_section_label(sections[group_pk]),
                child_age_months=c.age_months,
                distance_km=round(km, 1),
                priority_points=sum(points.values()),
                points_breakdown=points,
                placed_by_engine=placement is not None,
                decision=ProposalDecision.PROPOSED if placement else ProposalDecision.WAITLISTED,
                rank=0,
            )
        )
    _rank(rows)
    with transaction.atomic():
        locked = Commission.objects.select_for_update().get(pk=commission.pk)
        if locked.status != CommissionStatus.RUNNING:
            return locked
        CommissionProposal.objects.bulk_create(rows)
        locked.status = CommissionStatus.DRAFT
        locked.computed_at = timezone.now()
        locked.candidates = len(candidates)
        locked.placed = view.placed
        locked.objective = view.objective
        locked.upper_bound = view.upper_bound
        locked.gap = view.gap
        locked.blocking_pairs = view.blocking_pairs
        locked.quota_refusals = view.quota_refusals
        locked.stability_note = view.stability_note_fr[:300]
        locked.seconds = round(view.seconds, 3)
        locked.outcome_by_priority = [
            {"group": g, "label": GROUP_LABELS.get(g, g), "needs": n, "placed": p}
            for g, n, p in view.by_priority
        ]
        locked.save()
    logger.info(
        "commission_compute commission=%s proposals=%s placed=%s objective=%s seconds=%.3f",
        locked.pk,
        len(rows),
        view.placed,
        view.objective,
        view.seconds,
    )
    return locked


def _rank(rows: list[CommissionProposal]) -> None:
    """Per crèche: the engine's placements first, then the waiting list; each by points
    (highest first), then by date of the request (oldest first)."""
    by_nursery: dict[int, list[CommissionProposal]] = {}
    for row in rows:
        by_nursery.setdefault(row.nursery_id, []).append(row)
    for group in by_nursery.values():
        group.sort(
            key=lambda r: (not r.placed_by_engine, -r.priority_points, r.need.created_at, r.need_id)
        )
        for rank, row in enumerate(group, start=1):
            row.rank = rank


# ---------------------------------------------------------------- adjust and validate


def _editable(commission_pk: int, by: User) -> Commission:
    locked = Commission.objects.select_for_update().get(pk=commission_pk)
    if locked.status == CommissionStatus.VALIDATED:
        raise ValidationError(VALIDATED_MESSAGE)
    if locked.status == CommissionStatus.SENDING:
        raise ValidationError("Les propositions de cette commission sont en cours d'envoi.")
    if locked.status != CommissionStatus.DRAFT:
        raise ValidationError(RUNNING_MESSAGE)
    if not Commission.objects.for_manager(by).filter(pk=locked.pk).exists():
        raise PermissionDenied("Vous ne gérez pas les crèches de cette commission.")
    return locked


def _check_room(proposal: CommissionProposal) -> None:
    """Accepting one more family in a section must leave no more families than free places."""
    group = proposal.age_group
    if group is None:
        raise ValidationError("Cette section n'existe plus : la place ne peut pas être acceptée.")
    held = (
        CommissionProposal.objects.filter(
            commission_id=proposal.commission_id, age_group=group, decision__in=HOLDING
        )
        .exclude(pk=proposal.pk)
        .count()
    )
    if held >= group.places_free:
        raise ValidationError(
            f"La section « {proposal.age_group_label} » n'a que {group.places_free} place(s) "
            "libre(s) : refusez une autre famille ou mettez-la en liste d'attente d'abord."
        )


@transaction.atomic
def commission_adjust(
    *, proposal: CommissionProposal, decision: str, by: User, note: str = ""
) -> CommissionProposal:
    """The manager accepts, refuses or waitlists one family (with an optional closed-list
    reason); refused outside a draft commission."""
    if decision not in ProposalDecision.values or decision == ProposalDecision.PROPOSED:
        raise ValidationError("Choisissez : accepter, refuser ou mettre en liste d'attente.")
    if note not in ProposalNote.values:
        raise ValidationError("Choisissez le motif dans la liste.")
    _editable(proposal.commission_id, by)
    locked = (
        CommissionProposal.objects.select_for_update(of=("self",))
        .select_related("age_group")
        .get(pk=proposal.pk)
    )
    if decision == ProposalDecision.ACCEPTED and locked.decision not in HOLDING:
        _check_room(locked)
    locked.decision = decision
    locked.note = note
    locked.adjusted_by_manager = True
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save()
    logger.info(
        "commission_adjust commission=%s proposal=%s decision=%s by=%s",
        locked.commission_id,
        locked.pk,
        decision,
        by.pk,
    )
    return locked


@transaction.atomic
def commission_reorder(*, proposal: CommissionProposal, direction: str, by: User) -> None:
    """Swap a family's rank with its neighbour's in the same crèche ("up" or "down")."""
    if direction not in ("up", "down"):
        raise ValidationError("Sens de déplacement inconnu.")
    _editable(proposal.commission_id, by)
    siblings = CommissionProposal.objects.select_for_update().filter(
        commission_id=proposal.commission_id, nursery_id=proposal.nursery_id
    )
    current = siblings.get(pk=proposal.pk)
    if direction == "up":
        other = siblings.filter(rank__lt=current.rank).order_by("-rank").first()
    else:
        other = siblings.filter(rank__gt=current.rank).order_by("rank").first()
    if other is None:
        return
    current.rank, other.rank = other.rank, current.rank
    current.adjusted_by_manager = True
    CommissionProposal.objects.bulk_update([current, other], ["rank", "adjusted_by_manager"])
    logger.info(
        "commission_reorder commission=%s proposal=%s %s by=%s",
        proposal.commission_id,
        proposal.pk,
        direction,
        by.pk,
    )


SENDING_MESSAGE = "Les propositions de cette commission sont en cours d'envoi."
OFFERS_CHUNK = 50


def inline_max_offers() -> int:
    """Above this many accepted families, the offers are sent by a background task."""
    return int(getattr(settings, "MAILLAGE_COMMISSION_INLINE_OFFERS", 50))


def commission_validate(*, commission: Commission, by: User) -> Commission:
    """Record the decision: proposals still « proposée » become accepted, every decision is
    signed (who, when); then each accepted family receives an accepted request from the
    crèche (a family whose need is no longer open is skipped). The offers go out inline for a
    small decision, else through a background task whose progress the page shows."""
    with transaction.atomic():
        locked = _editable(commission.pk, by)
        proposals = list(locked.proposals.select_related("age_group"))
        held: dict[int, int] = {}
        for p in proposals:
            if p.decision in HOLDING and p.age_group_id:
                held[p.age_group_id] = held.get(p.age_group_id, 0) + 1
        for p in proposals:
            group = p.age_group
            if group is not None and held.get(group.pk, 0) > group.places_free:
                raise ValidationError(
                    f"La section « {p.age_group_label} » n'a que {group.places_free} place(s) "
                    f"libre(s) pour {held[group.pk]} familles acceptées : ajustez avant de "
                    "valider."
                )
        # The guard that also holds on SQLite: only one validation moves DRAFT → SENDING.
        moved = Commission.objects.filter(pk=locked.pk, status=CommissionStatus.DRAFT).update(
            status=CommissionStatus.SENDING
        )
        if moved != 1:
            raise ValidationError(SENDING_MESSAGE)
        now = timezone.now()
        locked.proposals.filter(decision=ProposalDecision.PROPOSED).update(
            decision=ProposalDecision.ACCEPTED
        )
        locked.proposals.filter(decided_by__isnull=True).update(decided_by=by, decided_at=now)
        total = locked.proposals.filter(decision=ProposalDecision.ACCEPTED).count()
        Commission.objects.filter(pk=locked.pk).update(
            validated_by=by, validated_at=now, offers_total=total, offers_sent=0, offers_skipped=0
        )
    logger.info("commission_validate commission=%s by=%s offers=%s", locked.pk, by.pk, total)
    if total > inline_max_offers():
        from maillage.childcare.tasks import send_commission_offers

        send_commission_offers.enqueue(locked.pk)
        locked.refresh_from_db()
        return locked
    return commission_offers_send(commission_id=locked.pk, notify=False)


def commission_offers_send(*, commission_id: int, notify: bool = True) -> Commission:
    """Offer each accepted place of a validated commission to its family, by chunks (each in
    its own transaction, so the page can show the progress and an interrupted run resumes);
    the commission is « validée » once every accepted family is processed."""
    from maillage.families.services import InvalidTransition, contact_request_offer

    commission = Commission.objects.get(pk=commission_id)
    if commission.status != CommissionStatus.SENDING:
        return commission
    by = commission.validated_by
    while True:
        with transaction.atomic():
            chunk = list(
                commission.proposals.filter(
                    decision=ProposalDecision.ACCEPTED, processed_at__isnull=True
                )
                .select_related("need", "nursery")
                .order_by("pk")[:OFFERS_CHUNK]
            )
            if not chunk:
                break
            sent = skipped = 0
            now = timezone.now()
            for p in chunk:
                try:
                    p.contact_request = contact_request_offer(
                        need=p.need,
                        nursery=p.nursery,
                        by=by,
                        note=f"Place attribuée par la commission n° {commission.pk}",
                    )
                    sent += 1
                except InvalidTransition as exc:
                    logger.info("commission offers proposal=%s skipped: %s", p.pk, exc)
                    skipped += 1
                p.processed_at = now
            CommissionProposal.objects.bulk_update(chunk, ["contact_request", "processed_at"])
            Commission.objects.filter(pk=commission.pk).update(
                offers_sent=F("offers_sent") + sent, offers_skipped=F("offers_skipped") + skipped
            )
    with transaction.atomic():
        done = Commission.objects.filter(pk=commission.pk, status=CommissionStatus.SENDING).update(
            status=CommissionStatus.VALIDATED
        )
        commission.refresh_from_db()
        if done and notify:
            transaction.on_commit(lambda: _notify_sent(commission))
    logger.info(
        "commission offers sent commission=%s sent=%s skipped=%s",
        commission.pk,
        commission.offers_sent,
        commission.offers_skipped,
    )
    return commission


def commission_notify_computed(*, commission: Commission) -> None:
    """A computation that ran in the background tells its manager it is ready."""
    from django.core.mail import send_mail
    from django.urls import reverse

    user = commission.run_by
    if commission.status != CommissionStatus.DRAFT or not user.email:
        return
    link = getattr(settings, "MAILLAGE_BASE_URL", "").rstrip("/") + reverse(
        "childcare:commission_detail", args=[commission.pk]
    )
    send_mail(
        f"Commission n° {commission.pk} : la proposition est prête",
        (
            f"Bonjour,\n\nLe moteur a réparti les places de la commission n° {commission.pk} "
            f"entre {commission.candidates} familles candidates ({commission.placed} placées). "
            f"Vous pouvez ajuster puis valider la décision : {link}\n\nMaillage"
        ),
        None,
        [user.email],
    )


def _notify_sent(commission: Commission) -> None:
    from django.core.mail import send_mail
    from django.urls import reverse

    user = commission.validated_by
    if user is None or not user.email:
        return
    link = getattr(settings, "MAILLAGE_BASE_URL", "").rstrip("/") + reverse(
        "childcare:commission_detail", args=[commission.pk]
    )
    send_mail(
        f"Commission n° {commission.pk} : les propositions sont envoyées",
        (
            f"Bonjour,\n\nLes {commission.offers_sent} familles acceptées par la commission "
            f"n° {commission.pk} ont reçu la proposition de place et doivent la confirmer."
            + (
                f" {commission.offers_skipped} famille(s) n'en ont pas reçu : leur besoin "
                "n'était plus en recherche."
                if commission.offers_skipped
                else ""
            )
            + f"\n\nLe détail : {link}\n\nMaillage"
        ),
        None,
        [user.email],
    )
