import gc

import pytest

from maillage.core.gc_tuning import freeze_long_lived
from maillage.families import engine_records


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()


def test_objects_alive_at_the_freeze_leave_the_collector_and_the_next_freeze_collects(unfrozen):
    class Node:
        pass

    keep = [Node() for _ in range(1000)]
    freeze_long_lived()
    assert gc.get_freeze_count() >= len(keep)
    # A cycle that became garbage after the first freeze is collected by the next one.
    cycles = [Node() for _ in range(5000)]
    for node in cycles:
        node.me = node
    freeze_long_lived()
    del cycles
    before = gc.get_freeze_count()
    freeze_long_lived()
    assert gc.get_freeze_count() < before - 4000


@pytest.mark.django_db
def test_a_server_process_freezes_each_providers_index_it_builds(settings, unfrozen):
    settings.MAILLAGE_GC_FREEZE = True
    gc.unfreeze()
    engine_records.provider_index(("93",))
    assert gc.get_freeze_count() > 0


@pytest.mark.django_db
def test_index_versions_are_read_at_most_once_per_window(settings, django_assert_num_queries):
    settings.MAILLAGE_INDEX_STAMP_SECONDS = 3600
    first = engine_records.provider_index(("93",))
    engine_records.provider_index_bump(["93"])
    with django_assert_num_queries(0):
        assert engine_records.provider_index(("93",)).version == first.version
    settings.MAILLAGE_INDEX_STAMP_SECONDS = 0
    assert engine_records.provider_index(("93",)).version != first.version
