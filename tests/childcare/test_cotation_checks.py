"""An inconsistency between grids is a startup error (Django system check)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from maillage import matching as engine
from maillage.childcare.cotation_checks import check_cotation_grids
from maillage.families import engine_records


def _ids() -> list[str]:
    return [error.id for error in check_cotation_grids()]


def test_the_shipped_configuration_is_consistent(settings):
    settings.MAILLAGE_COTATION_GRIDS = {"93": {"job_seeker": 40}, "2A": {"in_training": 5}}
    assert _ids() == []


def test_a_malformed_territory_grid_stops_the_startup(settings):
    settings.MAILLAGE_COTATION_GRIDS = {"93": {"chomage": 30}}
    assert _ids() == ["childcare.E101"]
    with pytest.raises(SystemCheckError, match="situations inconnues"):
        call_command("check")


def test_negative_points_in_the_common_grid_are_refused(settings):
    settings.MAILLAGE_COTATION_GRID = {"job_seeker": -5}
    assert _ids() == ["childcare.E101"]


def test_a_territory_must_be_a_departement_code(settings):
    settings.MAILLAGE_COTATION_GRIDS = {"Seine-Saint-Denis": {"job_seeker": 30}}
    assert _ids() == ["childcare.E104"]


def test_a_scored_situation_without_an_engine_priority_is_an_error(monkeypatch):
    mapping = dict(engine_records.PRIORITY_OF_FLAG)
    mapping.pop("sibling_placed")
    monkeypatch.setattr(engine_records, "PRIORITY_OF_FLAG", mapping)
    assert _ids() == ["childcare.E102"]


def test_an_engine_grid_that_differs_from_the_cotation_is_an_error(monkeypatch):
    # As before this issue: the allocation used the engine's built-in 10/8/5 grid.
    monkeypatch.setattr(
        engine_records, "engine_grid", lambda departement=None: engine.PriorityGrid()
    )
    assert _ids() == ["childcare.E103"]
