"""Protected tables computed after a recompute and stored: pages only read them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from maillage.observatory.models import DisclosureTable, IndicatorSnapshot
from maillage.observatory.services import disclosure, indicators_recompute
from maillage.observatory.services.disclosure import HIDDEN, NATIONAL
from maillage.observatory.tasks import protect_departement
from tests.observatory import factories as f
from tests.territory.factories import CommuneFactory, DepartementFactory

pytestmark = pytest.mark.django_db

AT = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def _snap(level, code, at=AT, **values):
    IndicatorSnapshot.objects.update_or_create(
        level=level, code=code, defaults={"computed_at": at, "values": values}
    )


@pytest.fixture
def seine_saint_denis():
    """Saint-Denis 3 needs without solution (small), Montreuil 40, Bobigny 25; 94 apart."""
    CommuneFactory(saint_denis=True)
    CommuneFactory(montreuil=True)
    CommuneFactory(code="93008", name="Bobigny")
    other = DepartementFactory(code="94", name="Val-de-Marne")
    CommuneFactory(code="94028", name="Créteil", departement=other)
    for code, unserved, declared in (("93066", 3, 20), ("93048", 40, 60), ("93008", 25, 50)):
        _snap("commune", code, needs_unserved=unserved, needs_declared=declared)
    _snap("commune", "94028", needs_unserved=30, needs_declared=45)
    _snap("departement", "93", needs_unserved=68, needs_declared=130)
    _snap("departement", "94", needs_unserved=30, needs_declared=45)
    _snap("france", "FR", needs_unserved=98, needs_declared=175)


def test_the_stored_table_equals_the_on_demand_computation(seine_saint_denis):
    on_demand = disclosure.departement_cells("93", 11)
    national = disclosure.national_cells(11)
    assert on_demand["93066"]["needs_unserved"] is None  # 3 < 11
    assert disclosure.protected_table_store(scope=NATIONAL, version=AT, threshold=11)
    assert disclosure.protected_table_store(scope="93", version=AT, threshold=11)
    stored = DisclosureTable.objects.get(scope="93", threshold=11)
    assert stored.version == AT
    assert stored.cells == on_demand
    assert DisclosureTable.objects.get(scope=NATIONAL).cells == national


def test_pages_read_the_stored_table_of_the_current_version(seine_saint_denis, client, monkeypatch):
    disclosure.protected_tables_store_all(threshold=11)
    scopes = set(DisclosureTable.objects.values_list("scope", flat=True))
    assert scopes == {"FR", "REG", "93", "94"}

    def no_computation(*args, **kwargs):
        raise AssertionError("la page a recalculé la protection")

    monkeypatch.setattr(disclosure, "_departement_compute", no_computation)
    monkeypatch.setattr(disclosure, "_national_compute", no_computation)
    monkeypatch.setattr(disclosure, "_regions_compute", no_computation)
    cache.clear()
    assert client.get(reverse("observatory:home")).status_code == 200
    assert client.get(reverse("observatory:region", args=["11"])).status_code == 200
    html = client.get(reverse("observatory:departement", args=["93"])).content.decode()
    communes = html[html.index('id="communes"') :]
    row = communes[communes.index(">Saint-Denis<") :]
    assert HIDDEN in row[: row.index("</tr>")]
    html = client.get(reverse("observatory:commune", args=["93066"])).content.decode()
    row = html[html.index("Besoins sans solution") :]
    assert HIDDEN in row[: row.index("</tr>")]


def test_a_stored_table_of_older_indicators_is_ignored(seine_saint_denis):
    disclosure.protected_tables_store_all(threshold=11)
    DisclosureTable.objects.filter(scope="93").update(cells={"93066": {"needs_unserved": 3}})
    # New indicators: Saint-Denis now has 30 needs without solution.
    later = AT + dt.timedelta(hours=1)
    _snap("commune", "93066", at=later, needs_unserved=30, needs_declared=50)
    _snap("departement", "93", at=later, needs_unserved=95, needs_declared=160)
    _snap("france", "FR", at=later, needs_unserved=125, needs_declared=205)
    cache.clear()
    cells = disclosure.departement_cells("93", 11)
    assert cells["93066"]["needs_unserved"] == 30  # computed on demand, not the stale row
    # A task of the old version arriving late writes nothing.
    assert not disclosure.protected_table_store(scope="93", version=AT, threshold=11)


def test_recompute_stores_every_table_through_the_tasks(
    seine_saint_denis, client, django_capture_on_commit_callbacks
):
    f.childminder(CommuneFactory(code="93066"), capacity=4)
    with django_capture_on_commit_callbacks(execute=True):
        indicators_recompute()
    version = disclosure.current_version()
    assert set(DisclosureTable.objects.values_list("scope", "version")) == {
        ("FR", version),
        ("REG", version),
        ("93", version),
        ("94", version),
    }
    cache.clear()
    response = client.get(reverse("observatory:departement", args=["93"]))
    assert response.status_code == 200
    stored = DisclosureTable.objects.get(scope="93").cells
    assert disclosure.departement_cells("93", 11) == stored


def test_the_task_protects_one_departement(seine_saint_denis):
    result = protect_departement.enqueue("93", AT.isoformat())
    assert result.return_value is True
    cells = DisclosureTable.objects.get(scope="93").cells
    assert cells["93066"]["needs_unserved"] is None
    assert cells["93"]["needs_unserved"] == 68
