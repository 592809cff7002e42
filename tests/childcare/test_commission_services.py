"""Commission d'attribution services: candidates, both engine modes on a hand-checkable
territory, adjustments, validation into accepted requests, and the background path."""

from __future__ import annotations

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from maillage.childcare.commission_candidates import points_explained
from maillage.childcare.enums import CommissionStatus, ProposalDecision, ProposalNote
from maillage.childcare.models import Commission, NurseryAgeGroup
from maillage.childcare.services.commission import (
    VALIDATED_MESSAGE,
    commission_adjust,
    commission_candidates,
    commission_reorder,
    commission_run,
    commission_validate,
)
from maillage.families.enums import ContactRequestStatus as S
from maillage.families.enums import NeedStatus
from maillage.families.models import ContactRequest, RequestEvent
from maillage.families.services import contact_request_transition
from tests.accounts.factories import NurseryManagerFactory
from tests.childcare.commission_setup import small_territory
from tests.families.helpers import NOW, open_need
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def t():
    return small_territory()


def _ranking(commission):
    return [
        (p.need_id, p.decision, p.priority_points) for p in commission.proposals.order_by("rank")
    ]


@pytest.mark.parametrize("mode", ["stable", "optimal"])
def test_job_seeker_and_single_parent_come_first_in_both_modes(t, mode):
    commission = commission_run(manager=t.manager, nurseries=[t.nursery], mode=mode)
    assert commission.status == CommissionStatus.DRAFT
    assert _ranking(commission) == [
        (t.a.pk, ProposalDecision.PROPOSED, 50),
        (t.b.pk, ProposalDecision.PROPOSED, 30),
        (t.d.pk, ProposalDecision.WAITLISTED, 20),
        (t.c.pk, ProposalDecision.WAITLISTED, 0),
    ]
    first = commission.proposals.get(need=t.a)
    assert first.points_breakdown == {"Parent demandeur d'emploi": 30, "Famille monoparentale": 20}
    assert points_explained(first) == (
        "Parent demandeur d'emploi 30 + Famille monoparentale 20 = 50 points"
    )
    assert first.age_group == t.section and first.placed_by_engine
    assert commission.candidates == 4 and commission.placed == 2
    # Σ (1 + points) of the two children placed.
    assert commission.objective == 51 + 31
    groups = {row["group"]: (row["needs"], row["placed"]) for row in commission.outcome_by_priority}
    assert groups["demandeur_emploi"] == (2, 2)
    assert groups["sans_priorite"] == (1, 0)
    if mode == "optimal":
        assert commission.upper_bound == pytest.approx(82)
        assert commission.gap == pytest.approx(0)
        assert commission.blocking_pairs is None
    else:
        assert commission.blocking_pairs == 0
        assert commission.stability_note.startswith("aucune paire bloquante")
    assert commission.grid["job_seeker"] == 30


def test_candidates_respect_distance_mode_age_and_hours(t):
    montreuil = CommuneFactory(montreuil=True)
    open_need(montreuil, max_distance_km=1)  # too far for its own maximum
    open_need(t.nursery.commune, accepts_nursery=False)  # does not want a crèche
    open_need(t.nursery.commune, child_birth_date=t.a.start_date.replace(year=2022))  # 4 years
    open_need(t.nursery.commune, status=NeedStatus.DRAFT, consent_given_at=None)
    candidates = commission_candidates([t.nursery])
    assert sorted(c.need.pk for c in candidates) == sorted([t.a.pk, t.b.pk, t.c.pk, t.d.pk])


def test_grid_comes_from_settings(t, settings):
    settings.MAILLAGE_COTATION_GRID = {"single_parent": 40, "job_seeker": 10}
    commission = commission_run(manager=t.manager, nurseries=[t.nursery], mode="stable")
    order = [p.need_id for p in commission.proposals.order_by("rank")]
    assert order == [t.a.pk, t.d.pk, t.b.pk, t.c.pk]
    assert commission.grid["in_training"] == 0


def test_a_manager_runs_only_on_her_own_creches(t):
    intruder = NurseryManagerFactory()
    with pytest.raises(PermissionDenied):
        commission_run(manager=intruder, nurseries=[t.nursery], mode="stable")
    with pytest.raises(ValidationError):
        commission_run(manager=t.manager, nurseries=[], mode="stable")


