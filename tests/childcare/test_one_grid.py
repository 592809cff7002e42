"""One priority grid: family options, the territory allocation and the commissions all weigh
families with the configured cotation of their territory (not the engine's 10/8/5), and each
crèche's own AVIP and social-minima shares are honoured."""

from __future__ import annotations

import pytest
import time_machine

from maillage import matching as engine
from maillage.childcare.cotation import cotation_grid, cotation_grid_for, family_points
from maillage.childcare.services.commission import commission_grid, commission_run
from maillage.families import engine_adapter as adapter
from maillage.families.engine_records import engine_grid
from tests.families.helpers import NOW, free_childminder, nursery_with_places, open_need
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db

# Opposite to the engine's built-in grid (job seeker 10 > sibling 4).
SIBLINGS_FIRST = {"sibling_placed": 50, "job_seeker": 1}


@pytest.fixture
def saint_denis():
    return CommuneFactory(saint_denis=True)


@pytest.fixture(autouse=True)
def _frozen():
    adapter.clear_indexes()
    with time_machine.travel(NOW, tick=False):
        yield
    adapter.clear_indexes()


def test_the_engine_grid_is_the_configured_cotation_not_the_built_in_one(settings):
    settings.MAILLAGE_COTATION_GRID = None
    grid = engine_grid()
    assert dict(grid.points)[engine.Priority.JOB_SEEKER] == 30 == cotation_grid()["job_seeker"]
    assert dict(grid.points)[engine.Priority.SINGLE_PARENT] == 20
    assert dict(grid.points) != dict(engine.PriorityGrid().points)


def test_a_departement_may_have_its_own_grid(settings):
    settings.MAILLAGE_COTATION_GRIDS = {"93": SIBLINGS_FIRST}
    assert cotation_grid_for("93")["sibling_placed"] == 50
    assert cotation_grid_for("93")["single_parent"] == 0
    assert cotation_grid_for("75") == cotation_grid()
    assert dict(engine_grid("93").points)[engine.Priority.SIBLING_PLACED] == 50


def test_the_territory_allocation_follows_the_configured_grid(settings, saint_denis):
    free_childminder(saint_denis, agrement_capacity=1)
    job_seeker = open_need(saint_denis, job_seeker=True, employed=False)
    sibling = open_need(saint_denis, sibling_placed=True)
    settings.MAILLAGE_COTATION_GRID = SIBLINGS_FIRST
    result = adapter.allocate_territory([job_seeker, sibling])
    assert [p.need_id for p in result.proposals] == [sibling.pk]
    settings.MAILLAGE_COTATION_GRID = {"job_seeker": 50, "sibling_placed": 1}
    result = adapter.allocate_territory([job_seeker, sibling])
    assert [p.need_id for p in result.proposals] == [job_seeker.pk]


def test_family_options_are_computed_with_the_territory_grid(settings, saint_denis, monkeypatch):
    settings.MAILLAGE_COTATION_GRIDS = {"93": SIBLINGS_FIRST}
    free_childminder(saint_denis)
    need = open_need(saint_denis, sibling_placed=True)
    seen = []
    real = engine.family_options

    def spy(*args, **kwargs):
        seen.append(kwargs["grid"])
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "family_options", spy)
    view = adapter.options_for_need(need)
    assert view.options
    assert dict(seen[0].points)[engine.Priority.SIBLING_PLACED] == 50


def test_a_commission_records_the_grid_of_its_territory(settings, saint_denis):
    settings.MAILLAGE_COTATION_GRIDS = {"93": SIBLINGS_FIRST}
    nursery = nursery_with_places(saint_denis)
    commission = commission_run(manager=nursery.managers.get(), nurseries=[nursery], mode="stable")
    assert commission.grid["sibling_placed"] == 50
    assert family_points(open_need(saint_denis, sibling_placed=True), commission.grid) == 50


def test_one_commission_cannot_mix_two_territories_grids(settings, saint_denis):
    from django.core.exceptions import ValidationError

    settings.MAILLAGE_COTATION_GRIDS = {"93": SIBLINGS_FIRST}
    paris = CommuneFactory(code="75056", name="Paris", departement__code="75")
    here, there = nursery_with_places(saint_denis), nursery_with_places(paris)
    with pytest.raises(ValidationError, match="grilles de cotation diffèrent"):
        commission_grid([here, there])


def _creche_allocation(saint_denis, eligible: dict, **shares):
    """10 free places, 10 families without priority and one eligible to the reserved share
    (a reserved share only binds when an eligible family asks for the crèche)."""
    from maillage.childcare.models import Nursery

    nursery = nursery_with_places(saint_denis, places=10, **shares)
    needs = [open_need(saint_denis) for _ in range(10)] + [open_need(saint_denis, **eligible)]
    nurseries = list(Nursery.objects.filter(pk=nursery.pk).prefetch_related("age_groups"))
    return adapter.allocate_nurseries(needs, nurseries, mode="optimal", points=cotation_grid())


JOB_SEEKER = {"job_seeker": True, "employed": False}


def test_a_creche_s_own_avip_share_is_kept_for_job_seekers(saint_denis):
    # Half of the places kept for parents on a path to work: 5 others + the job seeker.
    view = _creche_allocation(saint_denis, JOB_SEEKER, is_avip=True, avip_share="0.50")
    assert len(view.placements) == 6


def test_an_avip_creche_without_its_own_share_keeps_the_policy_minimum(saint_denis):
    view = _creche_allocation(saint_denis, JOB_SEEKER, is_avip=True, avip_share="0")
    assert len(view.placements) == 9  # 20 % of 10 kept: 8 others + the job seeker


def test_a_creche_s_social_minima_share_is_its_own(saint_denis):
    view = _creche_allocation(saint_denis, {"social_minima": True}, social_minima_share="0.30")
    assert len(view.placements) == 8  # 30 % kept (the policy says 10 %): 7 others + 1
