import os
import socket

import pytest
from hypothesis import settings

# CI explores the same examples on every run, so a red build always points at a change in the
# code; local runs (the default profile) keep drawing new examples to find new faults. A fault
# found locally becomes an ``@example`` in its test.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Tests never reach the network; connections to this machine stay allowed."""
    real_connect = socket.socket.connect

    def guarded_connect(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in {"localhost", "::1"} or host.startswith("/")
        ):
            raise RuntimeError(f"Accès réseau interdit pendant les tests : {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    """Rate counters live in the cache, reference lookups in per-process memos, providers in
    the engine's per-process index: none leaks between tests."""
    from django.core.cache import cache

    from maillage.core.memo import clear_memos
    from maillage.families.engine_records import clear_indexes

    cache.clear()
    clear_memos()
    clear_indexes()
    yield
