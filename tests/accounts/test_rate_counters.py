import pytest
from django.core.management import call_command

from maillage.accounts.models import RateCounter
from maillage.accounts.rate_counters import rate_counter_hit, rate_counters_purge
from maillage.core.management.commands.daily_jobs import DAILY_JOBS

pytestmark = pytest.mark.django_db

NOON = 1_764_849_600.0  # a window boundary for windows of 60 s


def test_each_hit_of_a_key_returns_the_count_of_its_window():
    counts = [rate_counter_hit(key="k", window_seconds=60, now=NOON + i) for i in range(5)]
    assert counts == [1, 2, 3, 4, 5]
    # Another key counts alone; one row per (key, window).
    assert rate_counter_hit(key="other", window_seconds=60, now=NOON) == 1
    assert RateCounter.objects.get(key="k").hits == 5
    assert RateCounter.objects.count() == 2


def test_the_next_window_starts_again_from_one():
    assert rate_counter_hit(key="k", window_seconds=60, now=NOON + 59) == 1
    assert rate_counter_hit(key="k", window_seconds=60, now=NOON + 59.9) == 2
    assert rate_counter_hit(key="k", window_seconds=60, now=NOON + 60) == 1


def test_the_daily_purge_deletes_only_the_ended_windows():
    rate_counter_hit(key="old", window_seconds=60, now=NOON - 120)
    rate_counter_hit(key="current", window_seconds=60, now=NOON)
    assert rate_counters_purge(now=NOON + 1) == 1
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["current"]
    assert ("purge_rate_counters", ()) in DAILY_JOBS
    call_command("purge_rate_counters")  # the real clock: the test rows are long past
    assert not RateCounter.objects.exists()
