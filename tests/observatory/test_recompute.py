"""indicators_recompute on a small hand-checked territory, from the database."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from maillage.observatory.enums import SupplySource
from maillage.observatory.models import IndicatorSnapshot, SupplyFigure
from maillage.observatory.services import indicators_recompute, snapshot_values
from tests.observatory import factories as f
from tests.territory.factories import CommuneFactory, DepartementFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory():
    sd = CommuneFactory(saint_denis=True, children_under_3=100)
    mt = CommuneFactory(montreuil=True, children_under_3=50)
    other_dep = DepartementFactory(code="94", name="Val-de-Marne", region=RegionFactory())
    cr = CommuneFactory(code="94028", name="Créteil", departement=other_dep, children_under_3=200)
    return sd, mt, cr


@time_machine.travel(dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC), tick=False)
def test_recompute_counts_platform_supply_and_aggregates(territory):
    sd, mt, cr = territory
    f.childminder(sd, capacity=4, birth_year=1963)
    f.childminder(sd, capacity=3, birth_year=1990)
    f.childminder(sd, capacity=4, valid_until=dt.date(2025, 1, 1))  # expired: not counted
    f.nursery(sd, places=20, taken=15)
    f.childminder(mt, capacity=2)
    written = indicators_recompute()
    assert written == IndicatorSnapshot.objects.count() == 3 + 2 + 1 + 1
    c = snapshot_values("commune", "93066")
    assert c["places_childminders"] == 7
    assert c["places_nurseries"] == 20
    assert c["coverage_rate"] == 27.0  # 27 places / 100 children
    assert c["free_places_nurseries"] == 5
    assert c["free_places_childminders"] == 7
    assert c["childminders"] == 2
    assert c["band:60_et_plus"] == 1 and c["band:30_39"] == 1
    d = snapshot_values("departement", "93")
    assert d["places_total"] == 29
    assert d["children_under_3"] == 150
    assert d["coverage_rate"] == round(100 * 29 / 150, 1)
    fr = snapshot_values("france", "FR")
    assert fr["children_under_3"] == 350
    assert fr["places_total"] == 29


@time_machine.travel(dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC), tick=False)
def test_imported_figures_replace_platform_counts(territory):
    sd, _mt, _cr = territory
    f.childminder(sd, capacity=4)
    SupplyFigure.objects.create(
        commune=sd,
        source=SupplySource.IMPORT,
        year=2025,
        places_childminders=300,
        places_nurseries=120,
        childminders=90,
        childminders_by_age_band={"55_59": 20},
    )
    indicators_recompute()
    c = snapshot_values("commune", "93066")
    assert c["places_childminders"] == 300
    assert c["places_total"] == 420
    assert c["band:55_59"] == 20


def test_scoped_recompute_rewrites_only_the_departement(territory):
    indicators_recompute()
    IndicatorSnapshot.objects.filter(level="commune", code="94028").update(values={"x": 1})
    indicators_recompute(scope="93")
    assert snapshot_values("commune", "94028") == {"x": 1}
    assert snapshot_values("commune", "93066")["children_under_3"] == 100


def test_merged_communes_lose_their_snapshot_and_others_are_rewritten(territory):
    IndicatorSnapshot.objects.create(
        level="commune", code="93999", computed_at="2020-01-01T00:00Z", values={"x": 1}
    )
    indicators_recompute()
    assert not IndicatorSnapshot.objects.filter(code="93999").exists()
    assert snapshot_values("commune", "94028")["children_under_3"] == 200


def test_snapshot_writer_keeps_backslashes_quotes_and_accents_intact(territory):
    # PostgreSQL goes through COPY (text format): backslashes must survive the escaping.
    from django.db import transaction
    from django.utils import timezone

    from maillage.observatory.services import _write_snapshots

    tricky = {"note": 'Saint-Denis \\ "93" \t é', "n": 3, "rate": 12.5, "none": None}
    with transaction.atomic():
        _write_snapshots([("commune", "93066", tricky)], timezone.now(), remove_stale=False)
    assert snapshot_values("commune", "93066") == tricky
