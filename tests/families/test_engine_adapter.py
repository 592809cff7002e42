"""The one adapter between the apps and the engine: records, index cache, geocoder."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from maillage import matching as engine
from maillage.childcare.models import ChildInCare
from maillage.core.schedule import week_from_ranges
from maillage.families import engine_adapter as adapter
from maillage.families.geocoding import OfflineCommuneGeocoder, get_geocoder
from tests.families.helpers import (
    NOW,
    TODAY,
    WEEKDAYS_8_17,
    free_childminder,
    nursery_with_places,
    open_need,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_schedule_string_and_engine_schedule_are_the_same_slots():
    bits = week_from_ranges({0: [("07:00", "07:30")], 6: [("23:30", "24:00")]})
    schedule = adapter.schedule_of(bits)
    assert schedule.slot_count == 2
    assert [i for i in range(336) if schedule.bits >> i & 1] == [14, 335]


def test_need_record_carries_age_at_start_modes_and_priorities(saint_denis):
    need = open_need(
        saint_denis,
        child_birth_date=dt.date(2026, 3, 1),
        start_date=dt.date(2027, 1, 4),
        accepts_mam=False,
        job_seeker=True,
        single_parent=True,
    )
    record = adapter.need_record(need)
    assert record.age_months == 10
    assert record.modes == frozenset({engine.CareMode.CHILDMINDER, engine.CareMode.NURSERY})
    assert record.priorities == frozenset(
        {engine.Priority.JOB_SEEKER, engine.Priority.SINGLE_PARENT}
    )
    assert record.max_km == 5.0 and record.commune == saint_denis.code
    relaxed = adapter.need_record(need, max_km=8, start=dt.date(2027, 2, 4))
    assert (relaxed.max_km, relaxed.start, relaxed.age_months) == (8, dt.date(2027, 2, 4), 11)


def test_provider_records_count_children_still_in_care(saint_denis):
    cm = free_childminder(saint_denis, agrement_capacity=3, own_children_under_3=1)
    ChildInCare.objects.create(childminder=cm, age_months=20, schedule=WEEKDAYS_8_17)
    ChildInCare.objects.create(
        childminder=cm, age_months=30, schedule=WEEKDAYS_8_17, leaves_on=TODAY
    )
    nursery = nursery_with_places(saint_denis, places=10, taken=4)
    index = adapter.provider_index(("93",))
    records = {p.id: p for p in index.providers}
    am = records[f"am-{cm.pk}"]
    assert am.capacity == 3 and am.free_from == TODAY
    assert [(c.age_months, c.own_child) for c in am.in_care] == [(20, False), (12, True)]
    creche = records[f"creche-{nursery.pk}"]
    assert creche.kind is engine.CareMode.NURSERY
    assert [g.places for g in creche.groups] == [6]
    info = index.info[f"am-{cm.pk}"]
    assert (info.map_lat, info.map_lon) == (saint_denis.latitude, saint_denis.longitude)


def test_a_childminder_whose_agrément_expired_is_not_indexed(saint_denis):
    cm = free_childminder(saint_denis, agrement_valid_until=TODAY - dt.timedelta(days=1))
    assert f"am-{cm.pk}" not in adapter.provider_index(("93",)).info


def test_the_index_is_cached_until_bumped(saint_denis, django_assert_max_num_queries):
    free_childminder(saint_denis)
    first = adapter.provider_index(("93",))
    with django_assert_max_num_queries(1):
        assert adapter.provider_index(("93",)) is first
    adapter.bump_index({"93"})
    assert adapter.provider_index(("93",)) is not first


def test_stale_availability_sinks_in_the_ranking(saint_denis):
    stale = free_childminder(saint_denis, availability_updated_at=NOW - dt.timedelta(days=90))
    fresh = free_childminder(saint_denis, latitude=48.94, longitude=2.36)
    view = adapter.options_for_need(open_need(saint_denis))
    assert [o.key for o in view.options] == [f"am-{fresh.pk}", f"am-{stale.pk}"]


def test_offline_geocoder_resolves_a_commune_to_its_centroid(saint_denis, settings):
    location = OfflineCommuneGeocoder().locate(address="Saint-Denis 93200", commune=None)
    assert location.commune == saint_denis and not location.precise
    assert (location.latitude, location.longitude) == (48.93, 2.36)
    assert OfflineCommuneGeocoder().locate(address="Nullepart", commune=None) is None
    settings.MAILLAGE_GEOCODER = ""
    assert isinstance(get_geocoder(), OfflineCommuneGeocoder)


def test_territory_allocation_gives_the_last_place_to_the_priority_family(saint_denis):
    free_childminder(saint_denis, agrement_capacity=1)
    plain = open_need(saint_denis)
    priority = open_need(saint_denis, job_seeker=True, social_minima=True)
    result = adapter.allocate_territory([plain, priority])
    assert [p.need_id for p in result.proposals] == [priority.pk]
    assert result.unassigned == [plain.pk]


def test_the_availability_service_refreshes_the_index(
    saint_denis, django_capture_on_commit_callbacks
):
    from maillage.childcare.services import childminder_availability_update

    cm = free_childminder(saint_denis, available_from=None)
    need = open_need(saint_denis)
    assert adapter.options_for_need(need).options == []
    # No signal: a raw save is only seen after the index's TTL…
    cm.available_from = TODAY
    cm.save()
    assert adapter.options_for_need(need).options == []
    # …while the service bumps the département explicitly once committed.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        childminder_availability_update(childminder=cm, place_dates=[TODAY])
    assert len(callbacks) == 1
    assert [o.key for o in adapter.options_for_need(need).options] == [f"am-{cm.pk}"]


def test_publishing_creche_places_refreshes_the_index(
    saint_denis, django_capture_on_commit_callbacks
):
    from maillage.childcare.services import nursery_places_update

    nursery = nursery_with_places(saint_denis, places=10, taken=10)
    group = nursery.age_groups.get()
    need = open_need(saint_denis, accepts_childminder=False, accepts_mam=False)
    assert adapter.options_for_need(need).options == []
    with django_capture_on_commit_callbacks(execute=True):
        nursery_places_update(
            nursery=nursery,
            by=nursery.managers.first(),
            opening_hours=nursery.opening_hours,
            is_avip=False,
            avip_share=0,
            social_minima_share=0,
            age_groups=[
                {
                    "id": group.pk,
                    "kind": "mixed",
                    "min_age_months": 2,
                    "max_age_months": 48,
                    "places": 10,
                    "places_taken": 7,
                    "free_from": None,
                }
            ],
        )
    assert [o.key for o in adapter.options_for_need(need).options] == [f"creche-{nursery.pk}"]


def test_the_index_expires_after_its_ttl_as_a_safety_net(saint_denis, monkeypatch):
    from maillage.families import engine_records

    cm = free_childminder(saint_denis, available_from=None)
    need = open_need(saint_denis)
    assert adapter.options_for_need(need).options == []
    cm.available_from = TODAY
    cm.save()  # e.g. an edit in the admin: no service, no bump
    monkeypatch.setattr(engine_records, "INDEX_TTL_SECONDS", -1)  # the TTL has passed
    assert [o.key for o in adapter.options_for_need(need).options] == [f"am-{cm.pk}"]


def test_the_published_engine_call_is_used_when_available(saint_denis, monkeypatch):
    """When `maillage.matching.family_options` lands, its result (documented shape) is read."""
    from types import SimpleNamespace

    cm = free_childminder(saint_denis)
    calls = []

    def family_options(need, providers, *, policy, grid, index=None, limit=10):
        calls.append((need.id, len(providers), limit))
        if need.max_km < 6:
            relax = SimpleNamespace(label_fr="à 3 km de plus", max_km=need.max_km + 3)
            return SimpleNamespace(options=(), reasons_fr=("Trop loin.",), relaxations=(relax,))
        option = SimpleNamespace(
            provider_id=f"am-{cm.pk}", score=0.9, distance_km=5.2, explanation_fr="Convient."
        )
        return SimpleNamespace(options=(option,), reasons_fr=(), relaxations=())

    monkeypatch.setattr(engine, "family_options", family_options, raising=False)
    need = open_need(saint_denis)
    empty = adapter.options_for_need(need)
    assert empty.reasons_fr == ["Trop loin."]
    assert [(r.label_fr, r.params) for r in empty.relaxations] == [
        ("à 3 km de plus", {"distance": "8"})
    ]
    found = adapter.options_for_need(need, max_km=8)
    assert [(o.key, o.distance_km, o.explanation_fr) for o in found.options] == [
        (
            f"am-{cm.pk}",
            5.5,
            "Convient. ; classée 1re : meilleur score (proximité, préférences, places libres)",
        )
    ]
    assert calls[0][0] == f"besoin-{need.pk}" and calls[0][1] == 1


def test_the_adapter_merges_sections_published_before_the_rule():
    from maillage.families.engine_records import _disjoint_groups
    from maillage.matching.model import AgeGroup

    merged = _disjoint_groups(
        [AgeGroup("a", 2, 18, 3), AgeGroup("b", 12, 36, 3), AgeGroup("c", 36, 48, 1)]
    )
    assert [(g.min_months, g.max_months, g.places) for g in merged] == [(2, 36, 6), (36, 48, 1)]


def test_ranks_and_comparisons_refer_to_the_list_as_shown_and_no_provider_twice():
    """The engine ranked before the penalty for unconfirmed availability: the page's order
    wins, and each « plus loin que » names the option shown just above."""
    from maillage.families.engine_adapter import OptionView, ProviderInfo, _as_displayed

    def view(key, label, km, why):
        info = ProviderInfo.__new__(ProviderInfo)
        object.__setattr__(info, "key", key)
        object.__setattr__(info, "label", label)
        return OptionView(info=info, distance_km=km, score=1.0, explanation_fr=f"À {km} km ; {why}")

    shown = _as_displayed(
        [
            view("am-2", "Assistante maternelle B.", 2.0, "classée 3e : plus loin que A"),
            view("am-1", "Assistante maternelle A.", 1.0, "classée 1re : meilleur score"),
            view("am-2", "Assistante maternelle B.", 2.0, "classée 3e : plus loin que A"),
        ]
    )
    assert [o.key for o in shown] == ["am-2", "am-1"]
    assert shown[0].explanation_fr.endswith(
        "classée 1re : meilleur score (proximité, préférences, places libres)"
    )
    assert shown[1].explanation_fr.endswith(
        "classée 2e : moins bien placée (préférences, places libres, disponibilités récentes) que Assistante maternelle B."
    )
    assert "classée 3e" not in " ".join(o.explanation_fr for o in shown)


@pytest.mark.django_db(transaction=True)
def test_threads_asking_for_a_cold_index_build_it_once(monkeypatch):
    """After a deploy every thread of a worker asks for the same index at once: one builds it
    (seconds for a large département), the others wait and use it."""
    import threading
    import time

    from maillage.families import engine_records

    builds = []

    def slow_build(code, version, today):
        builds.append(code)
        time.sleep(0.2)
        return engine_records.DepartementProviders(code, version, time.monotonic(), [], {})

    monkeypatch.setattr(engine_records, "_build_departement", slow_build)
    engine_records.clear_indexes()
    barrier = threading.Barrier(6)
    found = []

    def ask():
        barrier.wait()
        found.append(engine_records.provider_index(("93",)))
        from django.db import connection

        connection.close()

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert builds == ["93"]
    assert len({id(index) for index in found}) == 1


@pytest.mark.django_db(transaction=True)
def test_past_its_ttl_an_index_keeps_serving_while_one_thread_rebuilds_it(monkeypatch):
    import threading
    import time

    from maillage.families import engine_records

    started, release = threading.Event(), threading.Event()

    def slow_build(code, version, today):
        started.set()
        release.wait(5)
        return engine_records.DepartementProviders(code, version, time.monotonic(), [], {})

    engine_records.clear_indexes()
    old = engine_records.provider_index(("93",))  # built for real (no provider)
    monkeypatch.setattr(engine_records, "_build_departement", slow_build)
    monkeypatch.setattr(engine_records, "INDEX_TTL_SECONDS", -1)

    def rebuild():
        engine_records.provider_index(("93",))
        from django.db import connection

        connection.close()

    builder = threading.Thread(target=rebuild)
    builder.start()
    assert started.wait(5)
    # Meanwhile another visitor is served at once by the index already there.
    assert engine_records.provider_index(("93",)).providers == old.providers
    release.set()
    builder.join()
