"""The intercommunal level: EPCI and EPT indicators (supply history, occupancy, staff), their
page, ranking and export, and the protection of counts of people across levels."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from maillage.childcare.services import nursery_places_update
from maillage.observatory.models import IndicatorSnapshot
from maillage.observatory.services import indicators_recompute, snapshot_values
from maillage.observatory.services.disclosure import HIDDEN, intercommunality_cells
from maillage.staffing.services import occupancy_record
from maillage.territory.models import Intercommunality
from tests.accounts.factories import AnalystFactory, NurseryManagerFactory
from tests.childcare.factories import NurseryAgeGroupFactory, NurseryFactory
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def est_ensemble():
    montreuil = CommuneFactory(montreuil=True, children_under_3=400)
    bobigny = CommuneFactory(
        code="93008", name="Bobigny", departement=montreuil.departement, children_under_3=300
    )
    saint_denis = CommuneFactory(saint_denis=True, children_under_3=500)
    dep = montreuil.departement
    ept = Intercommunality.objects.create(
        code="200057875", name="Est Ensemble", kind="EPT", departement=dep
    )
    plaine = Intercommunality.objects.create(
        code="200057867", name="Plaine Commune", kind="EPT", departement=dep
    )
    mgp = Intercommunality.objects.create(
        code="200054781", name="Métropole du Grand Paris", kind="METRO", departement=dep
    )
    for commune, group in ((montreuil, ept), (bobigny, ept), (saint_denis, plaine)):
        commune.ept = group
        commune.epci = mgp
        commune.save()
    return ept, montreuil, bobigny


def _publish(nursery, manager, places):
    group = nursery.age_groups.get()
    nursery_places_update(
        nursery=nursery,
        by=manager,
        opening_hours=nursery.opening_hours,
        is_avip=False,
        avip_share=Decimal(0),
        social_minima_share=Decimal(0),
        age_groups=[
            {
                "id": group.pk,
                "kind": group.kind,
                "min_age_months": 2,
                "max_age_months": 36,
                "places": places,
                "places_taken": 0,
                "free_from": None,
            }
        ],
    )


def test_the_ept_sums_its_communes_supply_history_and_occupancy(est_ensemble):
    ept, montreuil, bobigny = est_ensemble
    manager = NurseryManagerFactory()
    creche = NurseryFactory(commune=montreuil, managers=[manager])
    NurseryAgeGroupFactory(
        nursery=creche, places=20, places_taken=0, kind="mixed", max_age_months=36
    )
    other = NurseryFactory(commune=bobigny, managers=[manager])
    NurseryAgeGroupFactory(
        nursery=other, places=30, places_taken=0, kind="mixed", max_age_months=36
    )
    _publish(creche, manager, 30)  # +10 places
    _publish(other, manager, 24)  # −6 places
    occupancy_record(
        nursery=creche, by=manager, month=dt.date(2026, 1, 1), hours_offered=1000, hours_billed=700
    )
    occupancy_record(
        nursery=other, by=manager, month=dt.date(2026, 2, 1), hours_offered=1000, hours_billed=900
    )
    indicators_recompute()
    values = snapshot_values("epci", ept.code)
    assert (values["places_created"], values["places_destroyed"]) == (10, 6)
    assert values["occupancy_rate"] == 80.0
    assert values["places_nurseries"] == 54 and values["children_under_3"] == 700
    assert values["collective_coverage_rate"] == round(100 * 54 / 700, 1)
    # The EPCI (the Métropole) holds all three communes.
    assert snapshot_values("epci", "200054781")["children_under_3"] == 1200


def test_an_analyst_opens_est_ensemble_and_reads_its_indicators(client, est_ensemble):
    ept, montreuil, _bobigny = est_ensemble
    manager = NurseryManagerFactory()
    creche = NurseryFactory(commune=montreuil, managers=[manager])
    NurseryAgeGroupFactory(
        nursery=creche, places=20, places_taken=0, kind="mixed", max_age_months=36
    )
    _publish(creche, manager, 32)
    occupancy_record(
        nursery=creche, by=manager, month=dt.date(2026, 2, 1), hours_offered=800, hours_billed=600
    )
    indicators_recompute()
    client.force_login(AnalystFactory())
    html = client.get(reverse("observatory:intercommunality", args=[ept.code])).content.decode()
    assert "<h1>Est Ensemble</h1>" in html
    assert "Places créées (12 derniers mois)</th><td>12</td>" in html
    start = html.index("occupation des crèches")
    assert "<td>75,0</td>" in html[start : start + 80]  # French decimal comma
    assert "Montreuil" in html and "Bobigny" in html
    dep_page = client.get(reverse("observatory:departement", args=["93"])).content.decode()
    assert reverse("observatory:intercommunality", args=[ept.code]) in dep_page
    export = client.get(
        reverse("observatory:export"), {"table": "intercommunalites", "departement": "93"}
    )
    assert export.status_code == 200 and "Est Ensemble" in export.content.decode("utf-8-sig")
    assert "Places créées (12 mois)" in export.content.decode("utf-8-sig")
    # The trend of the supply indicators, on the EPT's and the département's pages.
    assert "Offre et activité à chaque date de calcul" in html
    assert "Offre et activité des crèches" in dep_page


def _snap(level, code, **values):
    IndicatorSnapshot.objects.update_or_create(
        level=level, code=code, defaults={"computed_at": "2026-03-01T00:00Z", "values": values}
    )


def test_an_ept_count_is_published_only_as_a_sum_of_published_commune_counts(client, est_ensemble):
    ept, montreuil, bobigny = est_ensemble
    for code, unserved, declared in (("93066", 30, 50), ("93048", 3, 20), ("93008", 25, 50)):
        _snap("commune", code, needs_unserved=unserved, needs_declared=declared)
    _snap("departement", "93", needs_unserved=58, needs_declared=120)
    _snap("france", "FR", needs_unserved=58, needs_declared=120)
    _snap("epci", ept.code, needs_unserved=28, needs_declared=70)
    cells = intercommunality_cells([ept.code, "200057867"], 11)
    # Montreuil's 3 is secret: Est Ensemble's 28 would give it away with Bobigny's 25.
    assert cells[ept.code]["needs_unserved"] is None
    html = client.get(reverse("observatory:intercommunality", args=[ept.code])).content.decode()
    assert f"Besoins sans solution</th><td>{HIDDEN}</td>" in html
    # Plaine Commune = Saint-Denis alone: published exactly when Saint-Denis is.
    from maillage.observatory.services.disclosure import departement_cells

    assert (
        cells["200057867"]["needs_unserved"]
        == departement_cells("93", 11)["93066"]["needs_unserved"]
    )
