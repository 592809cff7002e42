"""``allocate`` pauses the cyclic garbage collector during the call and restores it after."""

from __future__ import annotations

import gc
import threading

import pytest
from test_fast_paths import crowded

from maillage.matching import InvalidNeedError, allocate
from maillage.matching.allocation import api
from maillage.matching.builders import need
from maillage.matching.collector import collector_paused


@pytest.fixture(autouse=True)
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_paused_inside_and_restored_after():
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer call still runs
    assert gc.isenabled()


def test_restored_after_an_error():
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_left_off_when_it_was_off():
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_concurrent_calls_share_the_pause():
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with collector_paused():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(5)
    with collector_paused():
        pass
    assert not gc.isenabled()  # the other call has not ended
    release.set()
    thread.join(5)
    assert gc.isenabled()


def test_allocate_runs_with_the_collector_paused(monkeypatch):
    seen: list[bool] = []
    real = api.build

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(api, "build", spy)
    needs, providers = crowded(0, n_needs=40)
    for mode in ("stable", "optimal", "premier_arrive"):
        result = allocate(needs, providers, mode=mode)
        assert result.placed > 0
        assert gc.isenabled()
    assert seen == [False, False, False]


def test_allocate_restores_the_collector_after_invalid_input():
    _, providers = crowded(0, n_needs=1)
    bad = need("bad", "lundi 8:00-17:00", age=-5)
    with pytest.raises(InvalidNeedError):
        allocate([bad], providers, mode="stable")
    assert gc.isenabled()