def test_adjust_reorder_then_validate_offers_the_places(t, django_capture_on_commit_callbacks):
    commission = commission_run(manager=t.manager, nurseries=[t.nursery], mode="optimal")
    b = commission.proposals.get(need=t.b)
    d = commission.proposals.get(need=t.d)
    # The section is full: D cannot be accepted before B leaves it.
    with pytest.raises(ValidationError, match="n'a que 2 place"):
        commission_adjust(proposal=d, decision=ProposalDecision.ACCEPTED, by=t.manager)
    commission_adjust(
        proposal=b, decision=ProposalDecision.WAITLISTED, note=ProposalNote.DOCUMENTS, by=t.manager
    )
    commission_adjust(proposal=d, decision=ProposalDecision.ACCEPTED, by=t.manager)
    commission_reorder(proposal=d, direction="up", by=t.manager)
    d.refresh_from_db()
    b.refresh_from_db()
    assert (d.rank, b.rank) == (2, 3) and d.adjusted_by_manager
    with django_capture_on_commit_callbacks(execute=True):
        commission = commission_validate(commission=commission, by=t.manager)
    assert commission.status == CommissionStatus.VALIDATED
    assert commission.validated_by == t.manager and commission.validated_at == NOW
    decisions = {p.need_id: p.decision for p in commission.proposals.all()}
    assert decisions == {
        t.a.pk: ProposalDecision.ACCEPTED,
        t.d.pk: ProposalDecision.ACCEPTED,
        t.b.pk: ProposalDecision.WAITLISTED,
        t.c.pk: ProposalDecision.WAITLISTED,
    }
    assert all(p.decided_by == t.manager for p in commission.proposals.all())
    requests = ContactRequest.objects.filter(nursery=t.nursery)
    assert {(r.need_id, r.status) for r in requests} == {(t.a.pk, S.ACCEPTED), (t.d.pk, S.ACCEPTED)}
    events = RequestEvent.objects.filter(request__need=t.a).order_by("pk")
    assert [(e.from_status, e.to_status, e.actor) for e in events] == [
        ("", S.PENDING, t.manager),
        (S.PENDING, S.ACCEPTED, t.manager),
    ]
    assert events[0].note == f"Place attribuée par la commission n° {commission.pk}"
    parents = {t.a.parent.email, t.d.parent.email}
    assert parents <= {to for m in mail.outbox for to in m.to}
    # The family confirms: the place is written to the section.
    request = requests.get(need=t.a)
    contact_request_transition(request=request, to_status=S.CONFIRMED, by=t.a.parent)
    assert NurseryAgeGroup.objects.get(pk=t.section.pk).places_taken == 11


def test_a_validated_commission_cannot_be_adjusted(t):
    commission = commission_run(manager=t.manager, nurseries=[t.nursery], mode="stable")
    commission_validate(commission=commission, by=t.manager)
    proposal = commission.proposals.get(need=t.c)
    with pytest.raises(ValidationError) as exc:
        commission_adjust(proposal=proposal, decision=ProposalDecision.ACCEPTED, by=t.manager)
    assert exc.value.messages == [VALIDATED_MESSAGE]
    with pytest.raises(ValidationError):
        commission_validate(commission=commission, by=t.manager)


def test_validation_skips_a_family_placed_elsewhere_meanwhile(t):
    commission = commission_run(manager=t.manager, nurseries=[t.nursery], mode="stable")
    t.b.status = NeedStatus.CLOSED
    t.b.save()
    commission = commission_validate(commission=commission, by=t.manager)
    b = commission.proposals.get(need=t.b)
    assert b.decision == ProposalDecision.ACCEPTED and b.contact_request is None
    assert commission.proposals.get(need=t.a).contact_request.status == S.ACCEPTED


def test_the_family_request_already_sent_is_the_one_accepted(t):
    from maillage.families.services import contact_request_create

    asked = contact_request_create(need=t.a, nursery=t.nursery, by=t.a.parent)
    commission = commission_run(manager=t.manager, nurseries=[t.nursery], mode="stable")
    commission_validate(commission=commission, by=t.manager)
    asked.refresh_from_db()
    assert asked.status == S.ACCEPTED
    assert ContactRequest.objects.filter(need=t.a).count() == 1


def test_large_candidate_sets_run_as_a_task(t, settings):
    settings.MAILLAGE_COMMISSION_INLINE_MAX = 3
    commission = commission_run(manager=t.manager, nurseries=[t.nursery], mode="stable")
    # The immediate backend of the tests runs the task at once.
    assert Commission.objects.get(pk=commission.pk).status == CommissionStatus.DRAFT
    assert commission.proposals.count() == 4
    ready = [m for m in mail.outbox if "la proposition est prête" in m.subject]
    assert len(ready) == 1 and ready[0].to == [t.manager.email]


def test_no_free_place_means_everyone_waits(settings):
    t = small_territory(places=0)
    commission = commission_run(manager=t.manager, nurseries=[t.nursery], mode="optimal")
    assert commission.placed == 0
    assert set(commission.proposals.values_list("decision", flat=True)) == {"waitlisted"}


def test_an_engine_failure_is_recorded_in_french(t, monkeypatch):
    from maillage import matching
    from maillage.families import engine_adapter

    def refuse(*args, **kwargs):
        raise matching.SolverError("grille invalide")

    monkeypatch.setattr(engine_adapter.engine, "allocate", refuse)
    commission = commission_run(manager=t.manager, nurseries=[t.nursery], mode="optimal")
    assert commission.status == CommissionStatus.FAILED
    assert commission.error == "Le calcul a échoué : grille invalide"
    assert not commission.proposals.exists()
